//! Signals "the app is interactive" to the benchmark harness and tests: a
//! `performance.mark` and a `data-ready` attribute on `<html>`.

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
