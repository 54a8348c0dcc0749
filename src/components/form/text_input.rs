//! Text-like widgets: text, textarea, number, date, CCCD, phone, tax code.
//! Each keystroke stores the value as typed; leaving the field tidies it
//! (and shows no message: errors show on submit, see `FormCtx::validated`).

use leptos::html;
use leptos::prelude::*;
use tokhai_core::catalog::{Element, Widget};
use tokhai_core::form::value::{from_text, tidy, to_text};
use wasm_bindgen::JsCast;

use super::field::{error_view, hint_view, label_view, FieldIds};
use super::use_form;
use crate::i18n::use_lang;
use crate::perf;

#[component]
pub fn TextField(el: Element, path: String, #[prop(into)] enabled: Signal<bool>) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let widget = el.widget;
    let ids = FieldIds::new(&path, &el);
    let facts = ctx.form.with_value(|f| f.schema().facts_at(&ctx.data.get_untracked(), &path, &ctx.env().context()));
    let integer_only = facts.integer_only();
    let is_email = facts.format.as_deref() == Some("email");
    let has_error = {
        let path = path.clone();
        Memo::new(move |_| !ctx.shown_errors(&path).is_empty())
    };
    let current = {
        let path = path.clone();
        move || {
            ctx.revision.track();
            to_text(widget, ctx.value_untracked(&path).as_ref())
        }
    };
    let on_input = {
        let path = path.clone();
        move |ev: leptos::ev::Event| {
            perf::keystroke_start();
            let text = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).map(|i| i.value())
                .or_else(|| ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()).map(|t| t.value()))
                .unwrap_or_default();
            ctx.set(&path, from_text(widget, &text, integer_only));
            perf::keystroke_end();
        }
    };
    let input_ref = NodeRef::<html::Input>::new();
    let area_ref = NodeRef::<html::Textarea>::new();
    let on_blur = {
        let path = path.clone();
        move |_| {
            if let Some(v) = ctx.value_untracked(&path) {
                let tidied = tidy(widget, &v);
                if tidied.as_ref() != Some(&v) {
                    ctx.set(&path, tidied.clone());
                }
                // Show the value in its canonical form ("18102026" → "18/10/2026").
                let text = to_text(widget, tidied.as_ref());
                if let Some(i) = input_ref.get_untracked().filter(|i| i.value() != text) {
                    i.set_value(&text);
                }
                if let Some(t) = area_ref.get_untracked().filter(|t| t.value() != text) {
                    t.set_value(&text);
                }
            }
        }
    };
    let placeholder = el.placeholder.clone();
    let placeholder = move || placeholder.as_ref().map(|p| p.get(lang.get()).to_owned());
    let described = {
        let ids = ids.clone();
        move || ids.described_by(has_error.get())
    };
    let (input_type, inputmode) = match widget {
        Widget::Text if is_email => ("email", None),
        Widget::Phone => ("tel", None),
        Widget::Number => ("text", Some("decimal")),
        Widget::Date | Widget::Cccd => ("text", Some("numeric")),
        Widget::TaxCode => ("text", Some("tel")),
        _ => ("text", None),
    };
    let id = ids.id.clone();
    let control = if widget == Widget::Textarea {
        view! {
            <textarea id=id class="textarea" rows="4" node_ref=area_ref
                autocomplete="off" spellcheck="false"
                prop:value=current placeholder=placeholder
                aria-describedby=described aria-invalid=move || has_error.get().to_string()
                disabled=move || !enabled.get()
                on:input=on_input on:blur=on_blur></textarea>
        }
        .into_any()
    } else {
        let width = match widget {
            Widget::Date => "input input-date",
            Widget::Cccd | Widget::Phone | Widget::TaxCode | Widget::Number => "input input-short",
            _ => "input",
        };
        view! {
            <input id=id class=width type=input_type inputmode=inputmode node_ref=input_ref
                autocomplete="off" spellcheck="false" autocapitalize=if widget == Widget::Text && !is_email { "words" } else { "off" }
                prop:value=current placeholder=placeholder
                aria-describedby=described aria-invalid=move || has_error.get().to_string()
                disabled=move || !enabled.get()
                on:input=on_input on:blur=on_blur/>
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-has-error=move || has_error.get()>
            <label class="label" for=ids.id.clone()>{label_view(&el, &path)}</label>
            {hint_view(&el, &ids)}
            {error_view(&path, &ids)}
            {control}
        </div>
    }
}
