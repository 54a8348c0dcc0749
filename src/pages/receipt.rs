//! The receipt (biên nhận): the case number, a QR code of it to show at the
//! counter, the expected result date and the case status. It is read from the
//! outbox on this device, so it shows offline; online, the status is refreshed.
//! Until the portal accepts the dossier, the page says it is waiting to be sent.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use tokhai_core::date::Date;
use tokhai_core::outbox::State;
use tokhai_core::qr::QrMatrix;
use tokhai_core::time::Instant;

use crate::catalog_state::use_catalog;
use crate::delivery;
use crate::i18n::{self, tr, use_lang, Ui};
use crate::storage;

const TITLE: Ui = ("Biên nhận hồ sơ", "Dossier receipt");
const CASE: Ui = ("Mã hồ sơ", "Case number");
const QR_LABEL: Ui = ("Mã QR của mã hồ sơ, để đưa cán bộ quét tại bộ phận một cửa", "QR code of the case number, for the counter to scan");
const RECEIVED: Ui = ("Tiếp nhận lúc", "Received at");
const EXPECTED: Ui = ("Ngày hẹn trả kết quả", "Expected result date");
const STATUS: Ui = ("Tình trạng", "Status");
const ST_RECEIVED: Ui = ("Đã tiếp nhận", "Received");
const ST_PROCESSING: Ui = ("Đang giải quyết", "Being processed");
const ST_READY: Ui = ("Có kết quả", "Result ready");
const REFRESH: Ui = ("Cập nhật tình trạng", "Refresh status");
const OFFLINE_NOTE: Ui = ("Đang xem bản lưu trên máy.", "Showing the copy saved on this device.");
const NOT_YET: Ui = (
    "Hồ sơ đã được nộp và đang chờ gửi. Biên nhận sẽ hiện ở đây ngay khi cổng dịch vụ công tiếp nhận.",
    "The dossier is filed and waiting to be sent. The receipt appears here as soon as the portal accepts it.",
);
const REFUSED: Ui = ("Cổng dịch vụ công đã từ chối hồ sơ này. Xem lý do trong Hộp thư đi.", "The portal refused this dossier. See the reason in the Outbox.");
const MISSING: Ui = ("Không tìm thấy hồ sơ này trên máy.", "This dossier is not on this device.");
const OTHER_CITIZEN: Ui = (
    "Biên nhận này thuộc một công dân khác. Mở phiên của công dân đó bằng mã PIN để xem.",
    "This receipt belongs to another citizen. Open their session with their PIN to see it.",
);
const TO_OUTBOX: Ui = ("Về Hộp thư đi", "Back to the outbox");

fn status_label(s: &str) -> Ui {
    match s {
        "processing" => ST_PROCESSING,
        "result_ready" => ST_READY,
        _ => ST_RECEIVED,
    }
}

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let catalog = use_catalog().catalog;
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let view_items = delivery::view().items;
    let loaded = RwSignal::new(false);
    let refreshed = RwSignal::new(false);
    // The outbox view may be empty when this page is opened directly: load it.
    spawn_local(async move {
        if let Ok(db) = storage::db().await {
            if let Ok((items, _)) = db.outbox().await {
                view_items.set(items);
            }
        }
        loaded.set(true);
    });
    let refresh = move || {
        let id = id.get_untracked();
        spawn_local(async move {
            if delivery::refresh_status(&id).await.is_some() {
                refreshed.set(true);
            }
        });
    };
    Effect::new(move || {
        if loaded.get() {
            request_animation_frame(crate::ready::mark_interactive);
            refresh();
        }
    });
    Effect::new(move || document().set_title(&format!("{} — {}", tr(lang.get(), TITLE), tr(lang.get(), i18n::APP_NAME))));
    let item = move || view_items.with(|items| items.iter().find(|o| o.entry.id == id.get()).cloned());
    view! {
        <div class="page-receipt">
            <h1>{move || tr(lang.get(), TITLE)}</h1>
            {move || {
                let l = lang.get();
                match item() {
                    None if !loaded.get() => ().into_any(),
                    None => view! { <p class="notice">{tr(l, MISSING)}</p> }.into_any(),
                    Some(o) if o.info.session.is_some() && o.info.session != crate::session::vault().map(|v| v.session) => {
                        view! { <p class="notice">{tr(l, OTHER_CITIZEN)}</p> }.into_any()
                    }
                    Some(o) => {
                        let procedure = catalog.with(|c| c.as_ref().and_then(|c| c.procedure(&o.info.procedure).map(|p| p.name.get(l).to_owned()))).unwrap_or(o.info.procedure.clone());
                        match o.entry.state {
                            State::Accepted { receipt } => {
                                let qr = QrMatrix::encode(&receipt.case_number);
                                let expected = Date::parse_iso(&receipt.expected_result_date).map(Date::to_vn).unwrap_or(receipt.expected_result_date.clone());
                                let received = Instant::parse_rfc3339(&receipt.received_at).map(|t| {
                                    let (h, m) = t.vietnam_hh_mm();
                                    format!("{h:02}:{m:02} {}", t.vietnam_date().to_vn())
                                }).unwrap_or(receipt.received_at.clone());
                                let status = receipt.status.clone();
                                view! {
                                    <p class="receipt-procedure">{procedure}</p>
                                    {o.info.citizen.clone().map(|c| view! { <p class="receipt-citizen">{c}</p> })}
                                    <div class="receipt-card">
                                        <p class="receipt-label">{tr(l, CASE)}</p>
                                        <p class="receipt-case">{receipt.case_number.clone()}</p>
                                        {qr.map(|q| {
                                            let quiet = 4;
                                            let side = q.size + 2 * quiet;
                                            view! {
                                                <svg class="receipt-qr" role="img" aria-label=tr(l, QR_LABEL) viewBox=format!("0 0 {side} {side}")
                                                    shape-rendering="crispEdges">
                                                    <rect width=side height=side fill="#fff"></rect>
                                                    <path d=q.svg_path(quiet) fill="#000"></path>
                                                </svg>
                                            }
                                        })}
                                        <dl class="facts">
                                            <div><dt>{tr(l, EXPECTED)}</dt><dd class="receipt-date">{expected}</dd></div>
                                            <div><dt>{tr(l, RECEIVED)}</dt><dd>{received}</dd></div>
                                            <div><dt>{tr(l, STATUS)}</dt><dd class="receipt-status">{tr(l, status_label(&status))}</dd></div>
                                        </dl>
                                    </div>
                                    <p role="status" class="hint">{move || (!refreshed.get()).then(|| tr(lang.get(), OFFLINE_NOTE))}</p>
                                    <p><button type="button" class="button button-secondary" on:click=move |_| refresh()>{tr(l, REFRESH)}</button></p>
                                }
                                .into_any()
                            }
                            State::Rejected { .. } => view! { <p class="notice">{tr(l, REFUSED)}</p> }.into_any(),
                            _ => view! { <p class="receipt-procedure">{procedure}</p><p class="notice" role="status">{tr(l, NOT_YET)}</p> }.into_any(),
                        }
                    }
                }
            }}
            <p><a class="link-standalone" href="/hop-thu-di">{move || tr(lang.get(), TO_OUTBOX)}</a></p>
        </div>
    }
}
