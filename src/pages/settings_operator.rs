//! Settings for shared devices (operator mode) and for a citizen's own phone
//! (the PIN lock). Citizens' own phones skip operator mode entirely.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tokhai_core::bundle::{role_label, OperatorRole};
use tokhai_core::i18n::Text;

use crate::i18n::{tr, use_lang, Ui};
use crate::storage::settings::{OperatorSettings, AUTO_LOCK_MINUTES, RETENTION_DAYS};

const TITLE: Ui = ("Máy dùng chung để khai hộ công dân", "Shared device for filing on behalf of citizens");
const HELP: Ui = (
    "Dành cho tình nguyện viên, tổ công tác lưu động và cán bộ một cửa. Mỗi công dân được khai trong một phiên riêng có mã PIN; hồ sơ được ghi tên người khai hộ và xác nhận của công dân.",
    "For volunteers, outreach teams and counter officers. Each citizen is served in their own PIN-protected session; dossiers record who filed them and the citizen's consent.",
);
const NAME: Ui = ("Họ và tên người khai hộ", "Operator's full name");
const ROLE: Ui = ("Vai trò", "Role");
const STATION: Ui = ("Điểm hỗ trợ hoặc tổ công tác", "Station or team");
const STATION_HINT: Ui = ("Ví dụ: Điểm hỗ trợ dịch vụ công phường Ba Đình", "e.g. Ba Đình ward public service support point");
const PROVINCE: Ui = ("Tỉnh, thành phố làm việc", "Province of work");
const WARD: Ui = ("Xã, phường làm việc", "Ward of work");
const AUTO_LOCK: Ui = ("Tự khoá phiên sau (phút không dùng)", "Lock the session after (minutes unused)");
const RETENTION: Ui = ("Giữ bản sao hồ sơ đã được tiếp nhận trên máy (ngày)", "Keep copies of accepted dossiers on the device (days)");
const SAVE: Ui = ("Lưu và bật chế độ khai hộ", "Save and turn on assisted filing");
const OFF: Ui = ("Tắt chế độ khai hộ", "Turn off assisted filing");
const SAVED: Ui = ("Đã lưu cài đặt máy dùng chung.", "Shared-device settings saved.");
const TURNED_OFF: Ui = ("Đã tắt chế độ khai hộ.", "Assisted filing turned off.");
const MISSING: Ui = ("Hãy điền đủ họ tên, điểm hỗ trợ và xã, phường làm việc.", "Fill in the name, station and ward of work.");
const CHOOSE: Ui = ("— Chọn —", "— Choose —");
const LOCK_TITLE: Ui = ("Khoá hồ sơ trên máy này bằng mã PIN", "Lock drafts on this device with a PIN");
const LOCK_HELP: Ui = (
    "Nếu người khác có thể cầm máy của bạn, hãy bật khoá: hồ sơ đang khai được mã hoá và cần mã PIN để mở.",
    "If someone else may use your phone, turn on the lock: drafts are encrypted and need the PIN to open.",
);
const LOCK_ON: Ui = ("Bật khoá bằng mã PIN", "Turn on the PIN lock");
const LOCK_IS_ON: Ui = ("Khoá bằng mã PIN đang bật.", "The PIN lock is on.");
const LOCK_NOW: Ui = ("Khoá ngay", "Lock now");

#[component]
pub fn OperatorSettingsSection() -> impl IntoView {
    let lang = use_lang();
    let current = crate::operator::settings();
    let init = current.get_untracked();
    let name = RwSignal::new(init.as_ref().map(|o| o.name.clone()).unwrap_or_default());
    let role = RwSignal::new(init.as_ref().map_or(OperatorRole::Volunteer, |o| o.role));
    let station = RwSignal::new(init.as_ref().map(|o| o.station.clone()).unwrap_or_default());
    let province = RwSignal::new(init.as_ref().map(|o| o.home_province.clone()).unwrap_or_default());
    let ward = RwSignal::new(init.as_ref().map(|o| o.home_ward.clone()).unwrap_or_default());
    let lock_min = RwSignal::new(init.as_ref().map_or(AUTO_LOCK_MINUTES, |o| o.auto_lock_minutes));
    let keep_days = RwSignal::new(init.as_ref().map_or(RETENTION_DAYS, |o| o.retention_days));
    let status: RwSignal<Option<Text>> = RwSignal::new(None);
    crate::addresses::request();
    let book = crate::addresses::book();
    let provinces = move || book.with(|b| b.as_ref().map(|b| b.provinces().iter().map(|p| (p.code().to_owned(), p.full_name())).collect::<Vec<_>>()).unwrap_or_default());
    let wards = move || {
        let p = province.get();
        book.with(|b| b.as_ref().map(|b| b.wards_of(&p).iter().map(|w| (w.code().to_owned(), w.full_name())).collect::<Vec<_>>()).unwrap_or_default())
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = OperatorSettings {
            name: name.get_untracked().trim().to_owned(),
            role: role.get_untracked(),
            station: station.get_untracked().trim().to_owned(),
            home_province: province.get_untracked(),
            home_ward: ward.get_untracked(),
            auto_lock_minutes: lock_min.get_untracked(),
            retention_days: keep_days.get_untracked(),
        };
        if s.name.is_empty() || s.station.is_empty() || s.home_ward.len() != 5 {
            status.set(Some(Text::new(MISSING.0, MISSING.1)));
            return;
        }
        spawn_local(async move {
            status.set(Some(match crate::operator::save(Some(s)).await {
                Ok(()) => Text::new(SAVED.0, SAVED.1),
                Err(e) => crate::messages::storage(&e),
            }));
        });
    };
    let turn_off = move |_| {
        spawn_local(async move {
            crate::session::lock().await;
            status.set(Some(match crate::operator::save(None).await {
                Ok(()) => Text::new(TURNED_OFF.0, TURNED_OFF.1),
                Err(e) => crate::messages::storage(&e),
            }));
        });
    };
    let roles = [OperatorRole::Volunteer, OperatorRole::Outreach, OperatorRole::Counter];
    view! {
        // Folded away on citizens' own phones: most people never need it.
        <details class="operator-settings" open=init.is_some()>
            <summary class="summary-heading">{move || tr(lang.get(), TITLE)}</summary>
            <p class="hint">{move || tr(lang.get(), HELP)}</p>
            <div role="status">{move || status.get().map(|s| view! { <p class="notice-ok">{s.get(lang.get()).to_owned()}</p> })}</div>
            <form class="form" on:submit=save>
                <div class="field">
                    <label class="label" for="op-name">{move || tr(lang.get(), NAME)}</label>
                    <input id="op-name" class="input" type="text" autocomplete="name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <fieldset class="fieldset field">
                    <legend class="legend">{move || tr(lang.get(), ROLE)}</legend>
                    <div class="choices">
                        {roles.into_iter().map(|r| {
                            let id = format!("op-role-{}", serde_json::to_value(r).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default());
                            view! {
                                <div class="choice">
                                    <input type="radio" class="choice-input" id=id.clone() name="op-role" prop:checked=move || role.get() == r on:change=move |_| role.set(r)/>
                                    <label class="choice-label" for=id>{move || role_label(r).get(lang.get()).to_owned()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <div class="field">
                    <label class="label" for="op-station">{move || tr(lang.get(), STATION)}</label>
                    <input id="op-station" class="input" type="text" placeholder=move || tr(lang.get(), STATION_HINT)
                        prop:value=move || station.get() on:input=move |ev| station.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label class="label" for="op-province">{move || tr(lang.get(), PROVINCE)}</label>
                    <select id="op-province" class="select" on:change=move |ev| { province.set(event_target_value(&ev)); ward.set(String::new()); }>
                        <option value="">{move || tr(lang.get(), CHOOSE)}</option>
                        {move || provinces().into_iter().map(|(c, n)| { let sel = province.get_untracked() == c; view! { <option value=c selected=sel>{n}</option> } }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="label" for="op-ward">{move || tr(lang.get(), WARD)}</label>
                    <select id="op-ward" class="select" on:change=move |ev| ward.set(event_target_value(&ev))>
                        <option value="">{move || tr(lang.get(), CHOOSE)}</option>
                        {move || wards().into_iter().map(|(c, n)| { let sel = ward.get_untracked() == c; view! { <option value=c selected=sel>{n}</option> } }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="label" for="op-lock">{move || tr(lang.get(), AUTO_LOCK)}</label>
                    <select id="op-lock" class="select input-short" on:change=move |ev| if let Ok(v) = event_target_value(&ev).parse() { lock_min.set(v) }>
                        {[2u32, 5, 10, 15].into_iter().map(|m| view! { <option value=m.to_string() selected=move || lock_min.get() == m>{m}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="label" for="op-keep">{move || tr(lang.get(), RETENTION)}</label>
                    <select id="op-keep" class="select input-short" on:change=move |ev| if let Ok(v) = event_target_value(&ev).parse() { keep_days.set(v) }>
                        {[1u32, 3, 7, 14, 30].into_iter().map(|d| view! { <option value=d.to_string() selected=move || keep_days.get() == d>{d}</option> }).collect_view()}
                    </select>
                </div>
                <div class="actions">
                    <button type="submit" class="button button-primary">{move || tr(lang.get(), SAVE)}</button>
                    {move || current.get().is_some().then(|| view! {
                        <button type="button" class="button button-secondary" on:click=turn_off>{tr(lang.get(), OFF)}</button>
                    })}
                </div>
            </form>
        </details>
    }
}

/// The PIN lock of a citizen's own phone (not shown on operator devices).
#[component]
pub fn PersonalLockSection() -> impl IntoView {
    let lang = use_lang();
    let on = RwSignal::new(false);
    Effect::new(move || {
        crate::session::changed().track();
        spawn_local(async move { on.set(crate::session::personal_lock_on().await) });
    });
    let open = crate::session::open_session();
    move || {
        crate::operator::settings().get().is_none().then(|| {
            let l = lang.get();
            view! {
                <section>
                    <h2>{tr(l, LOCK_TITLE)}</h2>
                    <p class="hint">{tr(l, LOCK_HELP)}</p>
                    {if on.get() {
                        view! {
                            <p>{tr(l, LOCK_IS_ON)}</p>
                            {move || open.get().is_some().then(|| view! {
                                <button type="button" class="button button-secondary"
                                    on:click=move |_| spawn_local(async { crate::session::lock().await; let _ = window().location().assign("/ho-so"); })>
                                    {tr(lang.get(), LOCK_NOW)}
                                </button>
                            })}
                        }
                        .into_any()
                    } else {
                        view! { <a class="button button-secondary" href="/phien-moi?rieng=1">{tr(l, LOCK_ON)}</a> }.into_any()
                    }}
                </section>
            }
        })
    }
}
