//! The frame every field shares, in the GOV.UK order: label, hint, error
//! message, control. The control's `aria-describedby` names the hint and the
//! error, so screen readers read them with the field.

use leptos::prelude::*;
use tokhai_core::catalog::Element;

use super::{field_id, use_form};
use crate::i18n::{tr, use_lang, Ui};

pub const OPTIONAL: Ui = ("(không bắt buộc)", "(optional)");
const ERROR_PREFIX: Ui = ("Lỗi:", "Error:");

/// Ids and reactive bits of one field, computed once per field.
#[derive(Clone)]
pub struct FieldIds {
    pub id: String,
    pub hint: Option<String>,
    pub error: String,
}

impl FieldIds {
    pub fn new(path: &str, el: &Element) -> FieldIds {
        let id = field_id(path);
        FieldIds { hint: el.help.as_ref().map(|_| format!("{id}-hint")), error: format!("{id}-error"), id }
    }

    /// `aria-describedby` for the control: the hint, and the error while one is shown.
    pub fn described_by(&self, has_error: bool) -> Option<String> {
        let mut ids: Vec<&str> = self.hint.iter().map(String::as_str).collect();
        if has_error {
            ids.push(&self.error);
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The label text with "(không bắt buộc)" when the field is optional.
pub fn label_view(el: &Element, path: &str) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let label = el.label.clone();
    let path = path.to_owned();
    view! {
        {move || label.get(lang.get()).to_owned()}
        {move || (!ctx.is_required(&path)).then(|| view! { " " <span class="optional">{tr(lang.get(), OPTIONAL)}</span> })}
    }
}

/// The hint paragraph, if the element has help text.
pub fn hint_view(el: &Element, ids: &FieldIds) -> impl IntoView {
    let lang = use_lang();
    let help = el.help.clone();
    let id = ids.hint.clone();
    help.map(|h| view! { <p class="hint" id=id>{move || h.get(lang.get()).to_owned()}</p> })
}

/// The error message(s) shown for the value at `path`.
pub fn error_view(path: &str, ids: &FieldIds) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let path = path.to_owned();
    let id = ids.error.clone();
    move || {
        let errors = ctx.shown_errors(&path);
        (!errors.is_empty()).then(|| {
            let text = errors.iter().map(|e| e.get(lang.get()).to_owned()).collect::<Vec<_>>().join(". ");
            view! {
                <p class="error-message" id=id.clone()>
                    <span class="visually-hidden">{tr(lang.get(), ERROR_PREFIX)} " "</span>{text}
                </p>
            }
        })
    }
}
