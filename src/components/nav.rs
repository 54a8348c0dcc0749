//! The main navigation: procedures, the drafts on this device, the outbox,
//! the team dashboard (operator devices only), settings.
//! Router links mark the current page with `aria-current="page"`.
//!
//! GOV.UK's service navigation: on a narrow screen (or at 200 % text zoom) the
//! links fold behind a "Menu" button (`aria-expanded`, `aria-controls`) and open
//! as a list, one 48 px row each, so none is cut off or needs sideways
//! scrolling; on a wide screen the button is hidden and the links wrap.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::i18n::{t, Ui};

const NAV: Ui = ("Điều hướng chính", "Main navigation");
const MENU: Ui = ("Menu", "Menu");
const PROCEDURES: Ui = ("Thủ tục", "Procedures");
const DRAFTS: Ui = ("Hồ sơ đang khai", "My drafts");
const OUTBOX: Ui = ("Hộp thư đi", "Outbox");
const SETTINGS: Ui = ("Cài đặt", "Settings");
const DASHBOARD: Ui = ("Bảng điều khiển", "Dashboard");

#[component]
pub fn MainNav() -> impl IntoView {
    let open = RwSignal::new(false);
    // A link followed (or the back button) closes the menu.
    let location = use_location();
    Effect::new(move || {
        location.pathname.track();
        open.set(false);
    });
    view! {
        <nav class="main-nav" class:main-nav-open=move || open.get() aria-label=t(NAV)>
            <button type="button" class="menu-toggle" aria-controls="main-nav-list"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {t(MENU)}
            </button>
            <ul class="main-nav-list" id="main-nav-list">
                <li><A href="/" exact=true>{t(PROCEDURES)}</A></li>
                <li><A href="/ho-so">{t(DRAFTS)}</A></li>
                <li><A href="/hop-thu-di">{t(OUTBOX)}</A></li>
                // Only on shared devices: a team's figures mean nothing on a citizen's phone.
                {move || crate::operator::settings().with(Option::is_some).then(|| view! { <li><A href="/bang-dieu-khien">{t(DASHBOARD)}</A></li> })}
                <li><A href="/cai-dat">{t(SETTINGS)}</A></li>
            </ul>
        </nav>
    }
}
