//! The connection indicator in the top bar: says plainly when the app is
//! offline (or cannot reach the portal) and that filling in and saving still
//! work. Online, it only tells screen readers ("Trực tuyến"), so coming back
//! is announced without cluttering the bar. The `role="status"` element is
//! always in the page, so every change is read out.

use leptos::prelude::*;

use crate::connectivity::{self, Connection};
use crate::i18n::{self, tr, use_lang};

#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let lang = use_lang();
    let state = connectivity::state();
    let class = move || match state.get() {
        Connection::Online => "connection connection-online",
        Connection::Offline | Connection::Unreachable => "connection connection-offline",
    };
    let text = move || {
        let s = match state.get() {
            Connection::Online => i18n::CONNECTION_ONLINE,
            Connection::Offline => i18n::CONNECTION_OFFLINE,
            Connection::Unreachable => i18n::CONNECTION_UNREACHABLE,
        };
        tr(lang.get(), s)
    };
    view! { <p class=class role="status">{text}</p> }
}
