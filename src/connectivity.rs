//! Whether the app can reach the portal right now. `navigator.onLine` alone is
//! not enough on a weak network (a phone "online" on a dead cell, a captive
//! Wi-Fi), so the state follows both the window's `online`/`offline` events
//! and the outcome of every request to the portal (`net::send` reports them).
//!
//! Other modules react to the way back with [`on_online`]: the catalog
//! refreshes itself, the service worker checks for a new version, the outbox
//! (later) sends what waited.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// How often to ask the portal whether it is back while the network is up
/// but the portal cannot be reached (no `online` event will come then).
const PROBE_EVERY_MS: u32 = 30_000;
/// Cheap, never cached, answered by the portal itself.
const PROBE_URL: &str = "/api/health";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// The last request reached the portal (or the browser just came online).
    Online,
    /// The browser says there is no network.
    Offline,
    /// The network is up but the portal did not answer.
    Unreachable,
}

thread_local! {
    static STATE: RwSignal<Connection> = RwSignal::new(if navigator_online() { Connection::Online } else { Connection::Offline });
    static LISTENERS: RefCell<Vec<Rc<dyn Fn()>>> = RefCell::new(Vec::new());
    static STARTED: Cell<bool> = const { Cell::new(false) };
    static PROBE: RefCell<Option<gloo_timers::callback::Interval>> = const { RefCell::new(None) };
}

/// The current state, for the indicator and anyone else who wants to read it.
pub fn state() -> ReadSignal<Connection> {
    STATE.with(|s| s.read_only())
}

pub fn is_online() -> bool {
    state().get_untracked() == Connection::Online
}

/// Runs `f` every time the app gets back online after having been offline or
/// unable to reach the portal (not at start). `f` runs soon after the change,
/// outside the code that detected it, so it may start requests of its own.
pub fn on_online(f: impl Fn() + 'static) {
    LISTENERS.with(|l| l.borrow_mut().push(Rc::new(f)));
}

/// Listens to the window's `online` and `offline` events. Call once at start.
pub fn start() {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let online = Closure::<dyn Fn()>::new(|| set(Connection::Online));
    let offline = Closure::<dyn Fn()>::new(|| set(Connection::Offline));
    let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
    // The listeners live as long as the page.
    online.forget();
    offline.forget();
}

/// A request got an answer from the portal (any HTTP status).
pub fn report_reachable() {
    set(Connection::Online);
}

/// A request got no answer at all (no network, connection refused, timeout).
pub fn report_unreachable() {
    set(if navigator_online() { Connection::Unreachable } else { Connection::Offline });
}

fn set(next: Connection) {
    let signal = STATE.with(|s| *s);
    let before = signal.get_untracked();
    if before == next {
        return;
    }
    signal.set(next);
    if next == Connection::Unreachable {
        start_probe();
    } else {
        stop_probe();
    }
    if next == Connection::Online {
        let listeners: Vec<Rc<dyn Fn()>> = LISTENERS.with(|l| l.borrow().clone());
        leptos::task::spawn_local(async move {
            for f in listeners {
                f();
            }
        });
    }
}

fn start_probe() {
    PROBE.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = Some(gloo_timers::callback::Interval::new(PROBE_EVERY_MS, probe));
        }
    });
}

fn stop_probe() {
    PROBE.with(|p| p.borrow_mut().take());
}

/// Asks the portal if it is there; `net::send` reports the outcome.
fn probe() {
    if state().get_untracked() != Connection::Unreachable {
        return;
    }
    leptos::task::spawn_local(async {
        let init = web_sys::RequestInit::new();
        init.set_cache(web_sys::RequestCache::NoStore);
        if let Ok(req) = web_sys::Request::new_with_str_and_init(PROBE_URL, &init) {
            let _ = crate::net::send(&req).await;
        }
    });
}

fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}
