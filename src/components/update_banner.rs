//! "A new version is available — update": shown when a new version of the app
//! has installed in the background (see `sw.rs`). Not modal, never reloads by
//! itself: the page reloads only when the user presses the button, after the
//! `sw::before_reload` hooks have saved what was being typed.

use leptos::prelude::*;

use crate::i18n::{self, tr, use_lang};
use crate::sw;

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let lang = use_lang();
    let ready = sw::update_ready();
    let pressed = RwSignal::new(false);
    let update = move |_| {
        pressed.set(true);
        sw::apply_update();
    };
    // The live region is always present so that the banner's arrival is read out.
    view! {
        <div class="update-banner" role="status">
            <Show when=move || ready.get()>
                <button type="button" class="update-button" on:click=update disabled=move || pressed.get()>
                    {move || tr(lang.get(), if pressed.get() { i18n::UPDATING } else { i18n::UPDATE_AVAILABLE })}
                </button>
            </Show>
        </div>
    }
}
