//! Walking a form's elements with data: which instances exist (repeat groups
//! expand per item), where each one's value lives, and whether rules show,
//! hide, enable or disable it. Visibility is inherited: a hidden group hides
//! everything in it.

use serde_json::Value;

use crate::catalog::{Effect, Element, Widget};
use crate::pointer;
use crate::schema::Context;

use super::{Env, Form};

/// Pointer of step `i` inside the procedure document.
pub fn step_ptr(i: usize) -> String {
    format!("/ui/steps/{i}")
}

/// Pointer of the `j`-th child element of the element or step at `parent`.
pub fn child_ptr(parent: &str, j: usize) -> String {
    format!("{parent}/elements/{j}")
}

/// The effect of an element's rule (and its ancestors') on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleState {
    pub visible: bool,
    pub enabled: bool,
}

impl RuleState {
    pub const SHOWN: RuleState = RuleState { visible: true, enabled: true };

    fn within(self, parent: RuleState) -> RuleState {
        RuleState { visible: self.visible && parent.visible, enabled: self.enabled && parent.enabled }
    }
}

/// One element as it appears in the form for the current data.
#[derive(Clone, Debug)]
pub struct Instance<'f> {
    pub element: &'f Element,
    /// The element's pointer in the procedure (stable across items of a repeat).
    pub ui: String,
    pub step: usize,
    /// The repeat item this instance belongs to ("" outside repeat groups).
    pub base: String,
    /// Absolute data pointer of the element's value (`None` for groups and files).
    pub path: Option<String>,
    pub state: RuleState,
}

impl Form {
    /// The element's own rule state (ancestors not included).
    pub fn rule_state(&self, ui: &str, el: &Element, base: &str, data: &Value, cx: &Context<'_>) -> RuleState {
        let (Some(rule), Some(schema)) = (&el.rule, self.rules.get(ui)) else { return RuleState::SHOWN };
        let target = pointer::join(base, &rule.scope);
        let value = pointer::get(data, &target).unwrap_or(&Value::Null);
        let matches = schema.is_valid(value, cx);
        match rule.effect {
            Effect::Show => RuleState { visible: matches, enabled: true },
            Effect::Hide => RuleState { visible: !matches, enabled: true },
            Effect::Enable => RuleState { visible: true, enabled: matches },
            Effect::Disable => RuleState { visible: true, enabled: !matches },
        }
    }

    /// Calls `f` for every element instance, in form order, hidden ones included
    /// (with `state.visible == false`) so callers can drop their values.
    pub fn walk<'f>(&'f self, data: &Value, env: &Env<'_>, mut f: impl FnMut(&Instance<'f>)) {
        let cx = env.context();
        for (i, step) in self.procedure.ui.steps.iter().enumerate() {
            let ui = step_ptr(i);
            self.walk_list(&step.elements, &ui, i, "", RuleState::SHOWN, data, &cx, &mut f);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn walk_list<'f>(
        &'f self,
        elements: &'f [Element],
        parent_ui: &str,
        step: usize,
        base: &str,
        parent: RuleState,
        data: &Value,
        cx: &Context<'_>,
        f: &mut impl FnMut(&Instance<'f>),
    ) {
        for (j, el) in elements.iter().enumerate() {
            let ui = child_ptr(parent_ui, j);
            let state = self.rule_state(&ui, el, base, data, cx).within(parent);
            let path = el.scope.as_deref().map(|s| pointer::join(base, s));
            let inst = Instance { element: el, ui, step, base: base.to_owned(), path, state };
            f(&inst);
            match el.widget {
                Widget::Group => self.walk_list(&el.elements, &inst.ui, step, base, state, data, cx, f),
                Widget::Repeat => {
                    let path = inst.path.as_deref().unwrap_or_default();
                    let items = pointer::get(data, path).and_then(Value::as_array).map_or(0, Vec::len);
                    for n in 0..items {
                        let item = format!("{path}/{n}");
                        self.walk_list(&el.elements, &inst.ui, step, &item, state, data, cx, f);
                    }
                }
                _ => {}
            }
        }
    }

    /// The step an error at data path `path` belongs to: the step of the element
    /// editing that value, or of the first element inside it (an error on a
    /// missing object), or of the closest enclosing element (a repeat group).
    pub fn step_of(&self, path: &str, data: &Value, env: &Env<'_>) -> Option<usize> {
        self.element_for(path, data, env).map(|(step, _)| step)
    }

    /// The step and data path of the visible element an error at `path` is shown on.
    pub fn element_for(&self, path: &str, data: &Value, env: &Env<'_>) -> Option<(usize, String)> {
        let mut exact = None;
        let mut inside = None;
        let mut enclosing: Option<(usize, String)> = None;
        let prefix = format!("{path}/");
        self.walk(data, env, |inst| {
            let (Some(p), true) = (&inst.path, inst.state.visible) else { return };
            if p == path && exact.is_none() {
                exact = Some((inst.step, p.clone()));
            } else if p.starts_with(&prefix) && inside.is_none() {
                inside = Some((inst.step, p.clone()));
            } else if path.starts_with(&format!("{p}/")) && enclosing.as_ref().is_none_or(|(_, e)| e.len() < p.len()) {
                enclosing = Some((inst.step, p.clone()));
            }
        });
        exact.or(inside).or(enclosing)
    }
}
