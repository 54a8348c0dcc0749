//! Whole-form checks: the schema (with every format enforced) on the pruned
//! data, plus the cross-field checks the schema cannot express (a CCCD number
//! against the same person's date of birth and sex). Each error is attached to
//! the visible element that should show it, in form order, so the error
//! summary reads top to bottom like the form.

use std::collections::HashMap;

use serde_json::Value;

use crate::catalog::Widget;
use crate::date::Date;
use crate::i18n::Text;
use crate::pointer;
use crate::vn::cccd;

use super::{Env, Form};

/// One message, on one element.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// Data path of the element that shows the error (not always the exact
    /// path the validator reported: a missing object's error shows on its first field).
    pub path: String,
    /// Step of that element; `None` if no element edits that place (a catalog mistake).
    pub step: Option<usize>,
    pub message: Text,
}

/// Every error of a form, in form order, indexed by the element that shows it
/// (each field asks for its own errors on every change: that must not scan them all).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormErrors {
    items: Vec<FieldError>,
    by_path: HashMap<String, Vec<usize>>,
}

impl FormErrors {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.items.iter()
    }

    /// Messages shown on the element whose value lives at `path`.
    pub fn at<'a>(&'a self, path: &str) -> impl Iterator<Item = &'a Text> + 'a {
        self.by_path.get(path).into_iter().flatten().map(|&i| &self.items[i].message)
    }

    fn new(items: Vec<FieldError>) -> FormErrors {
        let mut by_path: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in items.iter().enumerate() {
            by_path.entry(e.path.clone()).or_default().push(i);
        }
        FormErrors { items, by_path }
    }

    pub fn in_step(&self, step: usize) -> impl Iterator<Item = &FieldError> {
        self.items.iter().filter(move |e| e.step == Some(step))
    }
}

impl Form {
    /// Checks `data` as it would be sealed (see [`Form::prune`]).
    pub fn check(&self, data: &Value, env: &Env<'_>) -> FormErrors {
        let pruned = self.prune(data, env);
        let mut raw = self.schema_errors(&pruned, env);

        // Visible elements in form order: (data path, step, widget).
        let mut shown: Vec<(String, usize, Widget)> = Vec::new();
        let mut cross: Vec<(String, Text)> = Vec::new();
        // Cross-checks only where the schema found nothing wrong already.
        let has_error = |path: &str| raw.iter().any(|(p, _)| p.starts_with(path) && matches!(p.as_bytes().get(path.len()), None | Some(b'/')));
        self.walk(&pruned, env, |inst| {
            let (Some(path), true) = (&inst.path, inst.state.visible) else { return };
            shown.push((path.clone(), inst.step, inst.element.widget));
            let checked = matches!(inst.element.widget, Widget::Cccd | Widget::Address);
            let clean = checked && !has_error(path);
            match inst.element.widget {
                Widget::Cccd if clean => cross.extend(
                    cccd_cross_check(&pruned, path, inst.element.scope.as_deref(), inst.element.links.as_ref(), env.today)
                        .into_iter()
                        .map(|m| (path.clone(), m)),
                ),
                Widget::Address if clean => {
                    if let Some(m) = address_check(&pruned, path, env) {
                        cross.push((format!("{path}/ward"), m));
                    }
                }
                _ => {}
            }
        });
        raw.extend(cross);

        let index: HashMap<&str, usize> = shown.iter().enumerate().map(|(i, (p, _, _))| (p.as_str(), i)).collect();
        let mut items: Vec<(usize, FieldError)> = raw
            .into_iter()
            .map(|(path, message)| {
                let order = index.get(path.as_str()).copied().or_else(|| place(&shown, &path));
                match order {
                    Some(i) => {
                        let (at, step, widget) = &shown[i];
                        // A checkbox can only be wrong by being left unticked.
                        let message = if *widget == Widget::Checkbox { tick_this_box() } else { message };
                        (i, FieldError { path: at.clone(), step: Some(*step), message })
                    }
                    None => (usize::MAX, FieldError { path, step: None, message }),
                }
            })
            .collect();
        items.sort_by_key(|(order, _)| *order);
        items.dedup_by(|a, b| a.1 == b.1);
        FormErrors::new(items.into_iter().map(|(_, e)| e).collect())
    }
}

impl Form {
    /// Schema errors, with a required object that is missing entirely
    /// reported field by field (as if it were `{}`), so a citizen who skipped
    /// a whole section sees every field to fill, not one "required" line.
    fn schema_errors(&self, pruned: &Value, env: &Env<'_>) -> Vec<(String, Text)> {
        let cx = env.context();
        let mut scaffold = pruned.clone();
        let mut opened: Vec<(String, Text)> = Vec::new();
        for _ in 0..MAX_DEPTH {
            let errors = self.schema.validate(&scaffold, &cx);
            let missing: Vec<(String, Text)> = errors
                .iter()
                .filter(|e| e.keyword == "required" && pointer::get(&scaffold, &e.instance_path).is_none())
                .filter(|e| self.has_elements_inside(&e.instance_path))
                .map(|e| (e.instance_path.clone(), e.message.clone()))
                .collect();
            if missing.is_empty() {
                let mut out: Vec<(String, Text)> =
                    errors.into_iter().map(|e| (e.instance_path, e.message)).collect();
                // An opened object with nothing required inside still counts as missing.
                for (path, message) in opened {
                    let inside = format!("{path}/");
                    if !out.iter().any(|(p, _)| p.starts_with(&inside)) {
                        out.push((path, message));
                    }
                }
                return out;
            }
            for (path, message) in missing {
                pointer::set(&mut scaffold, &path, Value::Object(Default::default()));
                opened.push((path, message));
            }
        }
        self.schema.validate(pruned, &cx).into_iter().map(|e| (e.instance_path, e.message)).collect()
    }
}

/// Objects nest a few levels at most in a form.
const MAX_DEPTH: usize = 6;

/// Where an error at a path no element edits is shown: on the first element
/// inside it (a missing object), else on the closest element around it (a
/// repeat group, an address). Returns the index into `shown`.
fn place(shown: &[(String, usize, Widget)], path: &str) -> Option<usize> {
    let inside = format!("{path}/");
    shown.iter().position(|(p, _, _)| p.starts_with(&inside)).or_else(|| {
        shown
            .iter()
            .enumerate()
            .filter(|(_, (p, _, _))| path.starts_with(p.as_str()) && path.as_bytes().get(p.len()) == Some(&b'/'))
            .max_by_key(|(_, (p, _, _))| p.len())
            .map(|(i, _)| i)
    })
}

fn tick_this_box() -> Text {
    Text::new("Bạn cần đánh dấu vào ô này", "You need to tick this box")
}

/// A ward must exist and belong to the chosen province (when the units are loaded).
fn address_check(data: &Value, path: &str, env: &Env<'_>) -> Option<Text> {
    let book = env.addresses?;
    let addr = pointer::get(data, path)?;
    let province = addr.get("province").and_then(Value::as_str)?;
    let ward = addr.get("ward").and_then(Value::as_str)?;
    crate::vn::check_address(book, province, ward).err()
}

/// `path` is where the number is; `scope`, the element's own scope: inside a
/// repeat item the links, like scopes, are relative to that item.
fn cccd_cross_check(data: &Value, path: &str, scope: Option<&str>, links: Option<&crate::catalog::Links>, today: Date) -> Vec<Text> {
    let Some(number) = pointer::get(data, path).and_then(Value::as_str) else { return Vec::new() };
    let Ok(id) = cccd::validate(number, Some(today)) else { return Vec::new() };
    let Some(links) = links else { return Vec::new() };
    let base = scope.and_then(|s| path.strip_suffix(s)).unwrap_or("");
    let text_at = |p: &Option<String>| p.as_deref().and_then(|p| pointer::get(data, &pointer::join(base, p))).and_then(Value::as_str);
    let birth = text_at(&links.birth_date).and_then(Date::parse_iso);
    let sex = text_at(&links.sex).and_then(cccd::Sex::parse);
    cccd::cross_check(&id, birth, sex)
}
