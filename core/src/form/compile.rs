//! Compiling a procedure into a [`Form`], and the structural checks that make
//! a catalog mistake an error card naming the JSON pointer, instead of a form
//! that silently misbehaves.

use std::collections::{HashMap, HashSet};

use crate::catalog::{Element, Procedure, Widget};
use crate::pointer;
use crate::schema::{PatternMatcher, Schema, BUILTIN_FORMATS};
use crate::vn;

use super::walk::{child_ptr, step_ptr};

/// A procedure ready to be filled.
#[derive(Clone, Debug)]
pub struct Form {
    pub procedure: Procedure,
    pub(super) schema: Schema,
    /// Compiled rule conditions, keyed by the element's pointer into the procedure
    /// (`/ui/steps/0/elements/3`).
    pub(super) rules: HashMap<String, Schema>,
    /// Every data path that holds fields inside it (objects, repeat items),
    /// with array indices written `*`: "is this missing thing a section?".
    pub(super) containers: HashSet<String>,
}

/// Why a procedure cannot be used: where (a JSON Pointer into the procedure) and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {reason}")]
pub struct FormError {
    pub pointer: String,
    pub reason: String,
}

fn err(pointer: impl Into<String>, reason: impl Into<String>) -> FormError {
    FormError { pointer: pointer.into(), reason: reason.into() }
}

/// Every `format` must be one the app checks: an unknown (or misspelt) name
/// would make its field accept anything, unnoticed.
fn check_formats(schema: &Schema, at: &str) -> Result<(), FormError> {
    for (ptr, name) in schema.formats() {
        if !BUILTIN_FORMATS.contains(&name) && !vn::FORMATS.contains(&name) {
            let known = BUILTIN_FORMATS.iter().chain(vn::FORMATS.iter()).copied().collect::<Vec<_>>().join(", ");
            return Err(err(format!("{at}{ptr}"), format!("unsupported format {name:?} (supported: {known})")));
        }
    }
    Ok(())
}

impl Form {
    pub fn compile(procedure: Procedure, patterns: &dyn PatternMatcher) -> Result<Form, FormError> {
        let schema = Schema::compile_with_patterns(&procedure.schema, patterns)
            .map_err(|e| err(format!("/schema{}", e.pointer()), e.to_string()))?;
        check_formats(&schema, "/schema")?;
        let mut form = Form { procedure, schema, rules: HashMap::new(), containers: HashSet::new() };
        let mut rules = HashMap::new();
        for (i, step) in form.procedure.ui.steps.iter().enumerate() {
            if step.elements.is_empty() {
                return Err(err(format!("/ui/steps/{i}/elements"), "a step has no elements"));
            }
            for (j, el) in step.elements.iter().enumerate() {
                form.check_element(el, &child_ptr(&step_ptr(i), j), "", patterns, &mut rules)?;
            }
        }
        for (member, pointer) in [("subject", &form.procedure.ui.subject), ("requester", &form.procedure.ui.requester)] {
            if let Some(p) = pointer {
                if !form.schema.declares(p) {
                    return Err(err(format!("/ui/{member}"), format!("{p:?} names nothing in the schema")));
                }
            }
        }
        form.rules = rules;
        let mut containers = HashSet::new();
        for step in &form.procedure.ui.steps {
            collect_containers(&step.elements, "", &mut containers);
        }
        form.containers = containers;
        Ok(form)
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    fn check_element(
        &self,
        el: &Element,
        ui: &str,
        base: &str,
        patterns: &dyn PatternMatcher,
        rules: &mut HashMap<String, Schema>,
    ) -> Result<(), FormError> {
        let needs_scope = !matches!(el.widget, Widget::Group | Widget::File);
        match (&el.scope, needs_scope) {
            (None, true) => return Err(err(ui, format!("a {:?} element needs a scope", el.widget))),
            (Some(_), false) => return Err(err(format!("{ui}/scope"), "groups and files have no scope")),
            _ => {}
        }
        let path = el.scope.as_deref().map(|s| pointer::join(base, s));
        if let Some(path) = &path {
            if pointer::parse(path).is_none() || !self.schema.declares(path) {
                let scope = el.scope.as_deref().unwrap_or_default();
                return Err(err(format!("{ui}/scope"), format!("scope {scope:?} names nothing in the schema")));
            }
        }
        if el.widget == Widget::File {
            let doc = el.document.as_deref().ok_or_else(|| err(ui, "a file element needs a document slot"))?;
            if !self.procedure.documents.iter().any(|d| d.id == doc) {
                return Err(err(format!("{ui}/document"), format!("no document slot {doc:?}")));
            }
        }
        if let Some(rule) = &el.rule {
            let target = pointer::join(base, &rule.scope);
            if !self.schema.declares(&target) {
                return Err(err(format!("{ui}/rule/scope"), format!("rule scope {:?} names nothing in the schema", rule.scope)));
            }
            let compiled = Schema::compile_with_patterns(&rule.schema, patterns)
                .map_err(|e| err(format!("{ui}/rule/schema{}", e.pointer()), e.to_string()))?;
            check_formats(&compiled, &format!("{ui}/rule/schema"))?;
            rules.insert(ui.to_owned(), compiled);
        }
        if let Some(links) = &el.links {
            for (name, link) in [("birthDate", &links.birth_date), ("sex", &links.sex)] {
                if let Some(link) = link {
                    // Like scopes: relative to the item inside a repeat, absolute elsewhere.
                    if pointer::parse(link).is_none() || !self.schema.declares(&pointer::join(base, link)) {
                        return Err(err(format!("{ui}/links/{name}"), format!("{link:?} names nothing in the schema")));
                    }
                }
            }
        }
        match el.widget {
            Widget::Group | Widget::Repeat if el.elements.is_empty() => {
                return Err(err(format!("{ui}/elements"), "a group or repeat needs elements"));
            }
            Widget::Repeat => {
                let item = format!("{}/0", path.as_deref().unwrap_or_default());
                for (j, child) in el.elements.iter().enumerate() {
                    self.check_element(child, &child_ptr(ui, j), &item, patterns, rules)?;
                }
            }
            Widget::Group => {
                for (j, child) in el.elements.iter().enumerate() {
                    self.check_element(child, &child_ptr(ui, j), base, patterns, rules)?;
                }
            }
            _ if !el.elements.is_empty() => {
                return Err(err(format!("{ui}/elements"), "only groups and repeats have elements"));
            }
            _ => {}
        }
        Ok(())
    }
}

/// Adds every proper prefix of every element's data path (indices as `*`).
fn collect_containers(elements: &[Element], base: &str, out: &mut HashSet<String>) {
    for el in elements {
        let path = el.scope.as_deref().map(|s| pointer::join(base, s));
        if let Some(p) = &path {
            let mut end = 0;
            while let Some(i) = p[end + 1..].find('/') {
                end += 1 + i;
                out.insert(p[..end].to_owned());
            }
        }
        match el.widget {
            Widget::Group => collect_containers(&el.elements, base, out),
            Widget::Repeat => {
                if let Some(p) = &path {
                    let item = format!("{p}/*");
                    out.insert(item.clone());
                    collect_containers(&el.elements, &item, out);
                }
            }
            _ => {}
        }
    }
}

impl Form {
    /// Whether some element edits a value inside the object at `path`.
    pub(super) fn has_elements_inside(&self, path: &str) -> bool {
        let normalized: String = path
            .split('/')
            .map(|t| if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) { "*" } else { t })
            .collect::<Vec<_>>()
            .join("/");
        self.containers.contains(&normalized)
    }
}

impl std::ops::Deref for Form {
    type Target = Procedure;

    /// A form is its procedure plus what was compiled from it.
    fn deref(&self) -> &Procedure {
        &self.procedure
    }
}
