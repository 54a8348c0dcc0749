//! The form page: one step per screen on a phone, a progress indicator,
//! "Tiếp tục" that shows an error summary instead of moving on while the step
//! has mistakes, an attachments step for documents not placed on a step, and
//! a review step listing every answer.
//!
//! The step is in the URL (`?buoc=2`), so the phone's back button goes back a step.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use serde_json::Value;
use tokhai_core::catalog::{Delivery, Level, Widget};
use tokhai_core::date::Date;
use tokhai_core::display;
use tokhai_core::form::documents::check_slot;
use tokhai_core::form::value::display as display_value;
use tokhai_core::form::Form;
use tokhai_core::i18n::{Lang, Text};
use tokhai_core::pointer;
use tokhai_core::time::Instant;

use crate::addresses;
use crate::catalog_state::use_catalog;
use crate::components::form::{
    address_text, field_id, focus_field, slot_id, use_form, Elements, ErrorSummary, FilesField, FormCtx, SummaryItem,
};
use crate::i18n::{self, tr, use_lang, Ui};

const STEP_OF: Ui = ("Bước", "Step");
const OF: Ui = ("trên", "of");
const NEXT: Ui = ("Tiếp tục", "Continue");
const BACK: Ui = ("Quay lại", "Back");
const ATTACHMENTS: Ui = ("Giấy tờ kèm theo", "Supporting documents");
const ATTACHMENTS_HELP: Ui = (
    "Chụp ảnh rõ nét hoặc chọn tệp có sẵn cho từng giấy tờ dưới đây.",
    "Take a clear photo or choose an existing file for each document below.",
);
const REVIEW: Ui = ("Kiểm tra và nộp hồ sơ", "Check and submit");
const REVIEW_HELP: Ui = (
    "Xem lại các thông tin đã khai. Bấm “Sửa” để thay đổi.",
    "Check your answers. Press “Change” to edit them.",
);
const CHANGE: Ui = ("Sửa", "Change");
const NOT_ANSWERED: Ui = ("Chưa khai", "Not answered");
const WHERE: Ui = ("Nơi nộp hồ sơ", "Where to file");
const WHERE_ANY: Ui = (
    "Thủ tục này nộp được tại bất kỳ xã, phường nào. Chọn nơi thuận tiện cho bạn.",
    "This procedure can be filed at any ward. Choose the one convenient for you.",
);
const WHERE_RESIDENCE: Ui = (
    "Chọn xã, phường nơi bạn cư trú (nơi có thẩm quyền giải quyết).",
    "Choose the ward where you reside (the competent office).",
);
const WHERE_PROVINCE: Ui = ("Chọn tỉnh, thành phố nơi nộp hồ sơ.", "Choose the province where you file.");
const WHERE_CENTRAL: Ui = ("Hồ sơ được gửi đến cơ quan trung ương giải quyết thủ tục này.", "The dossier goes to the central agency.");
const PROVINCE: Ui = ("Tỉnh, thành phố nhận hồ sơ", "Receiving province or city");
const WARD: Ui = ("Xã, phường nhận hồ sơ", "Receiving ward or commune");
const CHOOSE: Ui = ("— Chọn —", "— Choose —");
const DELIVERY: Ui = ("Cách nhận kết quả", "How to receive the result");
const COMPLETE: Ui = ("Hồ sơ đã đủ thông tin để nộp.", "The dossier is complete and ready to file.");
const INCOMPLETE: Ui = ("Hồ sơ còn thông tin cần sửa hoặc bổ sung:", "Some answers still need fixing or adding:");
const FILLED: Ui = ("Đã khai", "Completed");
const LOADING_FORM: Ui = ("Đang tải tờ khai…", "Loading the form…");
const NOT_FOUND: Ui = ("Không tìm thấy thủ tục này.", "This procedure was not found.");
const BROKEN: Ui = (
    "Tờ khai của thủ tục này đang bị lỗi dữ liệu nên chưa khai được. Các thủ tục khác vẫn dùng bình thường.",
    "This procedure's form data is faulty, so it cannot be filled in yet. Other procedures work normally.",
);
const AGENCY_REQUIRED: Ui = ("Hãy chọn nơi nộp hồ sơ", "Choose where to file");
const DELIVERY_REQUIRED: Ui = ("Hãy chọn cách nhận kết quả", "Choose how to receive the result");

/// Today in Vietnam, from the device clock.
fn today() -> Date {
    Instant(js_sys::Date::now() as i64).vietnam_date()
}

/// What the URL's procedure code resolves to in the catalog.
#[derive(Clone, Debug)]
enum Lookup {
    Loading,
    Ready(Arc<Form>),
    Broken(tokhai_core::catalog::ProcedureError),
    Missing,
}

impl PartialEq for Lookup {
    /// A refreshed catalog with the same procedure must not rebuild the form
    /// (and lose what the citizen typed): forms compare by content.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Lookup::Loading, Lookup::Loading) | (Lookup::Missing, Lookup::Missing) => true,
            (Lookup::Ready(a), Lookup::Ready(b)) => Arc::ptr_eq(a, b) || a.procedure == b.procedure,
            (Lookup::Broken(a), Lookup::Broken(b)) => a == b,
            _ => false,
        }
    }
}

#[component]
pub fn FormPage() -> impl IntoView {
    let state = use_catalog();
    let lang = use_lang();
    let params = use_params_map();
    let code = Memo::new(move |_| params.read().get("code").unwrap_or_default());
    let lookup = Memo::new(move |_| {
        let Some(cat) = state.catalog.get() else { return Lookup::Loading };
        let code = code.get();
        if let Some(form) = cat.form(&code) {
            return Lookup::Ready(form.clone());
        }
        let broken = cat.broken().find(|e| e.code.as_deref() == Some(code.as_str())).cloned();
        broken.map_or(Lookup::Missing, Lookup::Broken)
    });
    Effect::new(move || {
        if state.catalog.with(Option::is_some) {
            request_animation_frame(crate::ready::mark_interactive);
        }
    });
    move || match lookup.get() {
        Lookup::Loading => view! { <p class="loading" role="status">{move || tr(lang.get(), LOADING_FORM)}</p> }.into_any(),
        Lookup::Ready(form) => view! { <FormScreen form=form/> }.into_any(),
        Lookup::Broken(e) => {
            let name = e.name.clone();
            let fallback = code.get_untracked();
            let detail = e.to_string();
            view! {
                <h1>{move || name.as_ref().map(|n| n.get(lang.get()).to_owned()).unwrap_or_else(|| fallback.clone())}</h1>
                <p class="notice" role="alert">{move || tr(lang.get(), BROKEN)}</p>
                <details><summary>{move || tr(lang.get(), i18n::TECHNICAL_DETAILS)}</summary><p class="mono">{detail}</p></details>
                <p><a href="/">{move || tr(lang.get(), i18n::BACK_TO_LIST)}</a></p>
            }
            .into_any()
        }
        Lookup::Missing => view! {
            <h1>{move || tr(lang.get(), NOT_FOUND)}</h1>
            <p><a href="/">{move || tr(lang.get(), i18n::BACK_TO_LIST)}</a></p>
        }
        .into_any(),
    }
}

/// What kind of screen step `i` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Screen {
    Catalog(usize),
    Attachments,
    Review,
}

fn screens(form: &Form) -> Vec<Screen> {
    let mut s: Vec<Screen> = (0..form.procedure.ui.steps.len()).map(Screen::Catalog).collect();
    if !unplaced_documents(form).is_empty() {
        s.push(Screen::Attachments);
    }
    s.push(Screen::Review);
    s
}

/// Document slots no `file` element places on a step.
fn unplaced_documents(form: &Form) -> Vec<String> {
    let mut placed = Vec::new();
    fn collect(els: &[tokhai_core::catalog::Element], out: &mut Vec<String>) {
        for e in els {
            if let Some(d) = &e.document {
                out.push(d.clone());
            }
            collect(&e.elements, out);
        }
    }
    for step in &form.procedure.ui.steps {
        collect(&step.elements, &mut placed);
    }
    form.procedure.documents.iter().filter(|d| !placed.contains(&d.id)).map(|d| d.id.clone()).collect()
}

/// Where the dossier is filed and how the result comes back: not form data,
/// but part of the filing.
#[derive(Clone, Copy)]
struct Filing {
    province: RwSignal<String>,
    ward: RwSignal<String>,
    delivery: RwSignal<Option<Delivery>>,
}

#[component]
fn FormScreen(form: Arc<Form>) -> impl IntoView {
    crate::perf::mark("tokhai:form-render:start");
    let lang = use_lang();
    let ctx = FormCtx::new(form.clone(), Value::Object(Default::default()), today());
    provide_context(ctx);
    let delivery_default = (form.procedure.delivery.len() == 1).then(|| form.procedure.delivery[0]);
    let filing = Filing { province: RwSignal::new(String::new()), ward: RwSignal::new(String::new()), delivery: RwSignal::new(delivery_default) };
    let screens = StoredValue::new(screens(&form));
    let total = screens.with_value(Vec::len);
    let query = use_query_map();
    let navigate = use_navigate();
    let step = Memo::new(move |_| {
        let n = query.read().get("buoc").and_then(|s| s.parse::<usize>().ok()).unwrap_or(1);
        n.clamp(1, total) - 1
    });
    let summary_shown = RwSignal::new(false);
    let summary_ref = NodeRef::<html::Div>::new();
    let heading_ref = NodeRef::<html::H1>::new();
    let code = form.procedure.code.clone();

    // A new step starts clean, at the top, with focus on its heading.
    Effect::new(move |prev: Option<usize>| {
        let now = step.get();
        if prev.is_some_and(|p| p != now) {
            summary_shown.set(false);
            window().scroll_to_with_x_and_y(0.0, 0.0);
            if let Some(h) = heading_ref.get_untracked() {
                let _ = h.focus();
            }
        }
        now
    });

    // Benchmark hook: the first step is on screen.
    Effect::new(move || crate::perf::measure_next_frame("tokhai:form-render", "tokhai:form-render:start"));

    let title_of = move |s: Screen, l: Lang| -> String {
        match s {
            Screen::Catalog(i) => ctx.form.with_value(|f| f.procedure.ui.steps[i].title.get(l).to_owned()),
            Screen::Attachments => tr(l, ATTACHMENTS).to_owned(),
            Screen::Review => tr(l, REVIEW).to_owned(),
        }
    };
    let screen = move || screens.with_value(|s| s[step.get()]);

    Effect::new(move || {
        let l = lang.get();
        let name = ctx.form.with_value(|f| f.procedure.name.get(l).to_owned());
        document().set_title(&format!("{} — {name} — {}", title_of(screen(), l), tr(l, i18n::APP_NAME)));
    });

    let items = Memo::new(move |_| summary_items(ctx, filing, screen()));

    let go = {
        let navigate = navigate.clone();
        let code = code.clone();
        move |n: usize| navigate(&format!("/thu-tuc/{code}/to-khai?buoc={}", n + 1), NavigateOptions::default())
    };
    let on_next = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let s = screen();
            touch_screen(ctx, s);
            if items.with_untracked(Vec::is_empty) {
                if step.get_untracked() + 1 < total {
                    go(step.get_untracked() + 1);
                }
            } else {
                summary_shown.set(true);
                request_animation_frame(move || {
                    if let Some(el) = summary_ref.get_untracked() {
                        let _ = el.focus();
                    }
                });
            }
        }
    };
    let on_back = {
        let go = go.clone();
        move |_| {
            let s = step.get_untracked();
            if s > 0 {
                go(s - 1);
            }
        }
    };
    let progress_label = move || {
        let l = lang.get();
        format!("{} {} {} {}", tr(l, STEP_OF), step.get() + 1, tr(l, OF), total)
    };
    let body = move || match screen() {
        Screen::Catalog(i) => {
            let (elements, help) = ctx.form.with_value(|f| {
                let s = &f.procedure.ui.steps[i];
                (s.elements.clone(), s.help.clone())
            });
            view! {
                {help.map(|h| view! { <p class="lead">{move || h.get(lang.get()).to_owned()}</p> })}
                <Elements elements=elements parent_ui=tokhai_core::form::step_ptr(i) base=String::new() enabled=Signal::stored(true)/>
            }
            .into_any()
        }
        Screen::Attachments => {
            let slots: Vec<_> = ctx.form.with_value(|f| {
                let ids = unplaced_documents(f);
                f.procedure.documents.iter().filter(|d| ids.contains(&d.id)).cloned().collect()
            });
            view! {
                <p class="lead">{move || tr(lang.get(), ATTACHMENTS_HELP)}</p>
                {slots.into_iter().map(|slot| view! { <FilesField document=slot/> }).collect_view()}
            }
            .into_any()
        }
        Screen::Review => view! { <Review filing=filing go=Callback::new(go.clone())/> }.into_any(),
    };
    let is_last = move || step.get() + 1 >= total;
    view! {
        <div class="form-page">
            <p class="caption">{move || ctx.form.with_value(|f| f.procedure.name.get(lang.get()).to_owned())}</p>
            <div class="step-progress">
                <p class="step-count" id="step-count">{progress_label}</p>
                <progress class="step-bar" max=total value=move || step.get() + 1 aria-labelledby="step-count"></progress>
            </div>
            <h1 tabindex="-1" node_ref=heading_ref>{move || title_of(screen(), lang.get())}</h1>
            {move || (summary_shown.get() && !items.with(Vec::is_empty)).then(|| view! {
                <ErrorSummary items=items node_ref=summary_ref/>
            })}
            <form class="form" novalidate on:submit=on_next>
                {body}
                <div class="actions">
                    {move || (!is_last()).then(|| view! { <button type="submit" class="button button-primary">{tr(lang.get(), NEXT)}</button> })}
                    {move || (step.get() > 0).then(|| view! {
                        <button type="button" class="button button-secondary" on:click=on_back.clone()>{tr(lang.get(), BACK)}</button>
                    })}
                </div>
            </form>
        </div>
    }
}

/// Marks every field of a screen as touched, so their errors show.
fn touch_screen(ctx: FormCtx, screen: Screen) {
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
fn summary_items(ctx: FormCtx, filing: Filing, screen: Screen) -> Vec<SummaryItem> {
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
            let needs_place = f.procedure.level != Level::Central;
            let place_missing = match f.procedure.level {
                Level::Commune => filing.ward.with(String::is_empty),
                Level::Province => filing.province.with(String::is_empty),
                Level::Central => false,
            };
            if needs_place && place_missing {
                items.push(SummaryItem {
                    target: "filing-province".into(),
                    label: Text::new(WHERE.0, WHERE.1),
                    message: Text::new(AGENCY_REQUIRED.0, AGENCY_REQUIRED.1),
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
fn item_prefixed(form: &Form, base: &str, label: &Text) -> Text {
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

/// The review screen: every answer by step with a "Sửa" link, where to file,
/// how to receive the result, and what is still missing.
#[component]
fn Review(filing: Filing, go: Callback<usize>) -> impl IntoView {
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
        <ReviewStatus filing=filing go=go/>
    }
}

#[component]
fn FilingChoices(filing: Filing) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let book = addresses::book();
    let (level, any_ward, options) =
        ctx.form.with_value(|f| (f.procedure.level, f.procedure.any_ward, f.procedure.delivery.clone()));
    let explain = match (level, any_ward) {
        (Level::Central, _) => WHERE_CENTRAL,
        (Level::Province, _) => WHERE_PROVINCE,
        (Level::Commune, true) => WHERE_ANY,
        (Level::Commune, false) => WHERE_RESIDENCE,
    };
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
            {(level != Level::Central).then(|| view! {
                <div class="field">
                    <label class="label" for="filing-province">{move || tr(lang.get(), PROVINCE)}</label>
                    <select id="filing-province" class="select" prop:value=move || filing.province.get()
                        on:change=move |ev| { filing.province.set(event_target_value(&ev)); filing.ward.set(String::new()); }>
                        <option value="">{move || tr(lang.get(), CHOOSE)}</option>
                        {move || provinces().into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect_view()}
                    </select>
                </div>
            })}
            {(level == Level::Commune).then(|| view! {
                <div class="field">
                    <label class="label" for="filing-ward">{move || tr(lang.get(), WARD)}</label>
                    <select id="filing-ward" class="select" prop:value=move || filing.ward.get()
                        disabled=move || filing.province.with(String::is_empty)
                        on:change=move |ev| filing.ward.set(event_target_value(&ev))>
                        <option value="">{move || tr(lang.get(), CHOOSE)}</option>
                        {move || wards().into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect_view()}
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
fn ReviewStatus(filing: Filing, go: Callback<usize>) -> impl IntoView {
    let ctx = use_form();
    let lang = use_lang();
    let items = Memo::new(move |_| summary_items(ctx, filing, Screen::Review));
    move || {
        let l = lang.get();
        if items.with(Vec::is_empty) {
            return view! { <p class="status-ok" role="status">{tr(l, COMPLETE)}</p> }.into_any();
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
