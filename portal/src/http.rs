//! The HTTP surface: `/api/*` and the app's files, behind the headers every
//! response carries (CSP, compression, panic safety).

use std::path::Path;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::catalog::if_none_match;
use crate::error::ApiError;
use crate::{static_files, AppState};

/// Content-Security-Policy for everything we serve: no inline scripts, no
/// foreign origins; `wasm-unsafe-eval` only lets the browser compile our wasm.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' blob:; media-src 'self' blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn router(state: AppState, dist: &Path) -> Router {
    let api = Router::new()
        .route("/catalog", get(catalog))
        .route("/health", get(health))
        .fallback(api_not_found)
        .with_state(state);
    Router::new()
        .nest("/api", api)
        .fallback_service(static_files::service(dist))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(self), geolocation=(), microphone=()"),
        ))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal("the portal hit an internal error; the request was not processed").into_response()
        }))
}

/// `GET /api/catalog`: the catalog document, revalidated by ETag.
async fn catalog(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let served = &state.catalog;
    let etag = HeaderValue::from_str(&served.etag).expect("hex etag is a valid header value");
    let cache = HeaderValue::from_static("no-cache");
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| if_none_match(v, &served.etag));
    if matches {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag), (header::CACHE_CONTROL, cache)]).into_response();
    }
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        served.body.clone(),
    )
        .into_response()
}

/// `GET /api/health`: lets clients tell "portal reachable" from "network up".
async fn health(State(state): State<AppState>) -> Response {
    let h = &state.catalog.catalog.header;
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(json!({"status": "ok", "catalog": {"id": h.id, "version": h.version}})),
    )
        .into_response()
}

async fn api_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such API endpoint")
}
