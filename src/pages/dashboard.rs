//! "Bảng điều khiển của tổ": what an outreach team or a ward station did
//! today and since the device was set up, per operator; how much space the
//! device uses; when something last reached the portal; and, for a day with
//! no network at all, every dossier still waiting in one file to carry to the
//! office. The counting rules are `tokhai_core::dashboard`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tokhai_core::dashboard::{tally, Counts, Fact, Tally};
use tokhai_core::display::file_size;
use tokhai_core::i18n::Text;
use tokhai_core::time::Instant;

use crate::i18n::{self, tr, use_lang, Ui};
use crate::storage::{self, StorageError};
use crate::storage_quota::{self, Estimate};
use crate::transfer;

const TITLE: Ui = ("Bảng điều khiển của tổ", "Team dashboard");
const INTRO: Ui = (
    "Số hồ sơ trên máy này theo từng người khai hộ. Hồ sơ được tính vào ngày nộp; kết quả gửi được tính vào ngày cổng dịch vụ công trả lời.",
    "Dossiers on this device, per operator. A dossier counts on the day it was filed; an answer on the day the portal gave it.",
);
const TODAY: Ui = ("Hôm nay", "Today");
const ALL_TIME: Ui = ("Từ trước đến nay", "All time");
const OPERATOR: Ui = ("Người khai hộ", "Operator");
const NOBODY: Ui = ("Không ghi người khai hộ", "No operator named");
const TOTAL: Ui = ("Cộng", "Total");
const DRAFTS: Ui = ("Đang khai", "Drafts");
const FILED: Ui = ("Đã nộp", "Filed");
const QUEUED: Ui = ("Chờ gửi", "Queued");
const SENT: Ui = ("Đã gửi", "Sent");
const ACCEPTED: Ui = ("Được tiếp nhận", "Accepted");
const REJECTED: Ui = ("Bị từ chối", "Refused");
const NOTHING: Ui = ("Chưa có hồ sơ nào.", "No dossiers yet.");
const DEVICE: Ui = ("Máy này", "This device");
const LAST_SYNC: Ui = ("Lần gửi thành công gần nhất", "Last successful delivery");
const NEVER: Ui = ("Chưa lần nào", "Never");
const STORAGE: Ui = ("Bộ nhớ đang dùng", "Storage used");
const OF: Ui = ("trên", "of");
const UNKNOWN: Ui = ("Trình duyệt không cho biết", "The browser does not say");
const RETENTION: Ui = ("Bản sao hồ sơ đã được tiếp nhận được giữ", "Copies of accepted dossiers are kept for");
const DAYS: Ui = ("ngày, sau đó tự xoá (vẫn giữ biên nhận)", "days, then wiped (receipts stay)");
const EXPORT_TITLE: Ui = ("Cả ngày không có mạng?", "No network all day?");
const EXPORT_HELP: Ui = (
    "Lưu tất cả hồ sơ chờ gửi vào một tệp, mang tệp về máy tính ở cơ quan và nhập vào Hộp thư đi ở đó. Hồ sơ vẫn ở lại máy này; dù máy nào gửi trước, cổng dịch vụ công chỉ tạo một hồ sơ.",
    "Save every dossier waiting to be sent in one file, take it to the office computer and import it into the outbox there. The dossiers also stay on this device; whichever device sends first, the portal makes one case.",
);
const EXPORT: Ui = ("Xuất tất cả hồ sơ chờ gửi", "Export all dossiers waiting to be sent");
const EXPORTING: Ui = ("Đang tạo tệp…", "Making the file…");
const NONE_PENDING: Ui = ("Không có hồ sơ nào đang chờ gửi.", "No dossiers are waiting to be sent.");

/// Everything the page shows, read once.
#[derive(Clone, Debug, PartialEq)]
struct Figures {
    tally: Tally,
    last_sync: Option<i64>,
    retention_days: Option<u32>,
}

fn now() -> Instant {
    Instant(js_sys::Date::now() as i64)
}

fn when(ms: i64) -> String {
    let t = Instant(ms);
    let (h, m) = t.vietnam_hh_mm();
    format!("{h:02}:{m:02} {}", t.vietnam_date().to_vn())
}

async fn load() -> Result<Figures, StorageError> {
    let db = storage::db().await?;
    let sessions = db.sessions().await?;
    let operator_of = |session: &Option<String>| {
        session.as_ref().and_then(|id| sessions.iter().find(|s| &s.id == id)).and_then(|s| s.operator.clone())
    };
    let mut facts: Vec<Fact> =
        db.draft_stamps().await?.into_iter().map(|(session, at)| Fact::Draft { operator: operator_of(&session), updated_at: at }).collect();
    let (bundles, _) = db.outbox().await?;
    facts.extend(bundles.into_iter().map(|o| Fact::Bundle { operator: o.info.operator, sealed_at: o.info.sealed_at, entry: Box::new(o.entry) }));
    Ok(Figures {
        tally: tally(&facts, now()),
        last_sync: db.last_sync().await?.map(|t| t as i64),
        retention_days: db.operator().await?.map(|o| o.retention_days),
    })
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let lang = use_lang();
    crate::perf::mark("tokhai:dashboard:start");
    let figures: RwSignal<Option<Result<Figures, Text>>> = RwSignal::new(None);
    let estimate: RwSignal<Option<Estimate>> = RwSignal::new(None);
    let reload = move || {
        spawn_local(async move {
            figures.set(Some(load().await.map_err(|e| crate::messages::storage(&e))));
            estimate.set(storage_quota::estimate().await);
        })
    };
    reload();
    // Deliveries finishing while the page is open change the figures; retries
    // (waiting ↔ sending) do not, and must not re-read every record each time.
    let settled = Memo::new(move |_| {
        crate::delivery::view().items.with(|items| {
            items.iter().map(|o| (o.entry.id.clone(), o.entry.state.is_final().then(|| o.entry.state.name()))).collect::<Vec<_>>()
        })
    });
    Effect::new(move |first: Option<()>| {
        settled.track();
        if first.is_some() {
            reload();
        }
    });
    Effect::new(move || {
        if figures.with(Option::is_some) {
            request_animation_frame(crate::ready::mark_interactive);
            crate::perf::measure_next_frame("tokhai:dashboard", "tokhai:dashboard:start");
        }
    });
    Effect::new(move || document().set_title(&format!("{} — {}", tr(lang.get(), TITLE), tr(lang.get(), i18n::APP_NAME))));

    view! {
        <div class="page-dashboard">
            <h1>{move || tr(lang.get(), TITLE)}</h1>
            <p class="lead">{move || tr(lang.get(), INTRO)}</p>
            {move || match figures.get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <p class="notice" role="alert">{e.get(lang.get()).to_owned()}</p> }.into_any(),
                Some(Ok(f)) => {
                    let day = format!("{} ({})", tr(lang.get(), TODAY), now().vietnam_date().to_vn());
                    view! {
                        <CountsTable caption=day tally=f.tally.clone() today=true/>
                        <CountsTable caption=tr(lang.get(), ALL_TIME).to_owned() tally=f.tally.clone() today=false/>
                        <section aria-labelledby="dash-device">
                            <h2 id="dash-device">{tr(lang.get(), DEVICE)}</h2>
                            <dl class="draft-facts">
                                <div>
                                    <dt>{tr(lang.get(), LAST_SYNC)}</dt>
                                    <dd>{f.last_sync.map_or_else(|| tr(lang.get(), NEVER).to_owned(), when)}</dd>
                                </div>
                                <div>
                                    <dt>{tr(lang.get(), STORAGE)}</dt>
                                    <dd>{move || match estimate.get() {
                                        Some(e) => format!("{} {} {}", file_size(e.usage as u64).get(lang.get()), tr(lang.get(), OF), file_size(e.quota as u64).get(lang.get())),
                                        None => tr(lang.get(), UNKNOWN).to_owned(),
                                    }}</dd>
                                </div>
                            </dl>
                            {f.retention_days.map(|d| view! { <p class="hint">{format!("{} {d} {}", tr(lang.get(), RETENTION), tr(lang.get(), DAYS))}</p> })}
                        </section>
                    }
                    .into_any()
                }
            }}
            <ExportPending/>
        </div>
    }
}

/// One period's counts: a row per operator and the totals.
#[component]
fn CountsTable(caption: String, tally: Tally, today: bool) -> impl IntoView {
    let lang = use_lang();
    let pick = move |r: &tokhai_core::dashboard::Row| if today { r.today } else { r.all };
    if tally.rows.is_empty() {
        return view! { <section><h2>{caption}</h2><p>{move || tr(lang.get(), NOTHING)}</p></section> }.into_any();
    }
    let l = lang.get_untracked();
    let cells = |c: Counts| {
        [c.drafts, c.filed, c.queued, c.sent, c.accepted, c.rejected].into_iter().map(|n| view! { <td class="num">{n}</td> }).collect_view()
    };
    let rows = tally
        .rows
        .iter()
        .map(|r| {
            let who = r.operator.clone().unwrap_or_else(|| tr(l, NOBODY).to_owned());
            view! { <tr><th scope="row">{who}</th>{cells(pick(r))}</tr> }
        })
        .collect_view();
    view! {
        <section class="table-scroll">
            <table class="counts">
                <caption><h2>{caption}</h2></caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(l, OPERATOR)}</th>
                        {[DRAFTS, FILED, QUEUED, SENT, ACCEPTED, REJECTED].into_iter().map(|h| view! { <th scope="col" class="num">{tr(l, h)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot><tr><th scope="row">{tr(l, TOTAL)}</th>{cells(pick(&tally.total))}</tr></tfoot>
            </table>
        </section>
    }
    .into_any()
}

/// "Xuất tất cả hồ sơ chờ gửi": one batch file of every bundle not yet answered.
#[component]
fn ExportPending() -> impl IntoView {
    let lang = use_lang();
    let busy = RwSignal::new(false);
    let status: RwSignal<Option<Text>> = RwSignal::new(None);
    let export = move |_| {
        busy.set(true);
        status.set(Some(Text::new(EXPORTING.0, EXPORTING.1)));
        spawn_local(async move {
            status.set(Some(match transfer::export_pending().await {
                Ok(Some((file, n))) => {
                    let name = transfer::batch_file_name(now(), n);
                    transfer::download(&file, &name);
                    Text::new(
                        format!("Đã lưu {n} hồ sơ chờ gửi vào tệp “{name}”."),
                        format!("Saved {n} dossiers waiting to be sent in “{name}”."),
                    )
                }
                Ok(None) => Text::new(NONE_PENDING.0, NONE_PENDING.1),
                Err(e) => e,
            }));
            busy.set(false);
        });
    };
    view! {
        <section aria-labelledby="dash-export">
            <h2 id="dash-export">{move || tr(lang.get(), EXPORT_TITLE)}</h2>
            <p class="hint">{move || tr(lang.get(), EXPORT_HELP)}</p>
            <p>
                <button type="button" class="button button-primary" disabled=move || busy.get() on:click=export>
                    {move || tr(lang.get(), EXPORT)}
                </button>
            </p>
            <div role="status">{move || status.get().map(|s| view! { <p class="notice-ok">{s.get(lang.get()).to_owned()}</p> })}</div>
        </section>
    }
}
