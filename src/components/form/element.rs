//! One catalog element → its widget, behind its rule: hidden elements are not
//! rendered at all, disabled ones are rendered but cannot be changed.

use leptos::prelude::*;
use tokhai_core::catalog::{Element, Widget};
use tokhai_core::form::child_ptr;
use tokhai_core::pointer;

use super::address::AddressField;
use super::choice::{CheckboxField, MultiselectField, RadioField, SelectField};
use super::files::FilesField;
use super::repeat::RepeatField;
use super::text_input::TextField;
use super::use_form;
use crate::i18n::use_lang;

/// A list of sibling elements (a step's, a group's, or a repeat item's).
#[component]
pub fn Elements(
    elements: Vec<Element>,
    parent_ui: String,
    base: String,
    #[prop(into)] enabled: Signal<bool>,
) -> impl IntoView {
    elements
        .into_iter()
        .enumerate()
        .map(|(j, el)| view! { <ElementView el=el ui=child_ptr(&parent_ui, j) base=base.clone() parent_enabled=enabled/> })
        .collect_view()
}

#[component]
fn ElementView(el: Element, ui: String, base: String, parent_enabled: Signal<bool>) -> impl IntoView {
    let ctx = use_form();
    let state = if el.rule.is_some() {
        let (el, ui, base) = (el.clone(), ui.clone(), base.clone());
        Signal::derive(move || {
            ctx.data.with(|d| ctx.form.with_value(|f| f.rule_state(&ui, &el, &base, d, &ctx.env().context())))
        })
    } else {
        Signal::stored(tokhai_core::form::RuleState::SHOWN)
    };
    let visible = Memo::new(move |_| state.get().visible);
    let enabled = Signal::derive(move || parent_enabled.get() && state.get().enabled);
    let el = StoredValue::new(el);
    let (ui, base) = (StoredValue::new(ui), StoredValue::new(base));
    move || visible.get().then(|| widget(el.get_value(), ui.get_value(), base.get_value(), enabled))
}

fn widget(el: Element, ui: String, base: String, enabled: Signal<bool>) -> AnyView {
    let path = el.scope.as_deref().map(|s| pointer::join(&base, s)).unwrap_or_default();
    match el.widget {
        Widget::Text | Widget::Textarea | Widget::Number | Widget::Date | Widget::Cccd | Widget::Phone | Widget::TaxCode => {
            view! { <TextField el=el path=path enabled=enabled/> }.into_any()
        }
        Widget::Select => view! { <SelectField el=el path=path enabled=enabled/> }.into_any(),
        Widget::Radio => view! { <RadioField el=el path=path enabled=enabled/> }.into_any(),
        Widget::Checkbox => view! { <CheckboxField el=el path=path enabled=enabled/> }.into_any(),
        Widget::Multiselect => view! { <MultiselectField el=el path=path enabled=enabled/> }.into_any(),
        Widget::Address => view! { <AddressField el=el path=path enabled=enabled/> }.into_any(),
        Widget::Repeat => view! { <RepeatField el=el ui=ui path=path enabled=enabled/> }.into_any(),
        Widget::Group => {
            let lang = use_lang();
            let label = el.label.clone();
            let help = el.help.clone();
            view! {
                <fieldset class="fieldset group">
                    <legend class="legend legend-group">{move || label.get(lang.get()).to_owned()}</legend>
                    {help.map(|h| view! { <p class="hint">{move || h.get(lang.get()).to_owned()}</p> })}
                    <Elements elements=el.elements parent_ui=ui base=base enabled=enabled/>
                </fieldset>
            }
            .into_any()
        }
        Widget::File => {
            let ctx = use_form();
            let slot = el.document.as_deref().and_then(|id| {
                ctx.form.with_value(|f| f.procedure.documents.iter().find(|d| d.id == id).cloned())
            });
            slot.map(|slot| view! { <FilesField document=slot/> }.into_any()).unwrap_or_else(|| ().into_any())
        }
    }
}
