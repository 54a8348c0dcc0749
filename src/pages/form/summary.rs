//! The error summary's contents for a screen, and marking a screen's fields
//! as touched so their errors show.

use tokhai_core::catalog::Widget;
use tokhai_core::filing::FilingRule;
use tokhai_core::form::documents::check_slot;
use tokhai_core::form::Form;
use tokhai_core::i18n::{Lang, Text};
use leptos::prelude::*;
use tokhai_core::pointer;

use super::screens::{unplaced_documents, Screen};
use super::{filing_field_id, Filing, DELIVERY, WHERE};
use crate::components::form::{field_id, slot_id, FormCtx, SummaryItem};

const DELIVERY_REQUIRED: (&str, &str) = ("Hãy chọn cách nhận kết quả", "Choose how to receive the result");

/// Marks every field of a screen as touched, so their errors show.
pub fn touch_screen(ctx: FormCtx, screen: Screen) {
    let env = ctx.env();
    let mut paths: Vec<String> = Vec::new();
    ctx.data.with_untracked(|d| {
        ctx.form.with_value(|f| {
            f.walk(d, &env, |inst| {
                let on_screen = matches!(screen, Screen::Catalog(i) if inst.step == i) || screen == Screen::Review;
                if on_screen && inst.state.visible {
                    if let Some(p) = &inst.path {
                        paths.push(p.clone());
                    }
                    if let Some(doc) = &inst.element.document {
                        paths.push(format!("/documents/{doc}"));
                    }
                }
            });
            if matches!(screen, Screen::Attachments | Screen::Review) {
                paths.extend(unplaced_documents(f).into_iter().map(|d| format!("/documents/{d}")));
            }
        })
    });
    ctx.touched.update(|t| t.extend(paths));
}

/// The error summary for a screen: the form's errors on that step, plus
/// document slots short of files, plus (on review) everything else.
pub fn summary_items(ctx: FormCtx, filing: Filing, screen: Screen) -> Vec<SummaryItem> {
    let env = ctx.env();
    let errors = ctx.errors.get();
    let data = ctx.data.get();
    let files = ctx.files.get();
    ctx.form.with_value(|f| {
        // Labels of the visible elements, with the repeat item they belong to.
        let mut labels: Vec<(String, Text)> = Vec::new();
        let mut slots_on: Vec<(usize, String)> = Vec::new();
        f.walk(&data, &env, |inst| {
            if !inst.state.visible {
                return;
            }
            if let Some(p) = &inst.path {
                labels.push((p.clone(), item_prefixed(f, &inst.base, &inst.element.label)));
            }
            if let Some(doc) = &inst.element.document {
                slots_on.push((inst.step, doc.clone()));
            }
        });
        let label_of = |path: &str| labels.iter().find(|(p, _)| p == path).map(|(_, l)| l.clone()).unwrap_or_default();
        let mut items: Vec<SummaryItem> = errors
            .iter()
            .filter(|e| match screen {
                Screen::Catalog(i) => e.step == Some(i),
                Screen::Attachments => false,
                Screen::Review => true,
            })
            .map(|e| SummaryItem { target: field_id(&e.path), label: label_of(&e.path), message: e.message.clone(), step: e.step })
            .collect();
        let unplaced = unplaced_documents(f);
        let attachments_step = f.procedure.ui.steps.len();
        for slot in &f.procedure.documents {
            let step = slots_on.iter().find(|(_, d)| *d == slot.id).map(|(s, _)| *s);
            let here = match screen {
                Screen::Catalog(i) => step == Some(i),
                Screen::Attachments => unplaced.contains(&slot.id),
                Screen::Review => step.is_some() || unplaced.contains(&slot.id),
            };
            if !here {
                continue;
            }
            if let Err(message) = check_slot(slot, files.get(&slot.id).map_or(0, Vec::len)) {
                items.push(SummaryItem {
                    target: slot_id(&slot.id),
                    label: slot.name.clone(),
                    message,
                    step: step.or(Some(attachments_step)),
                });
            }
        }
        if screen == Screen::Review {
            // Where to file: the first choice the procedure's filing rule
            // requires and the citizen has not made (none for central-level ones).
            filing.track();
            if let Some(field) = FilingRule::of(&f.procedure).missing(&filing.data()) {
                items.push(SummaryItem {
                    target: filing_field_id(field).into(),
                    label: Text::new(WHERE.0, WHERE.1),
                    message: field.required_message(),
                    step: None,
                });
            }
            if filing.delivery.with(Option::is_none) {
                items.push(SummaryItem {
                    target: "filing-delivery-0".into(),
                    label: Text::new(DELIVERY.0, DELIVERY.1),
                    message: Text::new(DELIVERY_REQUIRED.0, DELIVERY_REQUIRED.1),
                    step: None,
                });
            }
        }
        items
    })
}

/// "Thành viên 2: Họ và tên" for a field inside a repeat item.
pub fn item_prefixed(form: &Form, base: &str, label: &Text) -> Text {
    if base.is_empty() {
        return label.clone();
    }
    let Some((array, index)) = pointer::split_last(base) else { return label.clone() };
    let n = index.parse::<usize>().map_or(0, |i| i + 1);
    let item = repeat_item_label(form, array).unwrap_or_default();
    Text::new(format!("{} {n}: {}", item.vi, label.vi), format!("{} {n}: {}", item.get(Lang::En), label.get(Lang::En)))
}

fn repeat_item_label(form: &Form, array_path: &str) -> Option<Text> {
    fn find(els: &[tokhai_core::catalog::Element], base: &str, target: &str) -> Option<Text> {
        for e in els {
            if e.widget == Widget::Repeat && e.scope.as_deref().map(|s| pointer::join(base, s)).as_deref() == Some(target) {
                return Some(e.item_label.clone().unwrap_or_else(|| e.label.clone()));
            }
            if e.widget == Widget::Group {
                if let Some(t) = find(&e.elements, base, target) {
                    return Some(t);
                }
            }
        }
        None
    }
    form.procedure.ui.steps.iter().find_map(|s| find(&s.elements, "", array_path))
}

