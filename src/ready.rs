//! Signals "the app is interactive" to the benchmark harness and tests: a
//! `performance.mark` and a `data-ready` attribute on `<html>`; other
//! `data-*` states on `<html>` that tests wait on.

/// Marks the first time useful content is on screen and usable.
pub fn mark_interactive() {
    let Some(window) = web_sys::window() else { return };
    let Some(root) = window.document().and_then(|d| d.document_element()) else { return };
    if root.get_attribute("data-ready").is_some() {
        return;
    }
    let _ = root.set_attribute("data-ready", "true");
    if let Some(perf) = window.performance() {
        let _ = perf.mark("tokhai:interactive");
    }
}

/// Sets (`Some`) or removes (`None`) `data-<name>` on `<html>`: what a
/// background task is doing, for tests to wait on instead of on time.
pub fn set_state(name: &str, value: Option<&str>) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    let attr = format!("data-{name}");
    let _ = match value {
        Some(v) => root.set_attribute(&attr, v),
        None => root.remove_attribute(&attr),
    };
}
