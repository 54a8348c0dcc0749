//! Choices: select, radio buttons, a single checkbox, and multi-select as a
//! group of checkboxes. Options come from the element's `options`, else from
//! the schema's `enum`; values keep their JSON type.

use leptos::prelude::*;
use serde_json::Value;
use tokhai_core::catalog::{Choice, Element};
use tokhai_core::i18n::Text;

use super::field::{error_view, hint_view, label_view, FieldIds};
use super::use_form;
use crate::i18n::{tr, use_lang, Ui};

const CHOOSE: Ui = ("— Chọn —", "— Choose —");

/// The element's options, or the schema's `enum` values labelled by themselves.
fn options(el: &Element, path: &str) -> Vec<Choice> {
    if !el.options.is_empty() {
        return el.options.clone();
    }
    let ctx = use_form();
    let facts = ctx.form.with_value(|f| f.schema().facts_at(&ctx.data.get_untracked(), path, &ctx.env().context()));
    let values = if el.widget == tokhai_core::catalog::Widget::Multiselect {
        ctx.form.with_value(|f| {
            f.schema().facts_at(&ctx.data.get_untracked(), &format!("{path}/0"), &ctx.env().context()).enumeration
        })
    } else {
        facts.enumeration
    };
    values
        .unwrap_or_default()
        .into_iter()
        .map(|v| {
            let label = match &v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Choice { value: v, label: Text::new(label, "") }
        })
        .collect()
}

#[component]
pub fn SelectField(el: Element, path: String, #[prop(into)] enabled: Signal<bool>) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let ids = FieldIds::new(&path, &el);
    let opts = StoredValue::new(options(&el, &path));
    let has_error = {
        let path = path.clone();
        Memo::new(move |_| !ctx.shown_errors(&path).is_empty())
    };
    let selected = {
        let path = path.clone();
        move || {
            let v = ctx.value(&path);
            opts.with_value(|o| o.iter().position(|c| Some(&c.value) == v.as_ref())).map_or(String::new(), |i| i.to_string())
        }
    };
    let on_change = {
        let path = path.clone();
        move |ev: leptos::ev::Event| {
            let picked = event_target_value(&ev).parse::<usize>().ok();
            let value = picked.and_then(|i| opts.with_value(|o| o.get(i).map(|c| c.value.clone())));
            ctx.set(&path, value);
            ctx.touch(&path);
        }
    };
    let described = {
        let ids = ids.clone();
        move || ids.described_by(has_error.get())
    };
    view! {
        <div class="field" class:field-has-error=move || has_error.get()>
            <label class="label" for=ids.id.clone()>{label_view(&el, &path)}</label>
            {hint_view(&el, &ids)}
            {error_view(&path, &ids)}
            <select id=ids.id.clone() class="select" prop:value=selected on:change=on_change
                aria-describedby=described aria-invalid=move || has_error.get().to_string()
                disabled=move || !enabled.get()>
                <option value="">{move || tr(lang.get(), CHOOSE)}</option>
                {opts.with_value(|o| o.iter().enumerate().map(|(i, c)| {
                    let label = c.label.clone();
                    view! { <option value=i.to_string()>{move || label.get(lang.get()).to_owned()}</option> }
                }).collect_view())}
            </select>
        </div>
    }
}

#[component]
pub fn RadioField(el: Element, path: String, #[prop(into)] enabled: Signal<bool>) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let ids = FieldIds::new(&path, &el);
    let opts = options(&el, &path);
    let has_error = {
        let path = path.clone();
        Memo::new(move |_| !ctx.shown_errors(&path).is_empty())
    };
    let described = {
        let ids = ids.clone();
        move || ids.described_by(has_error.get())
    };
    let radios = opts
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let id = format!("{}-{i}", ids.id);
            let (path_checked, path_change) = (path.clone(), path.clone());
            let (value_checked, value_change) = (c.value.clone(), c.value.clone());
            let label = c.label.clone();
            view! {
                <div class="choice">
                    <input type="radio" class="choice-input" id=id.clone() name=ids.id.clone()
                        prop:checked=move || ctx.value(&path_checked).as_ref() == Some(&value_checked)
                        disabled=move || !enabled.get()
                        on:change=move |_| {
                            ctx.set(&path_change, Some(value_change.clone()));
                            ctx.touch(&path_change);
                        }/>
                    <label class="choice-label" for=id>{move || label.get(lang.get()).to_owned()}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="field" class:field-has-error=move || has_error.get()>
            // The first radio carries the field id, so the error summary can focus it.
            <fieldset class="fieldset" aria-describedby=described id=ids.id.clone()>
                <legend class="legend">{label_view(&el, &path)}</legend>
                {hint_view(&el, &ids)}
                {error_view(&path, &ids)}
                <div class="choices">{radios}</div>
            </fieldset>
        </div>
    }
}

#[component]
pub fn CheckboxField(el: Element, path: String, #[prop(into)] enabled: Signal<bool>) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let ids = FieldIds::new(&path, &el);
    let has_error = {
        let path = path.clone();
        Memo::new(move |_| !ctx.shown_errors(&path).is_empty())
    };
    let described = {
        let ids = ids.clone();
        move || ids.described_by(has_error.get())
    };
    let label = el.label.clone();
    let (path_checked, path_change) = (path.clone(), path.clone());
    view! {
        <div class="field" class:field-has-error=move || has_error.get()>
            {hint_view(&el, &ids)}
            {error_view(&path, &ids)}
            <div class="choice">
                <input type="checkbox" class="choice-input" id=ids.id.clone()
                    aria-describedby=described aria-invalid=move || has_error.get().to_string()
                    prop:checked=move || ctx.value(&path_checked) == Some(Value::Bool(true))
                    disabled=move || !enabled.get()
                    on:change=move |ev| {
                        ctx.set(&path_change, Some(Value::Bool(event_target_checked(&ev))));
                        ctx.touch(&path_change);
                    }/>
                <label class="choice-label" for=ids.id.clone()>{move || label.get(lang.get()).to_owned()}</label>
            </div>
        </div>
    }
}

#[component]
pub fn MultiselectField(el: Element, path: String, #[prop(into)] enabled: Signal<bool>) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let ids = FieldIds::new(&path, &el);
    let opts = options(&el, &path);
    let has_error = {
        let path = path.clone();
        Memo::new(move |_| !ctx.shown_errors(&path).is_empty())
    };
    let described = {
        let ids = ids.clone();
        move || ids.described_by(has_error.get())
    };
    let boxes = opts
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let id = if i == 0 { ids.id.clone() } else { format!("{}-{i}", ids.id) };
            let (path_checked, path_change) = (path.clone(), path.clone());
            let (value_checked, value_change) = (c.value.clone(), c.value.clone());
            let label = c.label.clone();
            view! {
                <div class="choice">
                    <input type="checkbox" class="choice-input" id=id.clone()
                        prop:checked=move || ctx.value(&path_checked).and_then(|v| v.as_array().map(|a| a.contains(&value_checked))).unwrap_or(false)
                        disabled=move || !enabled.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let mut list = ctx.value_untracked(&path_change).and_then(|v| v.as_array().cloned()).unwrap_or_default();
                            list.retain(|v| v != &value_change);
                            if on {
                                list.push(value_change.clone());
                            }
                            ctx.set(&path_change, (!list.is_empty()).then_some(Value::Array(list)));
                            ctx.touch(&path_change);
                        }/>
                    <label class="choice-label" for=id>{move || label.get(lang.get()).to_owned()}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="field" class:field-has-error=move || has_error.get()>
            <fieldset class="fieldset" aria-describedby=described>
                <legend class="legend">{label_view(&el, &path)}</legend>
                {hint_view(&el, &ids)}
                {error_view(&path, &ids)}
                <div class="choices">{boxes}</div>
            </fieldset>
        </div>
    }
}
