//! Serving the built app. Hashed assets are immutable for a year; the entry
//! points (`index.html`, the service worker, the manifest) must always be
//! revalidated, or phones would keep an old app forever. Navigations to app
//! routes get `index.html`, as a single-page app needs.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue, Uri};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::ServeDir;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

pub fn service(dist: &Path) -> Router {
    let files = ServeDir::new(dist).precompressed_br().precompressed_gzip();
    Router::new().fallback_service(files).layer(middleware::from_fn(spa_and_caching))
}

async fn spa_and_caching(mut req: Request, next: Next) -> Response {
    let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    if is_navigation(req.uri().path(), accept) {
        *req.uri_mut() = Uri::from_static("/index.html");
    }
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let status = res.status();
    let policy = if status.is_success() || status == axum::http::StatusCode::NOT_MODIFIED {
        cache_policy(&path)
    } else {
        "no-store"
    };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    // The same URL may be answered with the .br, .gz or plain file.
    res.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    res
}

/// A request for an app route rather than a file. Browsers navigate with
/// `Accept: text/html`; app routes may contain dots (procedure codes such as
/// `1.001193`), so only known asset extensions count as files.
pub fn is_navigation(path: &str, accept: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        None => true,
        Some((_, ext)) => accept.contains("text/html") && !ASSET_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()),
    }
}

const ASSET_EXTENSIONS: &[&str] = &[
    "html", "js", "mjs", "wasm", "css", "json", "webmanifest", "png", "jpg", "jpeg", "svg", "ico", "webp", "txt", "tsv",
    "map", "woff2", "br", "gz",
];

/// Cache-Control for a served file path.
pub fn cache_policy(path: &str) -> &'static str {
    if is_hashed(path) {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

/// Trunk names built assets `name-<16 hex digits>[_bg].ext`: their content never
/// changes under that name.
pub fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((name, hash)) => !name.is_empty() && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_asset_names() {
        assert!(is_hashed("/tokhai-5f1e2d3c4b5a6978_bg.wasm"));
        assert!(is_hashed("/tokhai-5f1e2d3c4b5a6978.js"));
        assert!(is_hashed("/style-0123456789abcdef.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/sw.js"));
        assert!(!is_hashed("/icons/icon-192.png"));
        assert!(!is_hashed("/tokhai-5f1e2d3c.js"));
        assert!(!is_hashed("/-5f1e2d3c4b5a6978.js"));
    }

    #[test]
    fn navigations_versus_files() {
        let html = "text/html,application/xhtml+xml,*/*;q=0.8";
        assert!(is_navigation("/", ""));
        assert!(is_navigation("/thu-tuc/1.001193/to-khai", ""));
        assert!(is_navigation("/thu-tuc/1.001193", html), "procedure codes contain dots");
        assert!(!is_navigation("/thu-tuc/1.001193", "*/*"));
        assert!(!is_navigation("/tokhai-5f1e2d3c4b5a6978.js", html));
        assert!(!is_navigation("/index.html", html));
        assert_eq!(cache_policy("/index.html"), REVALIDATE);
        assert_eq!(cache_policy("/sw.js"), REVALIDATE);
    }
}
