//! The HTTP surface: `/api/*` and the app's files, behind the headers every
//! response carries (CSP, compression, panic safety).

use std::path::Path;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tokhai_core::api::{code, Health, HealthCatalog, PublishedLimits};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::catalog::if_none_match;
use crate::error::ApiError;
use crate::{intake, static_files, AppState};

/// Header carrying the detached JWS of the catalog body.
pub const SIGNATURE_HEADER: &str = tokhai_core::catalog::trust::SIGNATURE_HEADER;
/// Header carrying the rotation statements that lead to the signing key.
pub const ROTATION_HEADER: &str = tokhai_core::catalog::trust::ROTATION_HEADER;

/// Content-Security-Policy for everything we serve: no inline scripts, no
/// foreign origins; `wasm-unsafe-eval` only lets the browser compile our wasm.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' blob:; media-src 'self' blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn router(state: AppState, dist: &Path) -> Router {
    let api = Router::new()
        .route("/catalog", get(catalog))
        .route("/catalog.signed", get(catalog_signed))
        .route("/portal-key", get(portal_key))
        .route("/health", get(health))
        .route("/bundles", post(intake::post_bundle))
        .route("/bundles/{id}", get(intake::get_bundle))
        .route("/bundles/{id}/file", get(intake::get_bundle_file))
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    // Bundles are ZIP files already: compressing them again only costs CPU.
    let compress = DefaultPredicate::new().and(NotForContentType::const_new(intake::BUNDLE_MEDIA_TYPE));
    Router::new()
        .nest("/api", api)
        .fallback_service(static_files::service(dist))
        .layer(CompressionLayer::new().compress_when(compress))
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

/// `GET /api/catalog`: the catalog document (its JCS canonical bytes),
/// revalidated by ETag, with the detached JWS of those bytes in
/// `Tokhai-Signature` (on `304` too, so a client can re-check what it has)
/// and, once the key was rotated, the rotation statements in `Tokhai-Key-Rotation`.
async fn catalog(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let mut res = catalog_answer(&state, &headers);
    if let Some(r) = &state.signatures.rotations {
        if let Ok(v) = HeaderValue::from_str(r) {
            res.headers_mut().insert(header::HeaderName::from_static(ROTATION_HEADER), v);
        }
    }
    res
}

fn catalog_answer(state: &AppState, headers: &HeaderMap) -> Response {
    let served = &state.catalog;
    let etag = HeaderValue::from_str(&served.etag).expect("hex etag is a valid header value");
    let cache = HeaderValue::from_static("no-cache");
    let signature = HeaderValue::from_str(&state.signatures.detached).expect("base64url is a valid header value");
    let signature_name = header::HeaderName::from_static(SIGNATURE_HEADER);
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| if_none_match(v, &served.etag));
    if matches {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache), (signature_name, signature)],
        )
            .into_response();
    }
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
            (signature_name, signature),
        ],
        served.body.clone(),
    )
        .into_response()
}

/// `GET /api/catalog.signed`: the catalog as one self-contained signed file
/// (JWS flattened JSON serialization), for outreach teams to carry offline.
async fn catalog_signed(State(state): State<AppState>) -> Response {
    let version = &state.catalog.catalog.header.version;
    let safe: String =
        version.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"tokhai-catalog-{safe}.json\"");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        state.signatures.flattened.clone(),
    )
        .into_response()
}

/// `GET /api/portal-key`: the public key that signs the catalog, for pinning and display.
async fn portal_key(State(state): State<AppState>) -> Response {
    ([(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))], Json(state.key.public_document())).into_response()
}

/// `GET /api/health`: lets clients tell "portal reachable" from "network up",
/// and publishes what the portal accepts.
async fn health(State(state): State<AppState>) -> Response {
    let h = &state.catalog.catalog.header;
    let health = Health {
        status: "ok".into(),
        catalog: HealthCatalog { id: h.id.clone(), version: h.version.clone() },
        limits: PublishedLimits { max_bundle_bytes: state.max_bundle_bytes as u64 },
    };
    ([(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], Json(health)).into_response()
}

async fn api_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, code::NOT_FOUND, "no such API endpoint")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        code::METHOD_NOT_ALLOWED,
        "this API endpoint does not take that method",
    )
}
