//! Storage the browser may not take back: drafts are the citizen's work, so
//! the app asks for persistent storage (browsers may otherwise evict a site's
//! data when the phone runs low on space) and shows how much space it uses.

use js_sys::{Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Usage and quota in bytes, as the browser estimates them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub usage: f64,
    pub quota: f64,
}

fn manager() -> Option<web_sys::StorageManager> {
    let nav = web_sys::window()?.navigator();
    // Missing on insecure origins and some older browsers.
    Reflect::get(&nav, &JsValue::from_str("storage")).ok().filter(|v| !v.is_undefined())?;
    Some(nav.storage())
}

pub async fn estimate() -> Option<Estimate> {
    let promise = manager()?.estimate().ok()?;
    let e = JsFuture::from(promise).await.ok()?;
    let num = |k: &str| Reflect::get(&e, &JsValue::from_str(k)).ok().and_then(|v| v.as_f64());
    Some(Estimate { usage: num("usage")?, quota: num("quota")? })
}

/// Whether the browser has granted persistent storage.
pub async fn persisted() -> Option<bool> {
    let p: Promise = manager()?.persisted().ok()?;
    JsFuture::from(p).await.ok()?.as_bool()
}

/// Asks the browser to keep the app's data (it may ask the user, or decide
/// silently). Returns whether storage is now persistent.
pub async fn persist() -> Option<bool> {
    let p: Promise = manager()?.persist().ok()?;
    JsFuture::from(p).await.ok()?.as_bool()
}

/// Asks once, in the background, when the first draft is saved.
pub fn ask_to_persist() {
    leptos::task::spawn_local(async {
        if persisted().await == Some(false) {
            let _ = persist().await;
        }
    });
}
