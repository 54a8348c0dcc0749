//! The top bar: app name, the language switch and the connection indicator.

use leptos::prelude::*;

use crate::components::connection::ConnectionStatus;
use crate::i18n::{self, t, use_lang, Lang};

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let toggle = move |_| lang.update(|l| *l = if *l == Lang::Vi { Lang::En } else { Lang::Vi });
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-name">{t(i18n::APP_NAME)}</span>
                <span class="brand-tagline">{t(i18n::APP_TAGLINE)}</span>
            </a>
            <button type="button" class="lang-switch" on:click=toggle
                aria-label=t(i18n::SWITCH_LANG_LABEL)
                lang=move || if lang.get() == Lang::Vi { "en" } else { "vi" }>
                {t(i18n::SWITCH_LANG)}
            </button>
            <ConnectionStatus/>
        </header>
    }
}
