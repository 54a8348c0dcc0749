//! The portal's HTTP surface, driven through the same router the binary serves:
//! catalog revalidation, file types, caching, compression, CSP, SPA routes.

mod support;

use std::path::Path;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tokhai_core::jose::{b64u_decode, parse_detached, signing_input, NativeEs256, SignatureVerifier};
use tower::ServiceExt;

const WASM: &str = "tokhai-0123456789abcdef_bg.wasm";
const JS: &str = "tokhai-0123456789abcdef.js";

/// A portal over the sample catalog and a tiny fake build in a temp dir.
fn portal(tmp: &Path) -> Router {
    let dist = tmp.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join(WASM), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join(JS), "export default 1;".repeat(100)).unwrap();
    std::fs::write(dist.join(format!("{JS}.br")), b"fake-brotli").unwrap();
    std::fs::write(dist.join("boot.js"), "import('/x.js');").unwrap();
    support::router(support::state(tmp), tmp)
}

async fn get(app: &Router, uri: &str, headers: &[(&str, &str)]) -> axum::response::Response {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    app.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap()
}

fn h(res: &axum::response::Response, name: header::HeaderName) -> &str {
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

/// Verifies a detached JWS (`Tokhai-Signature`) over `body`; returns the kid.
fn verify_detached(compact: &str, body: &[u8]) -> String {
    let (header, header_b64, sig) = parse_detached(compact).unwrap();
    assert_eq!(header.alg, "ES256");
    let jwk = header.jwk.expect("the portal key is in the header");
    assert_eq!(header.kid, jwk.thumbprint(), "kid is the RFC 7638 thumbprint");
    assert!(NativeEs256.verify(&jwk, &signing_input(&header_b64, body), &sig), "signature does not verify");
    header.kid
}

#[tokio::test]
async fn catalog_is_signed_over_its_exact_canonical_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let app = portal(tmp.path());
    let res = get(&app, "/api/catalog", &[]).await;
    let sig = h(&res, header::HeaderName::from_static("tokhai-signature")).to_owned();
    let etag = h(&res, header::ETAG).to_owned();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    // The body is its own JCS form.
    let doc: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(tokhai_core::jose::canonical_bytes(&doc).unwrap(), body.to_vec());
    let kid = verify_detached(&sig, &body);

    // A changed byte does not verify.
    let mut tampered = body.to_vec();
    let at = tampered.iter().position(|b| *b == b'1').unwrap();
    tampered[at] = b'2';
    let (header, header_b64, raw) = parse_detached(&sig).unwrap();
    assert!(!NativeEs256.verify(header.jwk.as_ref().unwrap(), &signing_input(&header_b64, &tampered), &raw));

    // The 304 carries the same signature, which still verifies over the cached body.
    let res = get(&app, "/api/catalog", &[("if-none-match", &etag)]).await;
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(h(&res, header::HeaderName::from_static("tokhai-signature")), sig);
    verify_detached(&sig, &body);

    // The portal key endpoint names the same key.
    let res = get(&app, "/api/portal-key", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let key: serde_json::Value = serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(key["kid"], kid);
    assert_eq!(key["jwk"]["kty"], "EC");
    assert_eq!(key["jwk"]["crv"], "P-256");
    assert!(key["jwk"].get("d").is_none(), "never the private key");
    let jwk = tokhai_core::jose::EcPublicJwk::from_jwk_value(&key["jwk"]).unwrap();
    assert_eq!(jwk.thumbprint(), kid);
}

#[tokio::test]
async fn the_signed_catalog_file_is_a_flattened_jws() {
    let tmp = tempfile::tempdir().unwrap();
    let app = portal(tmp.path());
    let catalog = get(&app, "/api/catalog", &[]).await.into_body().collect().await.unwrap().to_bytes();
    let res = get(&app, "/api/catalog.signed", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(h(&res, header::CONTENT_TYPE), "application/json");
    assert_eq!(h(&res, header::CONTENT_DISPOSITION), "attachment; filename=\"tokhai-catalog-2026.11.1.json\"");
    let file: serde_json::Value = serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    let obj = file.as_object().unwrap();
    assert_eq!(obj.len(), 3, "{obj:?}");
    let (protected, payload, signature) =
        (file["protected"].as_str().unwrap(), file["payload"].as_str().unwrap(), file["signature"].as_str().unwrap());
    assert_eq!(b64u_decode(payload).unwrap(), catalog.to_vec(), "the payload is the served catalog, byte for byte");
    let header: tokhai_core::jose::ProtectedHeader = serde_json::from_slice(&b64u_decode(protected).unwrap()).unwrap();
    let jwk = header.jwk.unwrap();
    assert_eq!(header.kid, jwk.thumbprint());
    let input = format!("{protected}.{payload}");
    assert!(NativeEs256.verify(&jwk, input.as_bytes(), &b64u_decode(signature).unwrap()));
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
