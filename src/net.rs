//! Talking to the portal over `fetch`. Every request has a timeout: on weak 3G
//! a hung request is worse than a failed one, because the app can fall back to
//! what it has saved.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// How long to wait for the portal before treating the request as failed.
pub const TIMEOUT_MS: i32 = 20_000;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NetError {
    /// No response at all: offline, DNS, connection reset, timeout.
    #[error("network unreachable: {0}")]
    Unreachable(String),
    /// The portal answered with an error status.
    #[error("HTTP {status}: {body}")]
    Status { status: u16, body: String },
}

/// Result of a conditional catalog fetch.
pub enum CatalogFetch {
    NotModified,
    /// `signature`: the portal's detached JWS over the body (`Tokhai-Signature`);
    /// `rotations`: its key rotation statements, oldest first (`Tokhai-Key-Rotation`).
    Fresh { etag: String, body: String, signature: Option<String>, rotations: Vec<String> },
}

/// `GET /api/catalog`, revalidating with `If-None-Match` when we have a copy.
pub async fn fetch_catalog(etag: Option<&str>) -> Result<CatalogFetch, NetError> {
    let init = RequestInit::new();
    init.set_method("GET");
    // The app does its own revalidation with the ETag it stored in IndexedDB.
    init.set_cache(web_sys::RequestCache::NoStore);
    let req = Request::new_with_str_and_init("/api/catalog", &init).map_err(js_err)?;
    if let Some(tag) = etag {
        req.headers().set("If-None-Match", tag).map_err(js_err)?;
    }
    let res = send(&req).await?;
    match res.status() {
        304 => Ok(CatalogFetch::NotModified),
        200 => {
            let etag = res.headers().get("ETag").ok().flatten().unwrap_or_default();
            let signature = res.headers().get("Tokhai-Signature").ok().flatten();
            let rotations = res
                .headers()
                .get(tokhai_core::catalog::trust::ROTATION_HEADER)
                .ok()
                .flatten()
                .map(|h| tokhai_core::catalog::trust::split_rotations(&h))
                .unwrap_or_default();
            let body = text(&res).await?;
            Ok(CatalogFetch::Fresh { etag, body, signature, rotations })
        }
        status => Err(NetError::Status { status, body: text(&res).await.unwrap_or_default() }),
    }
}

/// `GET` a text file (a static asset of the app).
pub async fn get_text(url: &str) -> Result<String, NetError> {
    let req = Request::new_with_str(url).map_err(js_err)?;
    let res = send(&req).await?;
    if !res.ok() {
        return Err(NetError::Status { status: res.status(), body: String::new() });
    }
    text(&res).await
}

/// Sends a request with a timeout (an `AbortController` fired by a timer).
pub async fn send(req: &Request) -> Result<Response, NetError> {
    let window = web_sys::window().ok_or_else(|| NetError::Unreachable("no window".into()))?;
    let controller = web_sys::AbortController::new().map_err(js_err)?;
    let abort = controller.clone();
    let timer = gloo_timers::callback::Timeout::new(TIMEOUT_MS as u32, move || abort.abort());
    let init = RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    let result = JsFuture::from(window.fetch_with_request_and_init(req, &init)).await;
    drop(timer);
    // Tell the connection indicator (src/connectivity.rs). Only `/api/*`
    // answers prove the portal is there: the service worker may answer the
    // app's own files from its cache.
    match &result {
        Ok(_) if is_api(&req.url()) => crate::connectivity::report_reachable(),
        Ok(_) => {}
        Err(_) => crate::connectivity::report_unreachable(),
    }
    let res = result.map_err(|e| NetError::Unreachable(js_text(&e)))?;
    Ok(res.unchecked_into())
}

/// `url` (absolute, as `Request::url` gives it) is on the portal's `/api/`.
fn is_api(url: &str) -> bool {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    url.strip_prefix(origin.as_str()).is_some_and(|path| path.starts_with("/api/"))
}

pub async fn text(res: &Response) -> Result<String, NetError> {
    let promise = res.text().map_err(js_err)?;
    let v = JsFuture::from(promise).await.map_err(|e| NetError::Unreachable(js_text(&e)))?;
    Ok(v.as_string().unwrap_or_default())
}

fn js_err(e: JsValue) -> NetError {
    NetError::Unreachable(js_text(&e))
}

fn js_text(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}
