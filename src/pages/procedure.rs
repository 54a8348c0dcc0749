//! The procedure page: what the citizen needs to know before starting — who
//! handles it, how much it costs, how long it takes, which papers to prepare and
//! how the result comes back — and the button that starts the form.
//!
//! Everything comes from the catalog; nothing is rendered as HTML. The page is
//! small, so it is simply rebuilt when the language changes.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use tokhai_core::catalog::{Catalog, Entry, Procedure, ProcedureError};
use tokhai_core::display;
use tokhai_core::filing::FilingRule;
use tokhai_core::i18n::{Lang, Text};

use crate::catalog_state::use_catalog;
use crate::components::procedure_card::{form_href, procedure_of, ProcedureBadges};
use crate::i18n::{self, tr, use_lang, Ui};

const GENERAL: Ui = ("Thông tin chung", "General information");
const LEVEL: Ui = ("Cấp thực hiện", "Level");
const AGENCY: Ui = ("Cơ quan thực hiện", "Handled by");
const WHERE: Ui = ("Nơi nộp", "Where to file");
const FEES: Ui = ("Phí, lệ phí", "Fees");
const FEE_ITEM: Ui = ("Khoản phí", "Fee");
const FEE_ONLINE: Ui = ("Nộp trực tuyến", "Filed online");
const FEE_OFFLINE: Ui = ("Nộp tại quầy", "At the counter");
const FEES_NONE: Ui =
    ("Danh mục không ghi phí, lệ phí cho thủ tục này.", "The catalog lists no fees for this procedure.");
const FEES_CHEAPER_ONLINE: Ui =
    ("Nộp trực tuyến được giảm phí so với nộp tại quầy.", "Filing online costs less than at the counter.");
const PROCESSING: Ui = ("Thời hạn giải quyết", "Processing time");
const DOCUMENTS: Ui = ("Thành phần hồ sơ", "Documents to attach");
const DOCUMENTS_INTRO: Ui = (
    "Chụp ảnh hoặc quét sẵn các giấy tờ dưới đây để đính kèm khi khai.",
    "Have photos or scans of these papers ready to attach.",
);
const DOCUMENTS_NONE: Ui = ("Không cần đính kèm giấy tờ.", "No papers need to be attached.");
const REQUIRED: Ui = ("Bắt buộc", "Required");
const OPTIONAL: Ui = ("Không bắt buộc", "Optional");
const FILE_TYPES: Ui = ("Loại tệp", "File types");
const FILE_SIZE: Ui = ("Dung lượng", "Size");
const FILE_COUNT: Ui = ("Số tệp", "Number of files");
const DELIVERY: Ui = ("Cách nhận kết quả", "How you get the result");
const DELIVERY_CHOOSE: Ui =
    ("Bạn chọn một trong các cách sau ở bước cuối:", "You choose one of these at the last step:");
const DELIVERY_ONE: Ui = ("Kết quả được trả theo cách sau:", "The result is delivered this way:");
const START_HINT: Ui = (
    "Khi sẵn sàng, bấm nút dưới đây để điền tờ khai.",
    "When you are ready, press the button below to fill in the form.",
);
const NOT_FOUND_TITLE: Ui = ("Không tìm thấy thủ tục", "Procedure not found");
const NOT_FOUND_TEXT: Ui = (
    "Danh mục không có thủ tục nào mang mã này. Có thể đường dẫn bị sai hoặc thủ tục đã được thay đổi.",
    "The catalog has no procedure with this code. The link may be wrong, or the procedure may have changed.",
);

/// What the address points at.
#[derive(Clone)]
enum Lookup {
    /// No catalog yet, or the code is not in the saved copy while a fresh one is on its way.
    Loading,
    Ready(Arc<Catalog>, usize),
    Broken(Arc<Catalog>, usize),
    Missing(String),
}

impl PartialEq for Lookup {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Lookup::Loading, Lookup::Loading) => true,
            (Lookup::Ready(a, i), Lookup::Ready(b, j)) | (Lookup::Broken(a, i), Lookup::Broken(b, j)) => {
                Arc::ptr_eq(a, b) && i == j
            }
            (Lookup::Missing(a), Lookup::Missing(b)) => a == b,
            _ => false,
        }
    }
}

fn broken_error(catalog: &Catalog, entry: usize) -> Option<&ProcedureError> {
    match catalog.entries.get(entry) {
        Some(Entry::Broken(e)) => Some(e),
        _ => None,
    }
}

/// `ảnh chụp…` → `Ảnh chụp…`, for a value that starts a line.
fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[component]
pub fn ProcedurePage() -> impl IntoView {
    let state = use_catalog();
    let lang = use_lang();
    let params = use_params_map();
    let code = Memo::new(move |_| params.read().get("code").unwrap_or_default());

    let lookup = Memo::new(move |_| {
        let Some(cat) = state.catalog.get() else { return Lookup::Loading };
        let code = code.get();
        let found = cat.entries.iter().position(|e| match e {
            Entry::Ready(_) => procedure_of(e).is_some_and(|p| p.code == code),
            Entry::Broken(err) => err.code.as_deref() == Some(code.as_str()),
        });
        match found {
            Some(i) if procedure_of(&cat.entries[i]).is_some() => Lookup::Ready(cat, i),
            Some(i) => Lookup::Broken(cat, i),
            None if state.refreshing.get() => Lookup::Loading,
            None => Lookup::Missing(code),
        }
    });

    // The tests and the benchmark wait for this when they open this page directly.
    Effect::new(move || {
        if state.catalog.with(Option::is_some) {
            request_animation_frame(crate::ready::mark_interactive);
        }
    });

    Effect::new(move || {
        let l = lang.get();
        let heading = match lookup.get() {
            Lookup::Loading => None,
            Lookup::Ready(cat, i) => procedure_of(&cat.entries[i]).map(|p| p.name.get(l).to_owned()),
            Lookup::Broken(cat, i) => broken_error(&cat, i).map(|e| broken_title(e, l)),
            Lookup::Missing(_) => Some(tr(l, NOT_FOUND_TITLE).to_owned()),
        };
        let app = tr(l, i18n::APP_NAME);
        document().set_title(&match heading {
            Some(h) => format!("{h} — {app}"),
            None => app.to_owned(),
        });
    });

    let body = move || {
        let l = lang.get();
        match lookup.get() {
            Lookup::Loading => view! { <p class="loading" role="status">{tr(l, i18n::LOADING_CATALOG)}</p> }.into_any(),
            Lookup::Ready(cat, i) => match procedure_of(&cat.entries[i]) {
                Some(p) => procedure_view(p, cat.header.sample, l).into_any(),
                None => ().into_any(),
            },
            Lookup::Broken(cat, i) => match broken_error(&cat, i) {
                Some(e) => broken_view(e, l).into_any(),
                None => ().into_any(),
            },
            Lookup::Missing(code) => missing_view(&code, l).into_any(),
        }
    };
    view! { <div class="page-procedure">{body}</div> }
}

fn back_link(l: Lang) -> impl IntoView {
    view! {
        <p class="back-link">
            <a href="/"><span aria-hidden="true">"← "</span>{tr(l, i18n::BACK_TO_LIST)}</a>
        </p>
    }
}

fn start_button(p: &Procedure, l: Lang) -> impl IntoView {
    view! {
        <p class="start">
            <a class="button button-primary button-start" href=form_href(&p.code)>{tr(l, i18n::START_FORM)}</a>
        </p>
    }
}

/// A row of a definition list.
fn fact(l: Lang, term: Ui, value: String) -> impl IntoView {
    view! { <div><dt>{tr(l, term)}</dt><dd>{value}</dd></div> }
}

fn procedure_view(p: &Procedure, sample: bool, l: Lang) -> impl IntoView {
    let get = |t: &Text| t.get(l).to_owned();
    let cheaper_online = p.fees.iter().any(|f| f.online < f.offline);
    let fees = if p.fees.is_empty() {
        view! { <p>{tr(l, FEES_NONE)}</p> }.into_any()
    } else {
        let rows = p
            .fees
            .iter()
            .map(|f| {
                view! {
                    <tr>
                        <th scope="row">{get(&f.label)}</th>
                        <td>{get(&display::vnd(f.online))}</td>
                        <td>{get(&display::vnd(f.offline))}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="fees">
                    <thead>
                        <tr>
                            <th scope="col">{tr(l, FEE_ITEM)}</th>
                            <th scope="col">{tr(l, FEE_ONLINE)}</th>
                            <th scope="col">{tr(l, FEE_OFFLINE)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {cheaper_online.then(|| view! { <p class="hint">{tr(l, FEES_CHEAPER_ONLINE)}</p> })}
        }
        .into_any()
    };

    let documents = if p.documents.is_empty() {
        view! { <p>{tr(l, DOCUMENTS_NONE)}</p> }.into_any()
    } else {
        let items = p
            .documents
            .iter()
            .map(|d| {
                let (badge, class) = if d.required { (REQUIRED, "badge badge-required") } else { (OPTIONAL, "badge") };
                let size = display::file_size(d.max_bytes);
                let size = match l {
                    Lang::Vi => format!("Tối đa {} mỗi tệp", size.vi),
                    Lang::En => format!("Up to {} per file", size.en),
                };
                view! {
                    <li class="doc">
                        <h3>{get(&d.name)}</h3>
                        <p class="badges"><span class=class>{tr(l, badge)}</span></p>
                        {d.help.as_ref().map(|h| view! { <p>{get(h)}</p> })}
                        <dl class="facts facts-compact">
                            {fact(l, FILE_TYPES, capitalized(display::media_types(&d.media_types).get(l)))}
                            {fact(l, FILE_SIZE, size)}
                            {fact(l, FILE_COUNT, capitalized(display::file_count(d.min_files, d.max_files).get(l)))}
                        </dl>
                    </li>
                }
            })
            .collect_view();
        view! {
            <p>{tr(l, DOCUMENTS_INTRO)}</p>
            <ul class="doc-list">{items}</ul>
        }
        .into_any()
    };

    let delivery = p
        .delivery
        .iter()
        .map(|&d| {
            view! {
                <li>
                    <strong>{get(&display::delivery(d))}</strong>
                    ": "
                    {get(&display::delivery_explained(d))}
                </li>
            }
        })
        .collect_view();

    view! {
        {back_link(l)}
        <h1>{get(&p.name)}</h1>
        <p class="procedure-meta">
            {tr(l, i18n::PROCEDURE_CODE)} ": " <span class="nowrap">{p.code.clone()}</span>
        </p>
        <ProcedureBadges online=p.online guidance=tokhai_core::filing::FilingRule::of(p).guidance()/>
        {sample.then(|| view! { <p class="sample-banner">{tr(l, i18n::SAMPLE_DATA)}</p> })}
        {start_button(p, l)}

        <section class="proc-section" aria-labelledby="proc-general">
            <h2 id="proc-general">{tr(l, GENERAL)}</h2>
            <dl class="facts">
                {fact(l, i18n::FIELD, get(&p.field.name))}
                {fact(l, LEVEL, get(&display::level(p.level)))}
                {fact(l, AGENCY, get(&p.agency))}
                {fact(l, i18n::ONLINE_LEVEL, get(&display::online_explained(p.online)))}
                {fact(l, WHERE, get(&display::where_to_file(FilingRule::of(p).guidance())))}
            </dl>
        </section>

        <section class="proc-section" aria-labelledby="proc-fees">
            <h2 id="proc-fees">{tr(l, FEES)}</h2>
            {fees}
        </section>

        <section class="proc-section" aria-labelledby="proc-time">
            <h2 id="proc-time">{tr(l, PROCESSING)}</h2>
            <p class="big-fact">{get(&display::working_days(p.processing.working_days))}</p>
            {p.processing.note.as_ref().map(|n| view! { <p>{get(n)}</p> })}
        </section>

        <section class="proc-section" aria-labelledby="proc-docs">
            <h2 id="proc-docs">{tr(l, DOCUMENTS)}</h2>
            {documents}
        </section>

        <section class="proc-section" aria-labelledby="proc-delivery">
            <h2 id="proc-delivery">{tr(l, DELIVERY)}</h2>
            <p>{tr(l, if p.delivery.len() > 1 { DELIVERY_CHOOSE } else { DELIVERY_ONE })}</p>
            <ul class="delivery-list">{delivery}</ul>
        </section>

        <div class="start-again">
            <p>{tr(l, START_HINT)}</p>
            {start_button(p, l)}
            {back_link(l)}
        </div>
    }
}

fn broken_title(e: &ProcedureError, l: Lang) -> String {
    match (&e.name, &e.code) {
        (Some(n), _) => n.get(l).to_owned(),
        (None, Some(c)) => c.clone(),
        (None, None) => "?".to_owned(),
    }
}

fn broken_view(e: &ProcedureError, l: Lang) -> impl IntoView {
    view! {
        {back_link(l)}
        <h1>{broken_title(e, l)}</h1>
        {e.code.as_ref().map(|c| view! {
            <p class="procedure-meta">{tr(l, i18n::PROCEDURE_CODE)} ": " <span class="nowrap">{c.clone()}</span></p>
        })}
        <div class="error-card">
            <p class="error-card-title">{tr(l, i18n::BROKEN_PROCEDURE)}</p>
            <details>
                <summary>{tr(l, i18n::TECHNICAL_DETAILS)}</summary>
                <p class="mono">{e.to_string()}</p>
            </details>
        </div>
        <p><a class="button button-secondary" href="/">{tr(l, i18n::BACK_TO_LIST)}</a></p>
    }
}

fn missing_view(code: &str, l: Lang) -> impl IntoView {
    view! {
        <h1>{tr(l, NOT_FOUND_TITLE)}</h1>
        <p>{tr(l, NOT_FOUND_TEXT)}</p>
        <p class="procedure-meta">{tr(l, i18n::PROCEDURE_CODE)} ": " <span class="nowrap">{code.to_owned()}</span></p>
        <p><a class="button button-secondary" href="/">{tr(l, i18n::BACK_TO_LIST)}</a></p>
    }
}
