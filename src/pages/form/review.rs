//! The review screen: every answer by step with a "Sửa" button, where to
//! file, how to receive the result, and what is still missing.

use leptos::prelude::*;
use tokhai_core::catalog::Widget;
use tokhai_core::display;
use tokhai_core::filing::{FilingField, FilingRule, Guidance};
use tokhai_core::form::value::display as display_value;
use tokhai_core::pointer;

use super::summary::{item_prefixed, summary_items};
use super::screens::Screen;
use super::{filing_field_id, Filing, ATTACHMENTS, DELIVERY, WHERE};
use crate::addresses;
use crate::components::form::{address_text, focus_field, use_form};
use crate::i18n::{tr, use_lang, Ui};

const REVIEW_HELP: Ui = (
    "Xem lại các thông tin đã khai. Bấm “Sửa” để thay đổi.",
    "Check your answers. Press “Change” to edit them.",
);
const CHANGE: Ui = ("Sửa", "Change");
const NOT_ANSWERED: Ui = ("Chưa khai", "Not answered");
const WHERE_ANY: Ui = (
    "Thủ tục này nộp được tại bất kỳ xã, phường nào. Chọn nơi thuận tiện cho bạn.",
    "This procedure can be filed at any ward. Choose the one convenient for you.",
);
const WHERE_RESIDENCE: Ui = (
    "Chọn xã, phường nơi bạn cư trú (nơi có thẩm quyền giải quyết).",
    "Choose the ward where you reside (the competent office).",
);
const WHERE_ANY_PROVINCE: Ui = (
    "Thủ tục này nộp được tại bất kỳ tỉnh, thành phố nào. Chọn nơi thuận tiện cho bạn.",
    "This procedure can be filed in any province. Choose the one convenient for you.",
);
const WHERE_RESIDENCE_PROVINCE: Ui = (
    "Chọn tỉnh, thành phố nơi bạn cư trú (nơi có thẩm quyền giải quyết).",
    "Choose the province where you reside (the competent office).",
);
const WHERE_CENTRAL: Ui = (
    "Thủ tục này do cơ quan trung ương giải quyết, không cần chọn nơi nộp. Hồ sơ được gửi đến:",
    "A central agency handles this procedure: there is nothing to choose. The dossier goes to:",
);
const PROVINCE: Ui = ("Tỉnh, thành phố nhận hồ sơ", "Receiving province or city");
const WARD: Ui = ("Xã, phường nhận hồ sơ", "Receiving ward or commune");
const CHOOSE: Ui = ("— Chọn —", "— Choose —");
const COMPLETE: Ui = ("Hồ sơ đã đủ thông tin để nộp.", "The dossier is complete and ready to file.");
const INCOMPLETE: Ui = ("Hồ sơ còn thông tin cần sửa hoặc bổ sung:", "Some answers still need fixing or adding:");
const FILLED: Ui = ("Đã khai", "Completed");
const FILE: Ui = ("Nộp hồ sơ", "File the dossier");
const CONSENT_TITLE: Ui = ("Xác nhận của công dân", "The citizen's confirmation");
const CONSENT_HELP: Ui = (
    "Đọc to câu dưới đây cho công dân nghe. Chỉ đánh dấu khi công dân đồng ý.",
    "Read the sentence below aloud to the citizen. Tick only when the citizen agrees.",
);
const FILING: Ui = ("Đang ký và đóng gói hồ sơ…", "Signing and packing the dossier…");
const FILE_HELP: Ui = (
    "Hồ sơ sẽ được ký số trên máy này và gửi đi ngay khi có mạng. Sau khi nộp, hồ sơ không sửa được nữa.",
    "The dossier is signed on this device and sent as soon as there is a network. Once filed, it can no longer be changed.",
);

#[component]
pub fn Review(filing: Filing, go: Callback<usize>, on_file: Callback<()>) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    addresses::request();
    let book = addresses::book();
    let sections = move || {
        let l = lang.get();
        let data = ctx.data.get();
        let book = book.get();
        let files = ctx.files.get();
        ctx.form.with_value(|f| {
            let mut rows: Vec<Vec<(String, String)>> = vec![Vec::new(); f.procedure.ui.steps.len()];
            f.walk(&data, &ctx.env(), |inst| {
                let (Some(path), true) = (&inst.path, inst.state.visible) else { return };
                let el = inst.element;
                if matches!(el.widget, Widget::Repeat | Widget::Group | Widget::File) {
                    return;
                }
                let label = item_prefixed(f, &inst.base, &el.label).get(l).to_owned();
                let value = match pointer::get(&data, path) {
                    None => tr(l, NOT_ANSWERED).to_owned(),
                    Some(v) if el.widget == Widget::Address => address_text(v, book.as_deref()),
                    Some(v) => display_value(el.widget, &el.options, v, l),
                };
                rows[inst.step].push((label, value));
            });
            let attached: Vec<(String, String)> = f
                .procedure
                .documents
                .iter()
                .map(|d| {
                    let list = files.get(&d.id).map(|v| v.iter().map(|x| x.name.clone()).collect::<Vec<_>>().join(", "));
                    (d.name.get(l).to_owned(), list.filter(|s| !s.is_empty()).unwrap_or_else(|| tr(l, NOT_ANSWERED).to_owned()))
                })
                .collect();
            (f.procedure.ui.steps.iter().map(|s| s.title.get(l).to_owned()).collect::<Vec<_>>(), rows, attached)
        })
    };
    let progress = move || {
        let data = ctx.data.get();
        let errors = ctx.errors.get();
        let files = ctx.files.get();
        ctx.form.with_value(|f| f.progress(&data, &errors, &|slot| files.get(slot).map_or(0, Vec::len), &ctx.env())).percent()
    };
    view! {
        <p class="lead">{move || tr(lang.get(), REVIEW_HELP)}</p>
        <p class="completeness">{move || format!("{}: {} %", tr(lang.get(), FILLED), progress())}</p>
        {move || {
            let (titles, rows, attached) = sections();
            let l = lang.get();
            let steps = titles.into_iter().zip(rows).enumerate().map(|(i, (title, rows))| view! {
                <section class="review-section">
                    <div class="review-head">
                        <h2>{title.clone()}</h2>
                        <button type="button" class="link-button" on:click=move |_| go.run(i)>
                            {tr(l, CHANGE)}<span class="visually-hidden">{format!(" {title}")}</span>
                        </button>
                    </div>
                    <dl class="review-list">
                        {rows.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
                    </dl>
                </section>
            }).collect_view();
            view! {
                {steps}
                {(!attached.is_empty()).then(|| view! {
                    <section class="review-section">
                        <h2>{tr(l, ATTACHMENTS)}</h2>
                        <dl class="review-list">
                            {attached.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
                        </dl>
                    </section>
                })}
            }
        }}
        <FilingChoices filing=filing/>
        <ReviewStatus filing=filing go=go on_file=on_file/>
    }
}

#[component]
fn FilingChoices(filing: Filing) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let book = addresses::book();
    let (rule, agency, options) =
        ctx.form.with_value(|f| (FilingRule::of(&f.procedure), f.procedure.agency.clone(), f.procedure.delivery.clone()));
    // The procedure's filing rule decides what is asked here; sealing and the portal apply the same rule.
    let explain = match rule.guidance() {
        Guidance::AnyWard => WHERE_ANY,
        Guidance::ResidenceWard => WHERE_RESIDENCE,
        Guidance::AnyProvince => WHERE_ANY_PROVINCE,
        Guidance::ResidenceProvince => WHERE_RESIDENCE_PROVINCE,
        Guidance::Central => WHERE_CENTRAL,
    };
    let central = (rule.guidance() == Guidance::Central).then(move || {
        view! { <p><strong>{move || agency.get(lang.get()).to_owned()}</strong></p> }
    });
    let shown = |field| rule.ask(field).shown;
    let provinces = move || {
        book.with(|b| b.as_ref().map(|b| b.provinces().iter().map(|p| (p.code().to_owned(), p.full_name())).collect::<Vec<_>>()).unwrap_or_default())
    };
    let wards = move || {
        let p = filing.province.get();
        book.with(|b| b.as_ref().map(|b| b.wards_of(&p).iter().map(|w| (w.code().to_owned(), w.full_name())).collect::<Vec<_>>()).unwrap_or_default())
    };
    let delivery_radios = options
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let id = format!("filing-delivery-{i}");
            view! {
                <div class="choice">
                    <input type="radio" class="choice-input" id=id.clone() name="filing-delivery"
                        prop:checked=move || filing.delivery.get() == Some(d)
                        on:change=move |_| filing.delivery.set(Some(d))/>
                    <label class="choice-label" for=id>
                        {move || display::delivery(d).get(lang.get()).to_owned()}
                        <span class="choice-hint">{move || display::delivery_explained(d).get(lang.get()).to_owned()}</span>
                    </label>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="review-section">
            <h2>{move || tr(lang.get(), WHERE)}</h2>
            <p class="hint">{move || tr(lang.get(), explain)}</p>
            {central}
            {shown(FilingField::Province).then(|| view! {
                <div class="field">
                    <label class="label" for=filing_field_id(FilingField::Province)>{move || tr(lang.get(), PROVINCE)}</label>
                    <select id=filing_field_id(FilingField::Province) class="select" prop:value=move || filing.province.get()
                        on:change=move |ev| { filing.province.set(event_target_value(&ev)); filing.ward.set(String::new()); }>
                        <option value="">{move || tr(lang.get(), CHOOSE)}</option>
                        {move || provinces().into_iter().map(|(c, n)| {
                            // `selected` per option: the options arrive after the address data loads.
                            let chosen = filing.province.get_untracked() == c;
                            view! { <option value=c selected=chosen>{n}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            {shown(FilingField::Ward).then(|| view! {
                <div class="field">
                    <label class="label" for=filing_field_id(FilingField::Ward)>{move || tr(lang.get(), WARD)}</label>
                    <select id=filing_field_id(FilingField::Ward) class="select" prop:value=move || filing.ward.get()
                        disabled=move || filing.province.with(String::is_empty)
                        on:change=move |ev| filing.ward.set(event_target_value(&ev))>
                        <option value="">{move || tr(lang.get(), CHOOSE)}</option>
                        {move || wards().into_iter().map(|(c, n)| {
                            let chosen = filing.ward.get_untracked() == c;
                            view! { <option value=c selected=chosen>{n}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
        </section>
        <section class="review-section">
            <fieldset class="fieldset">
                <legend class="legend legend-section">{move || tr(lang.get(), DELIVERY)}</legend>
                <div class="choices">{delivery_radios}</div>
            </fieldset>
        </section>
    }
}

/// Whether the dossier can be filed; what is missing otherwise, each a link
/// to the step (and field) to fix.
#[component]
fn ReviewStatus(filing: Filing, go: Callback<usize>, on_file: Callback<()>) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let items = Memo::new(move |_| summary_items(ctx, filing, Screen::Review));
    move || {
        let l = lang.get();
        if items.with(Vec::is_empty) {
            let status = expect_context::<super::FilingStatus>();
            let consent = crate::operator::settings().get().map(|o| {
                let text = ctx.data.with(|d| ctx.form.with_value(|f| super::consent_for(f, d, &o)));
                view! {
                    <div class="consent">
                        <h2>{tr(l, CONSENT_TITLE)}</h2>
                        <p class="hint">{tr(l, CONSENT_HELP)}</p>
                        <div class="choice">
                            <input type="checkbox" class="choice-input" id="consent"
                                prop:checked=move || status.consent_at.get().is_some()
                                on:change=move |ev| status.consent_at.set(event_target_checked(&ev).then(|| tokhai_core::time::Instant(js_sys::Date::now() as i64)))/>
                            <label class="choice-label consent-text" for="consent" lang="vi">{text}</label>
                        </div>
                    </div>
                }
            });
            return view! {
                <p class="status-ok" role="status">{tr(l, COMPLETE)}</p>
                {consent}
                <p class="hint">{tr(l, FILE_HELP)}</p>
                {move || status.error.get().map(|e| view! { <p class="error-summary" role="alert" tabindex="-1">{e.get(lang.get()).to_owned()}</p> })}
                <p>
                    <button type="button" class="button button-primary button-file" on:click=move |_| on_file.run(())
                        disabled=move || status.busy.get()>
                        {move || if status.busy.get() { tr(lang.get(), FILING) } else { tr(lang.get(), FILE) }}
                    </button>
                </p>
            }
            .into_any();
        }
        view! {
            <div class="review-missing">
                <p><strong>{tr(l, INCOMPLETE)}</strong></p>
                <ul class="error-summary-list">
                    {items.get().into_iter().map(|item| {
                        let target = item.target.clone();
                        let step = item.step;
                        view! {
                            <li><a href=format!("#{}", item.target) on:click=move |ev| {
                                ev.prevent_default();
                                let target = target.clone();
                                match step {
                                    Some(s) => {
                                        go.run(s);
                                        // Focus once the step has rendered.
                                        request_animation_frame(move || request_animation_frame(move || focus_field(&target)));
                                    }
                                    None => focus_field(&target),
                                }
                            }>{format!("{}: {}", item.label.get(l), item.message.get(l))}</a></li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any()
    }
}
