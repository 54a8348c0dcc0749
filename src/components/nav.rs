//! The main navigation: procedures, the drafts on this device, the outbox,
//! the team dashboard (operator devices only), settings.
//! Router links mark the current page with `aria-current="page"`.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{t, Ui};

const NAV: Ui = ("Điều hướng chính", "Main navigation");
const PROCEDURES: Ui = ("Thủ tục", "Procedures");
const DRAFTS: Ui = ("Hồ sơ đang khai", "My drafts");
const OUTBOX: Ui = ("Hộp thư đi", "Outbox");
const SETTINGS: Ui = ("Cài đặt", "Settings");
const DASHBOARD: Ui = ("Bảng điều khiển", "Dashboard");

#[component]
pub fn MainNav() -> impl IntoView {
    view! {
        <nav class="main-nav" aria-label=t(NAV)>
            <A href="/" exact=true>{t(PROCEDURES)}</A>
            <A href="/ho-so">{t(DRAFTS)}</A>
            <A href="/hop-thu-di">{t(OUTBOX)}</A>
            // Only on shared devices: a team's figures mean nothing on a citizen's phone.
            {move || crate::operator::settings().with(Option::is_some).then(|| view! { <A href="/bang-dieu-khien">{t(DASHBOARD)}</A> })}
            <A href="/cai-dat">{t(SETTINGS)}</A>
        </nav>
    }
}
