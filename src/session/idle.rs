//! Auto-lock: after a few minutes with no touch or key, the open session
//! locks itself (its key is forgotten after saving) and the app reloads to the
//! drafts page, where the citizen's PIN opens it again.

use std::cell::RefCell;

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static TIMER: RefCell<Option<Timeout>> = const { RefCell::new(None) };
}

/// Minutes of inactivity before locking: the operator's setting, or 5.
fn minutes() -> u32 {
    use leptos::prelude::GetUntracked;
    crate::operator::settings()
        .get_untracked()
        .map_or(crate::storage::settings::AUTO_LOCK_MINUTES, |o| o.auto_lock_minutes.max(1))
}

fn rearm() {
    if super::vault().is_none() {
        TIMER.with(|t| t.borrow_mut().take());
        return;
    }
    let ms = minutes() * 60_000;
    TIMER.with(|t| {
        *t.borrow_mut() = Some(Timeout::new(ms, || {
            leptos::task::spawn_local(async {
                if super::vault().is_some() {
                    super::lock().await;
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().assign("/ho-so?khoa=tu-dong");
                    }
                }
            })
        }))
    });
}

/// Starts watching for activity. Call once at start.
pub fn start() {
    let Some(w) = web_sys::window() else { return };
    let on_activity = Closure::<dyn Fn()>::new(rearm);
    for ev in ["pointerdown", "keydown", "input", "scroll"] {
        let _ = w.add_event_listener_with_callback_and_bool(ev, on_activity.as_ref().unchecked_ref(), true);
    }
    on_activity.forget();
    // A session opened (or closed) resets the clock.
    leptos::prelude::Effect::new(move || {
        use leptos::prelude::Get;
        super::open_session().get();
        rearm();
    });
}
