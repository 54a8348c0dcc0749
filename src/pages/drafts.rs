//! "Hồ sơ đang khai": every draft on this device, newest change first, with
//! its procedure, the person it is for, when it last changed, how complete it
//! is and how many files it holds. Resume, duplicate, delete (confirmed, and
//! undoable for a while — the draft is only purged later).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tokhai_core::catalog::Catalog;
use tokhai_core::draft::Draft;
use tokhai_core::i18n::{Lang, Text};
use tokhai_core::time::Instant;

use crate::catalog_state::use_catalog;
use crate::i18n::{self, tr, use_lang, Ui};
use crate::messages;
use crate::pages::form::draft_href;
use crate::storage;
use crate::storage::drafts::DraftList;
use tokhai_core::session::SessionRecord;

const TITLE: Ui = ("Hồ sơ đang khai", "My drafts");
const INTRO: Ui = (
    "Hồ sơ được lưu ngay trên máy này khi bạn khai, kể cả khi không có mạng.",
    "Dossiers are saved on this device as you fill them in, even without a network.",
);
const EMPTY: Ui = ("Chưa có hồ sơ nào đang khai.", "No drafts yet.");
const START: Ui = ("Chọn thủ tục để bắt đầu", "Choose a procedure to start");
const LOADING: Ui = ("Đang đọc hồ sơ trên máy…", "Reading drafts on this device…");
const CITIZEN_UNKNOWN: Ui = ("(chưa ghi tên)", "(no name yet)");
const CHANGED: Ui = ("Sửa lần cuối", "Last changed");
const COMPLETE: Ui = ("Đã khai", "Completed");
const FILES: Ui = ("Tệp đính kèm", "Attachments");
const RESUME: Ui = ("Khai tiếp", "Continue");
const DUPLICATE: Ui = ("Nhân bản", "Duplicate");
const DELETE: Ui = ("Xoá", "Delete");
const CONFIRM: Ui = ("Xoá hồ sơ này cùng các tệp đính kèm?", "Delete this draft and its attachments?");
const CONFIRM_YES: Ui = ("Xoá hồ sơ", "Delete draft");
const CONFIRM_NO: Ui = ("Không xoá", "Keep it");
const DELETED: Ui = ("Đã xoá hồ sơ", "Draft deleted");
const UNDO: Ui = ("Hoàn tác", "Undo");
const DUPLICATED: Ui = ("Đã tạo bản sao của hồ sơ.", "A copy of the draft was made.");
const UNREADABLE: Ui = (
    "Có hồ sơ trên máy không đọc được; hồ sơ đó vẫn được giữ nguyên.",
    "A draft on this device could not be read; it is kept as it is.",
);
const LOCKED_TITLE: Ui = ("Hồ sơ đã khoá của công dân khác", "Locked drafts of other citizens");
const LOCKED_HELP: Ui = (
    "Mỗi phiên chỉ mở được bằng mã PIN do công dân đó đặt. Nội dung được mã hoá trên máy.",
    "Each session opens only with the PIN its citizen chose. Its contents are encrypted on this device.",
);
const LOCKED_ROW: Ui = ("Phiên bắt đầu lúc", "Session started at");
const LOCKED_COUNT: Ui = ("hồ sơ đang khai", "draft(s)");
const PIN: Ui = ("Mã PIN của công dân", "The citizen's PIN");
const OPEN_WITH_PIN: Ui = ("Mở bằng mã PIN", "Open with the PIN");
const OPENING: Ui = ("Đang mở…", "Opening…");
const DISCARD: Ui = ("Huỷ các hồ sơ này", "Discard these drafts");
const DISCARD_CONFIRM: Ui = ("Xoá hẳn các hồ sơ chưa nộp của phiên này?", "Delete this session's unfiled drafts for good?");
const PROCEDURE_MISSING: Ui = ("Thủ tục không còn trong danh mục", "Procedure no longer in the catalog");
const SAVE_FILE: Ui = ("Lưu thành tệp", "Save as a file");
const OPEN_FILE: Ui = ("Mở hồ sơ từ tệp", "Open a draft from a file");
const OPEN_FILE_HELP: Ui = (
    "Chọn tệp hồ sơ đang khai (.tokhai-nhap) đã lưu từ máy này hoặc máy khác, để khai tiếp ở đây.",
    "Choose a draft file (.tokhai-nhap) saved on this or another device, to continue it here.",
);

/// How long "Hoàn tác" stays possible before a deleted draft is purged.
const UNDO_MS: f64 = 15_000.0;
/// Drafts opened but never filled are purged after this long.
const EMPTY_DRAFT_MS: i64 = 60 * 60 * 1000;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[component]
pub fn DraftsPage() -> impl IntoView {
    let lang = use_lang();
    let catalog = use_catalog().catalog;
    let drafts: RwSignal<Option<Vec<Draft>>> = RwSignal::new(None);
    let locked: RwSignal<Vec<(SessionRecord, usize)>> = RwSignal::new(Vec::new());
    let problem: RwSignal<Option<Text>> = RwSignal::new(None);
    let notice: RwSignal<Option<Text>> = RwSignal::new(None);
    let undo: RwSignal<Option<String>> = RwSignal::new(None);

    let reload = move || {
        spawn_local(async move {
            match load().await {
                Ok((list, unreadable, sessions)) => {
                    if unreadable > 0 {
                        problem.set(Some(Text::new(UNREADABLE.0, UNREADABLE.1)));
                    }
                    drafts.set(Some(list));
                    locked.set(sessions);
                }
                Err(e) => {
                    problem.set(Some(e));
                    drafts.set(Some(Vec::new()));
                }
            }
        });
    };
    // Sessions opening, locking or closing change what can be shown.
    Effect::new(move |first: Option<()>| {
        crate::session::changed().track();
        if first.is_some() {
            reload();
        }
    });
    crate::perf::mark("tokhai:drafts:start");
    reload();
    Effect::new(move || {
        if drafts.with(Option::is_some) {
            request_animation_frame(crate::ready::mark_interactive);
            crate::perf::measure_next_frame("tokhai:drafts", "tokhai:drafts:start");
        }
    });
    Effect::new(move || document().set_title(&format!("{} — {}", tr(lang.get(), TITLE), tr(lang.get(), i18n::APP_NAME))));

    let on_delete = Callback::new(move |id: String| {
        crate::autosave::forget_unsaved(&id);
        spawn_local(async move {
            let Ok(db) = storage::db().await else { return };
            match db.mark_draft_deleted(&id, now_ms()).await {
                Ok(()) => {
                    drafts.update(|d| {
                        if let Some(list) = d {
                            list.retain(|x| x.id != id);
                        }
                    });
                    undo.set(Some(id.clone()));
                    notice.set(None);
                    // Purge once the undo window has passed (if the page is still open;
                    // otherwise the next visit to this page purges it).
                    gloo_timers::callback::Timeout::new(UNDO_MS as u32 + 500, move || {
                        spawn_local(async move {
                            if let Ok(db) = storage::db().await {
                                let _ = db.purge_deleted(now_ms() - UNDO_MS).await;
                            }
                        })
                    })
                    .forget();
                }
                Err(e) => problem.set(Some(messages::storage(&e))),
            }
        });
    });
    let on_undo = move |_| {
        let Some(id) = undo.get_untracked() else { return };
        spawn_local(async move {
            if let Ok(db) = storage::db().await {
                if db.restore_draft(&id).await.is_ok() {
                    undo.set(None);
                    reload();
                }
            }
        });
    };
    let on_duplicate = Callback::new(move |id: String| {
        spawn_local(async move {
            match duplicate(&id).await {
                Ok(()) => {
                    notice.set(Some(Text::new(DUPLICATED.0, DUPLICATED.1)));
                    reload();
                }
                Err(e) => problem.set(Some(e)),
            }
        });
    });

    let on_save_file = Callback::new(move |id: String| {
        spawn_local(async move {
            let result = match storage::db().await {
                Ok(db) => match db.draft(&id).await {
                    Ok(Some(d)) => crate::transfer::save_draft_file(&d).await,
                    Ok(None) => return,
                    Err(e) => Err(messages::storage(&e)),
                },
                Err(e) => Err(messages::storage(&e)),
            };
            match result {
                Ok(name) => notice.set(Some(Text::new(format!("Đã lưu hồ sơ vào tệp “{name}”."), format!("The draft was saved to the file “{name}”.")))),
                Err(t) => problem.set(Some(t)),
            }
        });
    });
    let navigate = leptos_router::hooks::use_navigate();
    let on_open_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) else { return };
        let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
        input.set_value("");
        problem.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match crate::transfer::open_draft_file(&file).await {
                Ok(id) => navigate(&draft_href(&id, 0), Default::default()),
                Err(t) => problem.set(Some(Text::new(
                    format!("Không mở được “{}”: {}", file.name(), t.vi),
                    format!("Could not open “{}”: {}", file.name(), t.get(Lang::En)),
                ))),
            }
        });
    };

    view! {
        <div class="page-drafts">
            <h1>{move || tr(lang.get(), TITLE)}</h1>
            <p class="lead">{move || tr(lang.get(), INTRO)}</p>
            {move || problem.get().map(|p| view! { <p class="notice" role="alert">{p.get(lang.get()).to_owned()}</p> })}
            <div role="status" class="draft-status">
                {move || notice.get().map(|n| view! { <p class="notice-ok">{n.get(lang.get()).to_owned()}</p> })}
                {move || undo.get().map(|_| view! {
                    <p class="notice-ok">{tr(lang.get(), DELETED)} ". "
                        <button type="button" class="link-button" on:click=on_undo>{tr(lang.get(), UNDO)}</button>
                    </p>
                })}
            </div>
            {move || (!locked.with(Vec::is_empty)).then(|| view! {
                <section class="locked-sessions">
                    <h2>{tr(lang.get(), LOCKED_TITLE)}</h2>
                    <p class="hint">{tr(lang.get(), LOCKED_HELP)}</p>
                    <ul class="draft-list" aria-label=tr(lang.get(), LOCKED_TITLE)>
                        {locked.get().into_iter().map(|(s, n)| view! { <LockedSession session=s count=n/> }).collect_view()}
                    </ul>
                </section>
            })}
            {move || match drafts.get() {
                None => view! { <p class="loading" role="status">{tr(lang.get(), LOADING)}</p> }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <p>{tr(lang.get(), EMPTY)}</p>
                    <p><a class="button button-primary" href="/">{tr(lang.get(), START)}</a></p>
                }
                .into_any(),
                Some(list) => {
                    let cat = catalog.get();
                    view! {
                        <ul class="draft-list" aria-label=tr(lang.get(), TITLE)>
                            {list.into_iter().map(|d| view! {
                                <DraftItem draft=d catalog=cat.clone() on_delete=on_delete on_duplicate=on_duplicate on_save_file=on_save_file/>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
            <section class="drafts-open-file">
                <h2>{move || tr(lang.get(), OPEN_FILE)}</h2>
                <p class="hint" id="open-draft-hint">{move || tr(lang.get(), OPEN_FILE_HELP)}</p>
                <label class="button button-secondary file-label" for="open-draft-file">{move || tr(lang.get(), OPEN_FILE)}</label>
                <input id="open-draft-file" class="file-input" type="file" accept=".tokhai-nhap,application/vnd.tokhai.draft+zip"
                    aria-describedby="open-draft-hint" on:change=on_open_file/>
            </section>
        </div>
    }
}

/// Purges what is due, then reads the drafts worth listing, and the locked
/// sessions (with how many drafts each holds).
async fn load() -> Result<(Vec<Draft>, usize, Vec<(SessionRecord, usize)>), Text> {
    let db = storage::db().await.map_err(|e| messages::storage(&e))?;
    let _ = db.purge_deleted(now_ms() - UNDO_MS).await;
    let DraftList { drafts: list, locked, unreadable } = db.drafts().await.map_err(|e| messages::storage(&e))?;
    let mut sessions = Vec::new();
    for (id, n) in locked {
        if let Ok(Some(s)) = db.session(&id).await {
            sessions.push((s, n));
        }
    }
    sessions.sort_by_key(|(s, _)| std::cmp::Reverse(s.created_at));
    let cutoff = now_ms() as i64 - EMPTY_DRAFT_MS;
    let mut shown = Vec::new();
    for d in list {
        if !d.summary.started {
            if d.updated_at < cutoff {
                let _ = db.delete_draft_now(&d.id).await;
            }
            continue;
        }
        shown.push(d);
    }
    Ok((shown, unreadable, sessions))
}

async fn duplicate(id: &str) -> Result<(), Text> {
    let db = storage::db().await.map_err(|e| messages::storage(&e))?;
    let Some(original) = db.draft(id).await.map_err(|e| messages::storage(&e))? else { return Ok(()) };
    let copy = original.duplicate(crate::ids::new_id(), Instant(now_ms() as i64));
    // One transaction: a copy that appears in the list has all its files.
    let files = db.attachments_for_copy(&original.id, &copy.id, crate::ids::new_id).await.map_err(|e| messages::storage(&e))?;
    db.create_draft(&copy, &files).await.map_err(|e| messages::storage(&e))
}

/// `22/11/2026 10:42`, Vietnam time.
fn when(ms: i64) -> String {
    let t = Instant(ms);
    let (h, m) = t.vietnam_hh_mm();
    format!("{} {h:02}:{m:02}", t.vietnam_date().to_vn())
}

#[component]
fn DraftItem(
    draft: Draft,
    catalog: Option<Arc<Catalog>>,
    on_delete: Callback<String>,
    on_duplicate: Callback<String>,
    on_save_file: Callback<String>,
) -> impl IntoView {
    let lang = use_lang();
    let confirming = RwSignal::new(false);
    let procedure = catalog.as_ref().and_then(|c| c.procedure(&draft.procedure).map(|p| p.name.clone()));
    let title_id = format!("draft-{}", draft.id);
    let citizen = draft.summary.citizen.clone();
    let (id_del, id_dup, id_file) = (draft.id.clone(), draft.id.clone(), draft.id.clone());
    let code = draft.procedure.clone();
    let href = draft_href(&draft.id, draft.step as usize);
    let percent = draft.summary.percent;
    let files = draft.summary.attachments;
    let changed = when(draft.updated_at);
    let name = move |l: Lang| procedure.as_ref().map(|p| p.get(l).to_owned()).unwrap_or_else(|| format!("{} ({code})", tr(l, PROCEDURE_MISSING)));
    view! {
        <li class="draft" aria-labelledby=title_id.clone()>
            <h2 class="draft-title" id=title_id.clone()>
                {move || citizen.clone().unwrap_or_else(|| tr(lang.get(), CITIZEN_UNKNOWN).to_owned())}
                <span class="draft-procedure">{move || name(lang.get())}</span>
            </h2>
            <dl class="draft-facts">
                <div><dt>{move || tr(lang.get(), CHANGED)}</dt><dd>{changed}</dd></div>
                <div><dt>{move || tr(lang.get(), COMPLETE)}</dt><dd>{format!("{percent} %")}</dd></div>
                <div><dt>{move || tr(lang.get(), FILES)}</dt><dd>{files}</dd></div>
            </dl>
            <progress class="draft-bar" max="100" value=percent aria-hidden="true"></progress>
            <div class="draft-actions">
                <a class="button button-primary" href=href>{move || tr(lang.get(), RESUME)}</a>
                <button type="button" class="button button-secondary" on:click=move |_| on_duplicate.run(id_dup.clone())>
                    {move || tr(lang.get(), DUPLICATE)}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| on_save_file.run(id_file.clone())>
                    {move || tr(lang.get(), SAVE_FILE)}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| confirming.set(true)
                    prop:hidden=move || confirming.get()>
                    {move || tr(lang.get(), DELETE)}
                </button>
            </div>
            {move || confirming.get().then(|| {
                let id = id_del.clone();
                view! {
                    <div class="confirm" role="alertdialog" aria-label=tr(lang.get(), CONFIRM)>
                        <p>{tr(lang.get(), CONFIRM)}</p>
                        <button type="button" class="button button-danger" on:click=move |_| on_delete.run(id.clone())>{tr(lang.get(), CONFIRM_YES)}</button>
                        <button type="button" class="button button-secondary" on:click=move |_| confirming.set(false)>{tr(lang.get(), CONFIRM_NO)}</button>
                    </div>
                }
            })}
        </li>
    }
}

/// A locked session: its start time and draft count (nothing that names the
/// citizen), a PIN field to open it, and discarding.
#[component]
fn LockedSession(session: SessionRecord, count: usize) -> impl IntoView {
    let lang = use_lang();
    let pin = RwSignal::new(String::new());
    let problem: RwSignal<Option<Text>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let id = session.id.clone();
    let pin_id = format!("pin-{id}");
    let title_id = format!("session-{id}");
    let started = when(session.created_at);
    let open = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (id, p) = (id.clone(), pin.get_untracked());
            busy.set(true);
            spawn_local(async move {
                let result = crate::session::unlock(&id, &p).await;
                busy.set(false);
                pin.set(String::new());
                if let Err(t) = result {
                    problem.set(Some(t));
                }
            });
        }
    };
    let discard = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            spawn_local(async move {
                if let Ok(db) = storage::db().await {
                    let _ = db.delete_session_drafts(&id).await;
                    crate::session::changed().update(|c| *c += 1);
                }
            });
        }
    };
    view! {
        <li class="draft locked" aria-labelledby=title_id.clone()>
            <h3 class="draft-title" id=title_id.clone()>{move || format!("{} {started}", tr(lang.get(), LOCKED_ROW))}</h3>
            <p>{move || format!("{count} {}", tr(lang.get(), LOCKED_COUNT))}</p>
            <form class="pin-form" on:submit=open>
                <label class="label" for=pin_id.clone()>{move || tr(lang.get(), PIN)}</label>
                <input id=pin_id class="input input-short" type="password" inputmode="numeric" autocomplete="off"
                    maxlength="6" prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
                {move || problem.get().map(|p| view! { <p class="error-message" role="alert">{p.get(lang.get()).to_owned()}</p> })}
                <div class="draft-actions">
                    <button type="submit" class="button button-primary" disabled=move || busy.get()>
                        {move || if busy.get() { tr(lang.get(), OPENING) } else { tr(lang.get(), OPEN_WITH_PIN) }}
                    </button>
                    <button type="button" class="button button-secondary" on:click=move |_| confirming.set(true)>{move || tr(lang.get(), DISCARD)}</button>
                </div>
            </form>
            {move || confirming.get().then(|| view! {
                <div class="confirm" role="alertdialog" aria-label=tr(lang.get(), DISCARD_CONFIRM)>
                    <p>{tr(lang.get(), DISCARD_CONFIRM)}</p>
                    <button type="button" class="button button-danger" on:click=discard.clone()>{tr(lang.get(), DISCARD)}</button>
                    <button type="button" class="button button-secondary" on:click=move |_| confirming.set(false)>{tr(lang.get(), CONFIRM_NO)}</button>
                </div>
            })}
        </li>
    }
}
