//! Whole-form checks: the schema (with every format enforced) on the pruned
//! data, plus the cross-field checks the schema cannot express (a CCCD number
//! against the same person's date of birth and sex). Each error is attached to
//! the visible element that should show it, in form order, so the error
//! summary reads top to bottom like the form.

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

/// Every error of a form, in form order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormErrors {
    items: Vec<FieldError>,
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
    pub fn at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Text> + 'a {
        self.items.iter().filter(move |e| e.path == path).map(|e| &e.message)
    }

    pub fn in_step(&self, step: usize) -> impl Iterator<Item = &FieldError> {
        self.items.iter().filter(move |e| e.step == Some(step))
    }
}

impl Form {
    /// Checks `data` as it would be sealed (see [`Form::prune`]).
    pub fn check(&self, data: &Value, env: &Env<'_>) -> FormErrors {
        let pruned = self.prune(data, env);
        let cx = env.context();
        let mut raw: Vec<(String, Text)> =
            self.schema.validate(&pruned, &cx).into_iter().map(|e| (e.instance_path, e.message)).collect();

        // Visible elements in form order: (data path, step).
        let mut shown: Vec<(String, usize)> = Vec::new();
        let mut cross: Vec<(String, Text)> = Vec::new();
        self.walk(&pruned, env, |inst| {
            let (Some(path), true) = (&inst.path, inst.state.visible) else { return };
            shown.push((path.clone(), inst.step));
            let clean = !raw.iter().any(|(p, _)| p == path || p.starts_with(&format!("{path}/")));
            match inst.element.widget {
                Widget::Cccd if clean => cross.extend(
                    cccd_cross_check(&pruned, path, inst.element.links.as_ref(), env.today)
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

        let mut items: Vec<(usize, FieldError)> = raw
            .into_iter()
            .map(|(path, message)| {
                let (order, at, step) = place(&shown, &path);
                (order, FieldError { path: at, step, message })
            })
            .collect();
        items.sort_by_key(|(order, _)| *order);
        items.dedup_by(|a, b| a.1 == b.1);
        FormErrors { items: items.into_iter().map(|(_, e)| e).collect() }
    }
}

/// Where an error at `path` is shown: its own element, else the first element
/// inside it, else the closest element around it. Returns (form order, path, step).
fn place(shown: &[(String, usize)], path: &str) -> (usize, String, Option<usize>) {
    if let Some(i) = shown.iter().position(|(p, _)| p == path) {
        return (i, shown[i].0.clone(), Some(shown[i].1));
    }
    let inside = format!("{path}/");
    if let Some(i) = shown.iter().position(|(p, _)| p.starts_with(&inside)) {
        return (i, shown[i].0.clone(), Some(shown[i].1));
    }
    let around = shown
        .iter()
        .enumerate()
        .filter(|(_, (p, _))| path.starts_with(&format!("{p}/")))
        .max_by_key(|(_, (p, _))| p.len());
    match around {
        Some((i, (p, step))) => (i, p.clone(), Some(*step)),
        None => (usize::MAX, path.to_owned(), None),
    }
}

/// A ward must exist and belong to the chosen province (when the units are loaded).
fn address_check(data: &Value, path: &str, env: &Env<'_>) -> Option<Text> {
    let book = env.addresses?;
    let addr = pointer::get(data, path)?;
    let province = addr.get("province").and_then(Value::as_str)?;
    let ward = addr.get("ward").and_then(Value::as_str)?;
    crate::vn::check_address(book, province, ward).err()
}

fn cccd_cross_check(data: &Value, path: &str, links: Option<&crate::catalog::Links>, today: Date) -> Vec<Text> {
    let Some(number) = pointer::get(data, path).and_then(Value::as_str) else { return Vec::new() };
    let Ok(id) = cccd::validate(number, Some(today)) else { return Vec::new() };
    let Some(links) = links else { return Vec::new() };
    let text_at = |p: &Option<String>| p.as_deref().and_then(|p| pointer::get(data, p)).and_then(Value::as_str);
    let birth = text_at(&links.birth_date).and_then(Date::parse_iso);
    let sex = text_at(&links.sex).and_then(cccd::Sex::parse);
    cccd::cross_check(&id, birth, sex)
}
