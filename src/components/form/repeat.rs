//! Repeat groups (household members, residence history): items added and
//! removed within the schema's minItems/maxItems, each item a fieldset with
//! its own number so labels stay unique ("Thành viên 2: Họ và tên").

use leptos::prelude::*;
use serde_json::Value;
use tokhai_core::catalog::Element;
use tokhai_core::pointer;

use super::element::Elements;
use super::field::{error_view, hint_view, FieldIds};
use super::use_form;
use crate::i18n::{tr, use_lang, Ui};

const ADD: Ui = ("Thêm", "Add");
const REMOVE: Ui = ("Xoá", "Remove");
const NONE_YET: Ui = ("Chưa có mục nào.", "No items yet.");
const AT_MOST: Ui = ("Đã đủ số mục tối đa", "Maximum number of items reached");

#[component]
pub fn RepeatField(el: Element, ui: String, path: String, #[prop(into)] enabled: Signal<bool>) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let ids = FieldIds::new(&path, &el);
    let facts = ctx.form.with_value(|f| f.schema().facts_at(&ctx.data.get_untracked(), &path, &ctx.env().context()));
    let (min, max) = (facts.min_items.unwrap_or(0) as usize, facts.max_items.map(|m| m as usize));
    let count = {
        let path = path.clone();
        Memo::new(move |_| ctx.data.with(|d| pointer::get(d, &path).and_then(Value::as_array).map_or(0, Vec::len)))
    };
    // A group that needs items starts with that many, ready to fill.
    if min > 0 && ctx.value_untracked(&path).is_none() {
        let empty = vec![Value::Object(Default::default()); min];
        ctx.data.update_untracked(|d| {
            pointer::set(d, &path, Value::Array(empty));
        });
    }
    let item_label = el.item_label.clone().unwrap_or_else(|| el.label.clone());
    let item_label = StoredValue::new(item_label);
    let children = StoredValue::new(el.elements.clone());
    let add = {
        let path = path.clone();
        move |_| {
            let n = count.get_untracked();
            ctx.restructure(|d| {
                if pointer::get(d, &path).and_then(Value::as_array).is_none() {
                    pointer::set(d, &path, Value::Array(Vec::new()));
                }
                pointer::set(d, &format!("{path}/{n}"), Value::Object(Default::default()));
            });
            // Move focus to the new item's first control, for keyboard and screen-reader users.
            let first = format!("{}-{n}", ids_item_prefix(&path));
            request_animation_frame(move || focus_first_in(&first));
        }
    };
    let items = {
        let (path, ui) = (path.clone(), ui.clone());
        move || {
            ctx.revision.track();
            let n = count.get();
            (0..n)
                .map(|i| {
                    let item_path = format!("{path}/{i}");
                    let section_id = format!("{}-{i}", ids_item_prefix(&path));
                    let heading = move || format!("{} {}", item_label.with_value(|l| l.get(lang.get()).to_owned()), i + 1);
                    let remove = {
                        let path = path.clone();
                        move |_| {
                            ctx.restructure(|d| {
                                pointer::remove(d, &format!("{path}/{i}"));
                            });
                        }
                    };
                    view! {
                        <fieldset class="repeat-item" id=section_id>
                            <legend class="legend legend-item">{heading}</legend>
                            <Elements elements=children.get_value() parent_ui=ui.clone() base=item_path enabled=enabled/>
                            <button type="button" class="button-secondary button-remove" on:click=remove
                                disabled=move || !enabled.get() || count.get() <= min>
                                {move || format!("{} {}", tr(lang.get(), REMOVE), heading().to_lowercase())}
                            </button>
                        </fieldset>
                    }
                })
                .collect_view()
        }
    };
    let full = move || max.is_some_and(|m| count.get() >= m);
    let label = el.label.clone();
    view! {
        <div class="field repeat" id=ids.id.clone()>
            <h2 class="repeat-title">{move || label.get(lang.get()).to_owned()}</h2>
            {hint_view(&el, &ids)}
            {error_view(&path, &ids)}
            {move || (count.get() == 0).then(|| view! { <p class="hint">{tr(lang.get(), NONE_YET)}</p> })}
            {items}
            <button type="button" class="button-secondary button-add" on:click=add
                disabled=move || !enabled.get() || full()>
                {move || if full() {
                    tr(lang.get(), AT_MOST).to_owned()
                } else {
                    format!("{} {}", tr(lang.get(), ADD), item_label.with_value(|l| l.get(lang.get()).to_lowercase()))
                }}
            </button>
        </div>
    }
}

fn ids_item_prefix(path: &str) -> String {
    format!("{}-item", super::field_id(path))
}

/// Focuses the first form control inside the element with id `container`.
pub fn focus_first_in(container: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(el) = doc.get_element_by_id(container) else { return };
    if let Ok(Some(first)) = el.query_selector("input, select, textarea") {
        if let Ok(html) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(first) {
            let _ = html.focus();
        }
    }
}
