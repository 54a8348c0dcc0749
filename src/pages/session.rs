//! Starting and ending a citizen's session on a shared device.
//!
//! `/phien-moi`: the citizen chooses a PIN (4–6 digits) that protects their
//! unfinished dossier on this device. `/cong-dan-tiep-theo`: the operator ends
//! the session — keeping the citizen's drafts locked under their PIN, or
//! discarding them — and the page reloads from scratch, so nothing of the
//! previous citizen stays on screen or in memory.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use tokhai_core::i18n::Text;
use tokhai_core::session::SessionKind;

use crate::i18n::{self, tr, use_lang, Ui};

const START_TITLE: Ui = ("Bắt đầu cho công dân mới", "Start for a new citizen");
const PERSONAL_TITLE: Ui = ("Khoá hồ sơ bằng mã PIN", "Lock drafts with a PIN");
const START_HELP: Ui = (
    "Mời công dân tự chọn một mã PIN từ 4 đến 6 chữ số và nhớ kỹ. Hồ sơ của công dân được mã hoá trên máy này; chỉ mã PIN này mở lại được.",
    "Ask the citizen to choose a PIN of 4 to 6 digits and remember it. Their dossier is encrypted on this device; only this PIN opens it again.",
);
const PERSONAL_HELP: Ui = (
    "Hồ sơ đang khai trên máy này sẽ được mã hoá. Mỗi lần mở ứng dụng, hoặc sau vài phút không dùng, cần nhập mã PIN.",
    "Drafts on this device will be encrypted. The PIN is needed each time the app opens, or after a few minutes unused.",
);
const PIN: Ui = ("Mã PIN (4–6 chữ số)", "PIN (4–6 digits)");
const PIN_AGAIN: Ui = ("Nhập lại mã PIN", "Enter the PIN again");
const MISMATCH: Ui = ("Hai lần nhập mã PIN không giống nhau.", "The two PINs differ.");
const START: Ui = ("Bắt đầu", "Start");
const STARTING: Ui = ("Đang tạo khoá mã hoá…", "Creating the encryption key…");
const NEXT_TITLE: Ui = ("Công dân tiếp theo", "Next citizen");
const NEXT_HELP: Ui = (
    "Kết thúc phiên của công dân vừa rồi. Hồ sơ đã nộp vẫn được gửi đi như bình thường.",
    "End the previous citizen's session. Filed dossiers are still sent as usual.",
);
const KEEP: Ui = (
    "Giữ lại hồ sơ chưa nộp, khoá bằng mã PIN của công dân (công dân quay lại khai tiếp được)",
    "Keep the unfiled drafts, locked with the citizen's PIN (the citizen can come back to finish)",
);
const DISCARD: Ui = ("Huỷ toàn bộ hồ sơ chưa nộp của công dân này", "Discard all of this citizen's unfiled drafts");
const CHOICE: Ui = ("Hồ sơ chưa nộp của công dân này", "This citizen's unfiled drafts");
const END: Ui = ("Kết thúc phiên", "End the session");
const NO_SESSION: Ui = ("Không có phiên nào đang mở.", "No session is open.");

#[component]
pub fn StartSessionPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let navigate = use_navigate();
    let personal = Memo::new(move |_| query.read().get("rieng").is_some());
    let pin = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let problem: RwSignal<Option<Text>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    Effect::new(move || request_animation_frame(crate::ready::mark_interactive));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pin.get_untracked() != again.get_untracked() {
            problem.set(Some(Text::new(MISMATCH.0, MISMATCH.1)));
            return;
        }
        busy.set(true);
        let next = query.get_untracked().get("tiep").filter(|u| u.starts_with('/')).unwrap_or_else(|| "/".into());
        let kind = if personal.get_untracked() { SessionKind::Personal } else { SessionKind::Citizen };
        let operator = crate::operator::settings().get_untracked().map(|o| o.name);
        let navigate = navigate.clone();
        spawn_local(async move {
            match crate::session::start(kind, &pin.get_untracked(), operator).await {
                Ok(_) => {
                    if kind == SessionKind::Personal {
                        crate::session::adopt_unlocked_drafts().await;
                    }
                    navigate(&next, Default::default());
                }
                Err(t) => {
                    problem.set(Some(t));
                    busy.set(false);
                }
            }
        });
    };
    let title = move || tr(lang.get(), if personal.get() { PERSONAL_TITLE } else { START_TITLE });
    Effect::new(move || document().set_title(&format!("{} — {}", title(), tr(lang.get(), i18n::APP_NAME))));
    view! {
        <div class="form-page page-session">
            <h1>{title}</h1>
            <p class="lead">{move || tr(lang.get(), if personal.get() { PERSONAL_HELP } else { START_HELP })}</p>
            {move || problem.get().map(|p| view! { <p class="error-summary" role="alert">{p.get(lang.get()).to_owned()}</p> })}
            <form class="form" on:submit=on_submit>
                <div class="field">
                    <label class="label" for="pin">{move || tr(lang.get(), PIN)}</label>
                    <input id="pin" class="input input-short" type="password" inputmode="numeric" autocomplete="off" maxlength="6"
                        prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label class="label" for="pin-again">{move || tr(lang.get(), PIN_AGAIN)}</label>
                    <input id="pin-again" class="input input-short" type="password" inputmode="numeric" autocomplete="off" maxlength="6"
                        prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev))/>
                </div>
                <div class="actions">
                    <button type="submit" class="button button-primary" disabled=move || busy.get()>
                        {move || tr(lang.get(), if busy.get() { STARTING } else { START })}
                    </button>
                </div>
            </form>
        </div>
    }
}

#[component]
pub fn NextCitizenPage() -> impl IntoView {
    let lang = use_lang();
    let keep = RwSignal::new(true);
    let busy = RwSignal::new(false);
    let problem: RwSignal<Option<Text>> = RwSignal::new(None);
    let open = crate::session::open_session();
    Effect::new(move || request_animation_frame(crate::ready::mark_interactive));
    Effect::new(move || document().set_title(&format!("{} — {}", tr(lang.get(), NEXT_TITLE), tr(lang.get(), i18n::APP_NAME))));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        spawn_local(async move {
            match crate::session::close(!keep.get_untracked()).await {
                // A fresh page: nothing of the previous citizen stays in memory or on screen.
                Ok(()) => {
                    let _ = window().location().assign("/?phien=da-dong");
                }
                Err(t) => {
                    problem.set(Some(t));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <div class="form-page page-session">
            <h1>{move || tr(lang.get(), NEXT_TITLE)}</h1>
            {move || match open.get() {
                None => view! { <p>{tr(lang.get(), NO_SESSION)}</p> }.into_any(),
                Some(_) => view! {
                    <p class="lead">{tr(lang.get(), NEXT_HELP)}</p>
                    {move || problem.get().map(|p| view! { <p class="error-summary" role="alert">{p.get(lang.get()).to_owned()}</p> })}
                    <form class="form" on:submit=on_submit>
                        <fieldset class="fieldset">
                            <legend class="legend">{tr(lang.get(), CHOICE)}</legend>
                            <div class="choices">
                                <div class="choice">
                                    <input type="radio" class="choice-input" id="keep" name="keep" prop:checked=move || keep.get()
                                        on:change=move |_| keep.set(true)/>
                                    <label class="choice-label" for="keep">{tr(lang.get(), KEEP)}</label>
                                </div>
                                <div class="choice">
                                    <input type="radio" class="choice-input" id="discard" name="keep" prop:checked=move || !keep.get()
                                        on:change=move |_| keep.set(false)/>
                                    <label class="choice-label" for="discard">{tr(lang.get(), DISCARD)}</label>
                                </div>
                            </div>
                        </fieldset>
                        <div class="actions">
                            <button type="submit" class="button button-primary" disabled=move || busy.get()>{tr(lang.get(), END)}</button>
                        </div>
                    </form>
                }
                .into_any(),
            }}
        </div>
    }
}
