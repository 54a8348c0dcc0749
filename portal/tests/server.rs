//! The binary over real TCP: the `case` commands next to a running portal,
//! the signing key across restarts, and the fault mode seen by a client that
//! retries until it gets an answer.

mod support;

use std::collections::HashMap;

use serde_json::Value;
use support::*;

fn json(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)))
}

async fn get_json(server: &Server, path: &str) -> (u16, Value) {
    match raw_request(server.addr, "GET", path, &[], b"").await {
        Exchange::Reply { status, body, .. } => (status, json(&body)),
        other => panic!("GET {path}: {other:?}"),
    }
}

async fn post(server: &Server, bytes: &[u8]) -> Exchange {
    raw_request(server.addr, "POST", "/api/bundles", &[("Content-Type", BUNDLE_TYPE)], bytes).await
}

#[tokio::test]
async fn cases_advance_through_the_cli_and_the_api_shows_it() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(tmp.path(), &[]);
    let db = tmp.path().join("portal.sqlite3");
    let db = db.to_str().unwrap();
    let id = uuid(500);
    let Exchange::Reply { status: 201, body, .. } = post(&server, &sealed("1.001612", &id)).await else {
        panic!("not created")
    };
    let receipt = json(&body);
    let number = receipt["caseNumber"].as_str().unwrap().to_owned();

    let (ok, out, err) = run_cli(&["case", "list", "--db", db]);
    assert!(ok, "{err}");
    assert!(out.contains(&number) && out.contains("received") && out.contains(&id), "{out}");

    let (ok, out, err) = run_cli(&["case", "advance", &number, "--db", db]);
    assert!(ok, "{err}");
    assert!(out.contains("processing"), "{out}");
    let (_, view) = get_json(&server, &format!("/api/bundles/{id}")).await;
    assert_eq!(view["status"], "processing");
    assert_eq!(view["history"].as_array().unwrap().len(), 2);
    assert_eq!(view["history"][1]["status"], "processing");
    assert_ne!(view["updatedAt"], view["receivedAt"]);

    // The top-level --db works for subcommands too.
    let (ok, out, err) = run_cli(&["--db", db, "case", "advance", &number]);
    assert!(ok, "{err}");
    assert!(out.contains("result_ready"), "{out}");
    let (_, view) = get_json(&server, &format!("/api/bundles/{id}")).await;
    assert_eq!(view["status"], "result_ready");
    let statuses: Vec<_> =
        view["history"].as_array().unwrap().iter().map(|h| h["status"].as_str().unwrap().to_owned()).collect();
    assert_eq!(statuses, ["received", "processing", "result_ready"]);

    let (ok, _, err) = run_cli(&["case", "advance", &number, "--db", db]);
    assert!(!ok && err.contains("already"), "{err}");
    let (ok, _, err) = run_cli(&["case", "advance", "01.00004-261122-9999", "--db", db]);
    assert!(!ok && err.contains("no case"), "{err}");
    let (ok, _, err) = run_cli(&["case", "list", "--db", tmp.path().join("nope.sqlite3").to_str().unwrap()]);
    assert!(!ok && err.contains("no database"), "{err}");
}

#[tokio::test]
async fn the_signing_key_survives_restarts() {
    let tmp = tempfile::tempdir().unwrap();
    let kid = {
        let server = Server::start(tmp.path(), &[]);
        get_json(&server, "/api/portal-key").await.1["kid"].as_str().unwrap().to_owned()
    };
    let key_file = tmp.path().join("portal-signing-key.json");
    assert!(key_file.is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let server = Server::start(tmp.path(), &[]);
    assert_eq!(get_json(&server, "/api/portal-key").await.1["kid"], kid.as_str());
    // The catalog is signed with that key.
    let Exchange::Reply { headers, .. } = raw_request(server.addr, "GET", "/api/catalog", &[], b"").await else {
        panic!()
    };
    let sig = headers.iter().find(|(k, _)| k == "tokhai-signature").map(|(_, v)| v.clone()).unwrap();
    assert_eq!(tokhai_core::jose::parse_detached(&sig).unwrap().0.kid, kid);
    drop(server);

    let other = tmp.path().join("keys/other.json");
    let server = Server::start(tmp.path(), &["--signing-key", other.to_str().unwrap()]);
    let (_, doc) = get_json(&server, "/api/portal-key").await;
    assert_ne!(doc["kid"], kid.as_str());
    assert!(other.is_file());
}

/// With every request faulted and a fixed seed, a client that retries until it
/// gets an answer files each bundle exactly once, and sees every fault kind.
#[tokio::test]
async fn fault_mode_never_loses_or_duplicates_a_case() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(tmp.path(), &["--fault-rate", "1.0", "--fault-seed", "124"]);
    let bundles: Vec<(String, Vec<u8>)> = ["1.001193", "1.001612", "3.000333"]
        .iter()
        .enumerate()
        .map(|(i, code)| (uuid(900 + i as u64), sealed(code, &uuid(900 + i as u64))))
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (id, bytes) in &bundles {
        let mut attempts = 0;
        let receipt = loop {
            attempts += 1;
            assert!(attempts <= 40, "no answer for {id} after 40 attempts");
            match post(&server, bytes).await {
                Exchange::Reply { status: 201, body, .. } => {
                    *seen.entry("201").or_default() += 1;
                    break json(&body);
                }
                Exchange::Reply { status: 200, body, .. } => {
                    // Stored by an attempt whose answer was dropped.
                    *seen.entry("200").or_default() += 1;
                    break json(&body);
                }
                Exchange::Reply { status: 503, body, headers } => {
                    assert_eq!(json(&body)["code"], "unavailable");
                    assert!(headers.iter().any(|(k, v)| k == "retry-after" && v == "1"));
                    *seen.entry("503").or_default() += 1;
                }
                Exchange::Dropped => *seen.entry("dropped").or_default() += 1,
                other => panic!("{id}: unexpected {other:?}"),
            }
        };
        assert_eq!(receipt["bundleId"], id.as_str());
        // The status endpoint is not faulted and agrees.
        let (status, view) = get_json(&server, &format!("/api/bundles/{id}")).await;
        assert_eq!(status, 200);
        assert_eq!(view["caseNumber"], receipt["caseNumber"]);
    }
    assert!(seen.contains_key("503") && seen.contains_key("dropped"), "{seen:?}");
    assert!(seen.contains_key("200"), "a drop after storing was followed by a retry answered 200: {seen:?}");

    let log = server.log();
    for kind in
        ["fault mode: 503", "fault mode: drop-before-store", "fault mode: drop-after-store", "fault mode: delay"]
    {
        assert!(log.contains(kind), "{kind} never happened:\n{log}");
    }
    drop(server);
    let conn = rusqlite::Connection::open(tmp.path().join("portal.sqlite3")).unwrap();
    let cases: i64 = conn.query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0)).unwrap();
    let distinct: i64 = conn.query_row("SELECT COUNT(DISTINCT bundle_id) FROM cases", [], |r| r.get(0)).unwrap();
    assert_eq!((cases, distinct), (3, 3));
}
