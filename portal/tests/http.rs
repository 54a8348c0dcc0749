//! The portal's HTTP surface, driven through the same router the binary serves:
//! catalog revalidation, file types, caching, compression, CSP, SPA routes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tokhai_portal::catalog::ServedCatalog;
use tokhai_portal::{db::Db, http, AppState};
use tower::ServiceExt;

const WASM: &str = "tokhai-0123456789abcdef_bg.wasm";
const JS: &str = "tokhai-0123456789abcdef.js";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A portal over the sample catalog and a tiny fake build in a temp dir.
fn portal(tmp: &Path) -> Router {
    let dist = tmp.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>Tờ khai</title>").unwrap();
    std::fs::write(dist.join(WASM), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join(JS), "export default 1;".repeat(100)).unwrap();
    std::fs::write(dist.join(format!("{JS}.br")), b"fake-brotli").unwrap();
    std::fs::write(dist.join("boot.js"), "import('/x.js');").unwrap();
    let catalog = ServedCatalog::load(&repo().join("catalog")).unwrap();
    let db = Db::open(&tmp.join("portal.sqlite3")).unwrap();
    http::router(AppState { catalog: Arc::new(catalog), db }, &dist)
}

async fn get(app: &Router, uri: &str, headers: &[(&str, &str)]) -> axum::response::Response {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    app.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap()
}

fn h<'a>(res: &'a axum::response::Response, name: header::HeaderName) -> &'a str {
    res.headers().get(name).map(|v| v.to_str().unwrap()).unwrap_or("")
}

#[tokio::test]
async fn catalog_has_an_etag_and_revalidates_with_304() {
    let tmp = tempfile::tempdir().unwrap();
    let app = portal(tmp.path());
    let res = get(&app, "/api/catalog", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(h(&res, header::CONTENT_TYPE), "application/json");
    let etag = h(&res, header::ETAG).to_owned();
    assert!(etag.starts_with('"') && etag.len() > 10, "{etag}");
    let body = res.into_body().collect().await.unwrap().to_bytes();
    let doc: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(doc["format"], "tokhai-catalog/1");
    assert!(doc["procedures"].as_array().unwrap().len() >= 8);

    let res = get(&app, "/api/catalog", &[("if-none-match", &etag)]).await;
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(h(&res, header::ETAG), etag);
    assert!(res.into_body().collect().await.unwrap().to_bytes().is_empty());

    let res = get(&app, "/api/catalog", &[("if-none-match", "\"stale\"")]).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn catalog_is_compressed_for_clients_that_ask() {
    let tmp = tempfile::tempdir().unwrap();
    let app = portal(tmp.path());
    for enc in ["br", "gzip"] {
        let res = get(&app, "/api/catalog", &[("accept-encoding", enc)]).await;
        assert_eq!(h(&res, header::CONTENT_ENCODING), enc);
    }
}

#[tokio::test]
async fn app_files_have_the_right_types_and_caching() {
    let tmp = tempfile::tempdir().unwrap();
    let app = portal(tmp.path());

    let res = get(&app, &format!("/{WASM}"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(h(&res, header::CONTENT_TYPE), "application/wasm");
    assert_eq!(h(&res, header::CACHE_CONTROL), "public, max-age=31536000, immutable");

    let res = get(&app, "/", &[]).await;
    assert_eq!(h(&res, header::CONTENT_TYPE), "text/html");
    assert_eq!(h(&res, header::CACHE_CONTROL), "no-cache");

    let res = get(&app, "/boot.js", &[]).await;
    assert_eq!(h(&res, header::CACHE_CONTROL), "no-cache", "unhashed files must be revalidated");

    // The precompressed variant is chosen when the client accepts it.
    let res = get(&app, &format!("/{JS}"), &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(h(&res, header::CONTENT_ENCODING), "br");
    assert!(h(&res, header::CONTENT_TYPE).contains("javascript"));
    assert!(h(&res, header::VARY).to_ascii_lowercase().contains("accept-encoding"));
    assert_eq!(res.into_body().collect().await.unwrap().to_bytes().as_ref(), b"fake-brotli");
}

#[tokio::test]
async fn every_response_carries_a_strict_csp() {
    let tmp = tempfile::tempdir().unwrap();
    let app = portal(tmp.path());
    for uri in ["/", "/api/catalog", "/api/nope", "/missing.js"] {
        let res = get(&app, uri, &[]).await;
        let csp = h(&res, header::CONTENT_SECURITY_POLICY);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{uri}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{uri}: {csp}");
        assert_eq!(h(&res, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    }
}

#[tokio::test]
async fn app_routes_get_index_html_but_missing_files_are_404() {
    let tmp = tempfile::tempdir().unwrap();
    let app = portal(tmp.path());
    let html = [("accept", "text/html,application/xhtml+xml")];
    for route in ["/thu-tuc/1.001193", "/ho-so", "/hop-thu-di/abc"] {
        let res = get(&app, route, &html).await;
        assert_eq!(res.status(), StatusCode::OK, "{route}");
        assert_eq!(h(&res, header::CACHE_CONTROL), "no-cache");
        let body = res.into_body().collect().await.unwrap().to_bytes();
        assert!(String::from_utf8_lossy(&body).contains("Tờ khai"));
    }
    let res = get(&app, "/tokhai-ffffffffffffffff.js", &html).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(h(&res, header::CACHE_CONTROL), "no-store", "a 404 must never be cached as immutable");
}

#[tokio::test]
async fn unknown_api_paths_are_json_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let app = portal(tmp.path());
    let res = get(&app, "/api/nope", &[("accept", "text/html")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["code"], "not_found");
    assert!(body["message"].is_string());
}

#[test]
fn the_binary_documents_its_options() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tokhai-portal")).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for opt in ["--addr", "--db", "--catalog", "--dist", "127.0.0.1:8080", "data/tokhai-portal.sqlite3"] {
        assert!(help.contains(opt), "--help lacks {opt}:\n{help}");
    }
}

#[test]
fn a_missing_catalog_stops_the_portal_with_a_clear_message() {
    let tmp = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tokhai-portal"))
        .args(["--addr", "127.0.0.1:0", "--catalog"])
        .arg(tmp.path().join("nope.json"))
        .arg("--db")
        .arg(tmp.path().join("p.sqlite3"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nope.json"), "{err}");
}
