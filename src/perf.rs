//! Performance marks for the benchmark harness, only when the page was opened
//! with `?bench` in its URL, so everyday use does not fill the timeline.

use std::cell::Cell;

use wasm_bindgen::prelude::*;

thread_local! {
    static ENABLED: bool = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|s| s.contains("bench"));
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

pub fn enabled() -> bool {
    ENABLED.with(|e| *e)
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// Start of a keystroke's work (input event received).
pub fn keystroke_start() {
    if enabled() {
        if let Some(p) = performance() {
            let _ = p.mark("tokhai:keystroke:start");
        }
    }
}

/// Queues the end of the keystroke's work: Leptos applies signal writes in a
/// microtask queued by the write, so a microtask queued after it runs once the
/// validation and the DOM update are done (style and layout not included).
pub fn keystroke_end() {
    measure_after_microtask("tokhai:keystroke", "tokhai:keystroke:start");
}

/// Measures from `start_mark` to a microtask queued now, once per task.
pub fn measure_after_microtask(name: &'static str, start_mark: &'static str) {
    if !enabled() || PENDING.with(|p| p.replace(true)) {
        return;
    }
    let done = Closure::once(move |_: JsValue| {
        PENDING.with(|p| p.set(false));
        if let Some(p) = performance() {
            let _ = p.measure_with_start_mark(name, start_mark);
        }
    });
    let _ = js_sys::Promise::resolve(&JsValue::UNDEFINED).then(&done);
    // The promise owns the callback now; it runs exactly once.
    done.forget();
}

/// Marks a point in time (when benchmarking).
pub fn mark(name: &str) {
    if enabled() {
        if let Some(p) = performance() {
            let _ = p.mark(name);
        }
    }
}

/// Measures from `start_mark` to the next animation frame, when the browser
/// has laid out what was just rendered.
pub fn measure_next_frame(name: &'static str, start_mark: &'static str) {
    if !enabled() {
        return;
    }
    leptos::prelude::request_animation_frame(move || {
        if let Some(p) = performance() {
            let _ = p.measure_with_start_mark(name, start_mark);
        }
    });
}

/// Measures from `start_mark` to now.
pub fn measure_now(name: &str, start_mark: &str) {
    if enabled() {
        if let Some(p) = performance() {
            let _ = p.measure_with_start_mark(name, start_mark);
        }
    }
}
