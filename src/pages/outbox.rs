//! "Hộp thư đi": the sealed dossiers on this device and what became of each —
//! waiting for the network, being sent (with progress), accepted (case number,
//! receipt), or refused by the portal (the reason, and a way to fix it and file
//! again). A bundle can be saved as a file, to carry to another device on a
//! day with no network; such files are imported here.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tokhai_core::i18n::{Lang, Text};
use tokhai_core::outbox::State;
use tokhai_core::time::Instant;

use crate::catalog_state::use_catalog;
use crate::delivery;
use crate::i18n::{self, tr, use_lang, Ui};
use crate::storage::outbox::Outboxed;
use crate::transfer;

const TITLE: Ui = ("Hộp thư đi", "Outbox");
const INTRO: Ui = (
    "Hồ sơ đã nộp nằm ở đây cho đến khi cổng dịch vụ công nhận. Không có mạng thì ứng dụng tự gửi khi có mạng trở lại.",
    "Filed dossiers wait here until the portal accepts them. Without a network, the app sends them by itself when the network returns.",
);
const EMPTY: Ui = ("Chưa có hồ sơ nào trong hộp thư đi.", "The outbox is empty.");
const QUEUED: Ui = ("Chờ gửi", "Waiting to send");
const SENDING: Ui = ("Đang gửi", "Sending");
const WAITING: Ui = ("Chưa gửi được — sẽ tự thử lại", "Not sent yet — will retry by itself");
const ACCEPTED: Ui = ("Đã được tiếp nhận", "Accepted");
const REJECTED: Ui = ("Bị từ chối", "Refused");
const ATTEMPTS: Ui = ("Số lần gửi", "Attempts");
const NEXT_TRY: Ui = ("Thử lại lúc", "Next try at");
const CASE: Ui = ("Mã hồ sơ", "Case number");
const RECEIPT: Ui = ("Xem biên nhận", "View receipt");
const REASON: Ui = ("Lý do", "Reason");
const FIX: Ui = ("Sửa và nộp lại", "Fix and file again");
const SAVE_FILE: Ui = ("Lưu tệp hồ sơ", "Save as a file");
const RETRY_ALL: Ui = ("Gửi lại ngay", "Send now");
const IMPORT: Ui = ("Nhập hồ sơ từ tệp", "Import dossiers from a file");
const IMPORT_HELP: Ui = (
    "Dùng khi hồ sơ được khai trên máy khác không có mạng: chọn tệp .tokhai đã lưu từ máy đó (một hồ sơ, hoặc tệp xuất tất cả hồ sơ chờ gửi).",
    "For dossiers filled on another device with no network: choose the .tokhai file saved there (one dossier, or the export of all dossiers waiting to be sent).",
);
const UNREADABLE: Ui = ("Có hồ sơ không đọc được; hồ sơ đó vẫn được giữ nguyên.", "A dossier could not be read; it is kept as it is.");
const IMPORTED: Ui = ("(nhập từ tệp)", "(imported)");
const OTHER_CITIZEN: Ui = ("Hồ sơ của một công dân khác", "Another citizen's dossier");
const WIPED: Ui = ("Bản sao trên máy đã được xoá; biên nhận vẫn còn.", "The copy on this device was removed; the receipt stays.");
const FREE_TITLE: Ui = ("Giải phóng bộ nhớ", "Free up storage");
const FREE_HELP: Ui = (
    "Hồ sơ đã được tiếp nhận không cần giữ bản sao trên máy nữa: cổng dịch vụ công đã có hồ sơ. Biên nhận và mã hồ sơ vẫn được giữ.",
    "Dossiers already accepted need no copy on this device: the portal has them. Receipts and case numbers are kept.",
);
const FREE_BUTTON: Ui = ("Xoá bản sao các hồ sơ đã được tiếp nhận", "Remove the copies of accepted dossiers");
const FREE_CONFIRM: Ui = ("Xoá bản sao của mọi hồ sơ đã được tiếp nhận? Biên nhận vẫn còn.", "Remove the copies of every accepted dossier? Receipts stay.");
const FREE_YES: Ui = ("Xoá bản sao", "Remove the copies");
const FREE_NO: Ui = ("Không xoá", "Keep them");

fn when(ms: i64) -> String {
    let t = Instant(ms);
    let (h, m) = t.vietnam_hh_mm();
    format!("{h:02}:{m:02} {}", t.vietnam_date().to_vn())
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let lang = use_lang();
    let view = delivery::view();
    let problem: RwSignal<Option<Text>> = RwSignal::new(None);
    let notice: RwSignal<Option<Text>> = RwSignal::new(None);
    let loaded = RwSignal::new(false);
    spawn_local(async move {
        match crate::storage::db().await {
            Ok(db) => match db.outbox().await {
                Ok((items, bad)) => {
                    view.items.set(items);
                    if bad > 0 {
                        problem.set(Some(Text::new(UNREADABLE.0, UNREADABLE.1)));
                    }
                }
                Err(e) => problem.set(Some(crate::messages::storage(&e))),
            },
            Err(e) => problem.set(Some(crate::messages::storage(&e))),
        }
        loaded.set(true);
        delivery::kick();
    });
    Effect::new(move || {
        if loaded.get() {
            request_animation_frame(crate::ready::mark_interactive);
        }
    });
    Effect::new(move || document().set_title(&format!("{} — {}", tr(lang.get(), TITLE), tr(lang.get(), i18n::APP_NAME))));
    let on_import = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) else { return };
        let files: Vec<web_sys::File> = input.files().map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default();
        input.set_value("");
        spawn_local(async move {
            let mut report = Vec::new();
            for f in files {
                report.push(transfer::import_file(&f).await);
            }
            let vi = report.iter().map(|t| t.vi.clone()).collect::<Vec<_>>().join(" ");
            let en = report.iter().map(|t| t.get(Lang::En).to_owned()).collect::<Vec<_>>().join(" ");
            notice.set(Some(Text::new(vi, en)));
            delivery::kick();
        });
    };
    let waiting = Memo::new(move |_| view.items.with(|i| i.iter().any(|o| matches!(o.entry.state, State::Waiting { .. } | State::Queued))));
    // Copies of accepted bundles that could be removed to make room.
    let removable = Memo::new(move |_| {
        view.items.with(|i| i.iter().filter(|o| matches!(o.entry.state, State::Accepted { .. }) && o.info.wiped_at.is_none()).map(|o| o.info.size).sum::<u64>())
    });
    let confirming_free = RwSignal::new(false);
    let on_free = move |_| {
        confirming_free.set(false);
        spawn_local(async move {
            match delivery::wipe_accepted().await {
                Ok(n) => notice.set(Some(Text::new(format!("Đã xoá bản sao của {n} hồ sơ đã được tiếp nhận."), format!("Removed the copies of {n} accepted dossiers.")))),
                Err(e) => problem.set(Some(crate::messages::storage(&e))),
            }
        });
    };
    let empty = Memo::new(move |_| view.items.with(Vec::is_empty));
    view! {
        <div class="page-outbox">
            <h1>{move || tr(lang.get(), TITLE)}</h1>
            <p class="lead">{move || tr(lang.get(), INTRO)}</p>
            {move || problem.get().or_else(|| view.problem.get()).map(|p| view! { <p class="notice" role="alert">{p.get(lang.get()).to_owned()}</p> })}
            <div role="status">{move || notice.get().map(|n| view! { <p class="notice-ok">{n.get(lang.get()).to_owned()}</p> })}</div>
            {move || waiting.get().then(|| view! {
                <p><button type="button" class="button button-secondary" on:click=move |_| delivery::retry_all_now()>{tr(lang.get(), RETRY_ALL)}</button></p>
            })}
            {move || {
                // Only emptiness rebuilds this: the list itself is keyed, so a
                // bundle changing state re-renders that one row, not 500.
                if empty.get() {
                    return view! { <p>{tr(lang.get(), EMPTY)}</p> }.into_any();
                }
                view! {
                    <ul class="outbox-list" aria-label=tr(lang.get(), TITLE)>
                        <For each=move || view.items.get() key=row_key let:item>
                            <OutboxItem item=item/>
                        </For>
                    </ul>
                }
                .into_any()
            }}
            {move || (removable.get() > 0).then(|| view! {
                <section class="outbox-free">
                    <h2>{move || tr(lang.get(), FREE_TITLE)}</h2>
                    <p class="hint">{move || tr(lang.get(), FREE_HELP)} " "
                        {move || tokhai_core::display::file_size(removable.get()).get(lang.get()).to_owned()}</p>
                    {move || if confirming_free.get() {
                        view! {
                            <div class="confirm" role="alertdialog" aria-label=tr(lang.get(), FREE_CONFIRM)>
                                <p>{tr(lang.get(), FREE_CONFIRM)}</p>
                                <button type="button" class="button button-danger" on:click=on_free>{tr(lang.get(), FREE_YES)}</button>
                                <button type="button" class="button button-secondary" on:click=move |_| confirming_free.set(false)>{tr(lang.get(), FREE_NO)}</button>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="button button-secondary" on:click=move |_| confirming_free.set(true)>{tr(lang.get(), FREE_BUTTON)}</button>
                        }.into_any()
                    }}
                </section>
            })}
            <section class="outbox-import">
                <h2>{move || tr(lang.get(), IMPORT)}</h2>
                <p class="hint" id="import-hint">{move || tr(lang.get(), IMPORT_HELP)}</p>
                <label class="button button-secondary file-label" for="import-bundles">{move || tr(lang.get(), IMPORT)}</label>
                <input id="import-bundles" class="file-input" type="file" multiple accept=".tokhai,.zip,application/vnd.tokhai.bundle+zip,application/zip"
                    aria-describedby="import-hint" on:change=on_import/>
            </section>
        </div>
    }
}

/// Everything a row shows that can change: a row is rebuilt when its key
/// changes (and only then).
fn row_key(o: &Outboxed) -> (String, &'static str, u32, Option<i64>, Option<i64>, Option<String>) {
    let status = match &o.entry.state {
        State::Accepted { receipt } => Some(receipt.status.clone()),
        _ => None,
    };
    (o.entry.id.clone(), o.entry.state.name(), o.entry.attempts, o.entry.due_at(), o.info.wiped_at, status)
}

#[component]
fn OutboxItem(item: Outboxed) -> impl IntoView {
    let lang = use_lang();
    let catalog = use_catalog().catalog;
    let view = delivery::view();
    let id = item.entry.id.clone();
    let code = item.info.procedure.clone();
    let name = move || {
        catalog.with(|c| c.as_ref().and_then(|c| c.procedure(&code).map(|p| p.name.get(lang.get()).to_owned()))).unwrap_or_else(|| code.clone())
    };
    let title_id = format!("bundle-{id}");
    // Another citizen's bundle (a closed or locked session): its state only.
    let open_session = crate::session::vault().map(|v| v.session);
    let hidden = item.info.session.is_some() && item.info.session != open_session;
    let citizen = RwSignal::new(item.info.citizen.clone().unwrap_or_default());
    if let (false, Some(sealed), Some(v)) = (hidden, item.info.citizen_enc.clone(), crate::session::vault()) {
        spawn_local(async move {
            if let Ok(name) = crate::session::cipher::open(&v.key, &sealed).await {
                citizen.set(String::from_utf8_lossy(&name).into_owned());
            }
        });
    }
    let imported = !item.info.local;
    let wiped = item.info.wiped_at.is_some();
    let attempts = item.entry.attempts;
    let state = item.entry.state.clone();
    let last_error = item.entry.last_error.clone();
    let progress = {
        let id = id.clone();
        move || view.progress.with(|p| p.get(&id).copied())
    };
    let (status_label, class) = match &state {
        State::Queued => (QUEUED, "state-queued"),
        State::Sending { .. } => (SENDING, "state-sending"),
        State::Waiting { .. } => (WAITING, "state-waiting"),
        State::Accepted { .. } => (ACCEPTED, "state-accepted"),
        State::Rejected { .. } => (REJECTED, "state-rejected"),
    };
    let details = match state.clone() {
        State::Waiting { until } => view! {
            <div><dt>{move || tr(lang.get(), NEXT_TRY)}</dt><dd>{when(until)}</dd></div>
            {last_error.clone().map(|e| view! { <div><dt>{move || tr(lang.get(), REASON)}</dt><dd>{e}</dd></div> })}
        }
        .into_any(),
        State::Accepted { .. } if hidden => ().into_any(),
        State::Accepted { receipt } => {
            view! { <div><dt>{move || tr(lang.get(), CASE)}</dt><dd class="case-number">{receipt.case_number.clone()}</dd></div> }.into_any()
        }
        State::Rejected { message, message_vi, code, .. } => {
            // The portal's own words: in Vietnamese when it gave them.
            let reason = move || match (lang.get(), &message_vi) {
                (Lang::Vi, Some(vi)) => format!("{vi} ({code})"),
                _ => format!("{message} ({code})"),
            };
            view! { <div><dt>{move || tr(lang.get(), REASON)}</dt><dd>{reason}</dd></div> }.into_any()
        }
        _ => ().into_any(),
    };
    // Why "Sửa và nộp lại" could not make the draft (the refused bundle stays as it is).
    let fix_failed: RwSignal<Option<Text>> = RwSignal::new(None);
    let actions = {
        let id = id.clone();
        let is_accepted = matches!(state, State::Accepted { .. }) && !hidden;
        let is_rejected = matches!(state, State::Rejected { .. }) && !hidden;
        let (id_save, id_fix) = (id.clone(), id.clone());
        view! {
            <div class="draft-actions">
                {is_accepted.then(|| view! { <a class="button button-primary" href=format!("/bien-nhan/{id}")>{move || tr(lang.get(), RECEIPT)}</a> })}
                {is_rejected.then(|| {
                    let navigate = leptos_router::hooks::use_navigate();
                    view! {
                        <button type="button" class="button button-primary" on:click=move |_| {
                            let (id, navigate) = (id_fix.clone(), navigate.clone());
                            spawn_local(async move {
                                match transfer::copy_back(&id).await {
                                    Ok(draft) => navigate(&crate::pages::form::draft_href(&draft, 0), Default::default()),
                                    Err(t) => fix_failed.set(Some(t)),
                                }
                            });
                        }>{move || tr(lang.get(), FIX)}</button>
                    }
                })}
                {(!hidden && !wiped).then(|| view! {
                    <button type="button" class="button button-secondary" on:click=move |_| transfer::save_bundle_file(id_save.clone())>{move || tr(lang.get(), SAVE_FILE)}</button>
                })}
            </div>
        }
    };
    view! {
        <li class=format!("bundle {class}") aria-labelledby=title_id.clone()>
            <h2 class="draft-title" id=title_id.clone()>
                {let name = name.clone(); move || if hidden { tr(lang.get(), OTHER_CITIZEN).to_owned() } else if citizen.with(String::is_empty) { name() } else { citizen.get() }}
                <span class="draft-procedure">{name} {imported.then(|| view! { " " {move || tr(lang.get(), IMPORTED)} })}</span>
            </h2>
            <p class="bundle-state"><strong>{move || tr(lang.get(), status_label)}</strong></p>
            {move || progress().map(|f| view! {
                <progress class="upload-bar" max="1" value=f aria-label=move || tr(lang.get(), SENDING)></progress>
            })}
            <dl class="draft-facts">
                <div><dt>{move || tr(lang.get(), ATTEMPTS)}</dt><dd>{attempts}</dd></div>
                {details}
            </dl>
            {wiped.then(|| view! { <p class="hint">{move || tr(lang.get(), WIPED)}</p> })}
            {actions}
            {move || fix_failed.get().map(|t| view! { <p class="notice" role="alert">{t.get(lang.get()).to_owned()}</p> })}
        </li>
    }
}
