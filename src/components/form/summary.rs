//! The error summary at the top of a step (the GOV.UK pattern): shown when the
//! citizen tries to go on with mistakes, focused so screen readers announce
//! it, each message a link that moves focus to the field.

use leptos::prelude::*;
use tokhai_core::i18n::Text;

use crate::i18n::{tr, use_lang, Ui};

const TITLE: Ui = ("Có thông tin cần sửa", "There is a problem");

/// One line of the summary: the control to focus, the field's label and the message.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryItem {
    /// Id of the control to focus.
    pub target: String,
    /// The step the control is on (`None`: the current screen).
    pub step: Option<usize>,
    pub label: Text,
    pub message: Text,
}

#[component]
pub fn ErrorSummary(#[prop(into)] items: Signal<Vec<SummaryItem>>, node_ref: NodeRef<leptos::html::Div>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" node_ref=node_ref>
            <h2 class="error-summary-title" id="error-summary-title">{move || tr(lang.get(), TITLE)}</h2>
            <ul class="error-summary-list">
                {move || items.get().into_iter().map(|item| {
                    let target = item.target.clone();
                    let href = format!("#{}", item.target);
                    view! {
                        <li>
                            <a href=href on:click=move |ev| {
                                ev.prevent_default();
                                focus_field(&target);
                            }>
                                {move || format!("{}: {}", item.label.get(lang.get()), item.message.get(lang.get()))}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// Focuses the control with `id`, or the first control inside it (a fieldset
/// of radio buttons, an address), and scrolls it into view.
pub fn focus_field(id: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(el) = doc.get_element_by_id(id) else { return };
    let target = match el.tag_name().as_str() {
        "INPUT" | "SELECT" | "TEXTAREA" => Some(el),
        _ => el.query_selector("input, select, textarea").ok().flatten(),
    };
    if let Some(t) = target.and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok()) {
        t.scroll_into_view();
        let _ = t.focus();
    }
}
