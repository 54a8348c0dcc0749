//! `POST /api/bundles` and the case endpoints, with real bundles sealed and
//! signed by the core's code: receipts, case numbers, expected dates,
//! idempotency (also under concurrency), and a refusal with the right code
//! for every kind of damage.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};
use support::*;
use tokhai_core::bundle::Agency;
use tokhai_core::catalog::Level;
use tokhai_portal::cases;

fn case_number_shape(n: &str) -> bool {
    cases::looks_like_case_number(n)
}

#[tokio::test]
async fn a_valid_bundle_gets_a_receipt_with_a_case_number_and_date() {
    let tmp = tempfile::tempdir().unwrap();
    let app = router(state(tmp.path()), tmp.path());
    let id = uuid(1);
    let res = post_bundle(&app, sealed("1.001612", &id)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(res.header("content-type"), "application/json");
    let r = res.json();
    assert_eq!(r["bundleId"], id);
    assert_eq!(r["status"], "received");
    assert_eq!(r["receivedAt"], "2026-11-24T02:00:00.000Z");
    // Received Tuesday 24/11 (Vietnam), 3 working days → Friday 27/11.
    assert_eq!(r["expectedResultDate"], "2026-11-27");
    assert_eq!(r["caseNumber"], "01.00004-261124-0001");
    assert_eq!(r["procedure"]["code"], "1.001612");
    assert_eq!(r["procedure"]["catalogVersion"], "2026.11.1");
    assert_eq!(r["procedure"]["schemaVersion"], "1.0.0");
    assert!(r["procedure"]["name"]["vi"].is_string());
    assert_eq!(
        r["agency"],
        json!({"code": "01.00004", "province": "01", "ward": "00004", "name": "Phường Ba Đình, Thành phố Hà Nội"})
    );

    // The next case of the same agency that day is 0002; same-day procedures are due the same day.
    let r2 = post_bundle(&app, sealed("1.001193", &uuid(2))).await;
    assert_eq!(r2.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r2.body));
    let r2 = r2.json();
    assert_eq!(r2["caseNumber"], "01.00004-261124-0002");
    assert_eq!(r2["expectedResultDate"], "2026-11-24");
}

#[tokio::test]
async fn every_sample_procedure_is_accepted_with_its_working_days() {
    let tmp = tempfile::tempdir().unwrap();
    let app = router(state(tmp.path()), tmp.path());
    let today = receipt_time().vietnam_date();
    let catalog = served_catalog();
    let mut levels = std::collections::BTreeSet::new();
    for (i, p) in catalog.catalog.procedures().enumerate() {
        let res = post_bundle(&app, sealed(&p.code, &uuid(100 + i as u64))).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}: {}", p.code, String::from_utf8_lossy(&res.body));
        let r = res.json();
        let expected = today.add_working_days(p.processing.working_days).to_string();
        assert_eq!(r["expectedResultDate"], expected.as_str(), "{}", p.code);
        let number = r["caseNumber"].as_str().unwrap();
        assert!(case_number_shape(number), "{number}");
        // The agency part by the core's filing rule: a ward, a province, or the central agency.
        let (agency, receipt_agency) = match p.level {
            Level::Commune => ("01.00004", json!({"code": "01.00004", "province": "01", "ward": "00004", "name": "Phường Ba Đình, Thành phố Hà Nội"})),
            Level::Province => ("01", json!({"code": "01", "province": "01", "name": "Thành phố Hà Nội"})),
            Level::Central => ("TW", json!({"code": "TW", "name": p.agency.vi})),
        };
        assert!(number.starts_with(&format!("{agency}-261124-")), "{}: {number}", p.code);
        assert_eq!(r["agency"], receipt_agency, "{}", p.code);
        levels.insert(format!("{:?}", p.level));
    }
    assert_eq!(levels.len(), 3, "the sample catalog has a procedure of every level: {levels:?}");
}

#[tokio::test]
async fn the_same_bundle_again_gets_the_same_receipt_and_other_content_is_a_conflict() {
    let tmp = tempfile::tempdir().unwrap();
    let mut st = state(tmp.path());
    let app = router(st.clone(), tmp.path());
    let id = uuid(7);
    let bytes = sealed("1.001193", &id);
    let first = post_bundle(&app, bytes.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED);

    // A retry a day later still gets the original receipt, byte for byte.
    st.clock = tokhai_portal::Clock::fixed(receipt_time().plus_millis(86_400_000));
    let app = router(st, tmp.path());
    let again = post_bundle(&app, bytes.clone()).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body, first.body);

    // Same id, different content (other data, signed again).
    let mut spec = BundleSpec::new("1.001193", &id);
    spec.data["soBanSao"] = json!(3);
    let other = post_bundle(&app, spec.seal()).await;
    assert_eq!(other.status, StatusCode::CONFLICT, "{}", String::from_utf8_lossy(&other.body));
    assert_eq!(other.json()["code"], "conflict");
}

#[tokio::test]
async fn another_devices_bundle_under_the_same_id_does_not_squat_the_citizens() {
    let tmp = tempfile::tempdir().unwrap();
    let app = router(state(tmp.path()), tmp.path());
    let id = uuid(9);
    // Someone who learnt the id files first, with a valid bundle signed by his own device key.
    let squatter = p256::ecdsa::SigningKey::from_slice(&[42u8; 32]).unwrap();
    let mut theirs = BundleSpec::new("1.001193", &id);
    theirs.data["soBanSao"] = json!(5);
    let first = post_bundle(&app, theirs.seal_with(&squatter)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&first.body));

    // The citizen's genuine bundle under the same id still gets its own case.
    let genuine = sealed("1.001193", &id);
    let mine = post_bundle(&app, genuine.clone()).await;
    assert_eq!(mine.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&mine.body));
    assert_ne!(mine.json()["caseNumber"], first.json()["caseNumber"]);
    // Sending it again is the same receipt, not a conflict with the other key's filing.
    let again = post_bundle(&app, genuine.clone()).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body, mine.body);

    // Each case belongs to the key that signed it: by id alone it is ambiguous; `?device=` names whose.
    let res = get(&app, &format!("/api/bundles/{id}")).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.json()["code"], "ambiguous_id");
    let kid = |k: &p256::ecdsa::SigningKey| tokhai_core::jose::jwk_of(k.verifying_key()).thumbprint();
    let view = get(&app, &format!("/api/bundles/{id}?device={}", kid(&device_key()))).await;
    assert_eq!(view.status, StatusCode::OK);
    assert_eq!(view.json()["caseNumber"], mine.json()["caseNumber"]);
    let file = get(&app, &format!("/api/bundles/{id}/file?device={}", kid(&device_key()))).await;
    assert!(file.body == genuine, "the citizen's own bundle comes back");
    let view = get(&app, &format!("/api/bundles/{id}?device={}", kid(&squatter))).await;
    assert_eq!(view.json()["caseNumber"], first.json()["caseNumber"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_duplicates_make_exactly_one_case() {
    let tmp = tempfile::tempdir().unwrap();
    let st = state(tmp.path());
    let app = router(st.clone(), tmp.path());
    let id = uuid(8);
    let bytes = sealed("1.001193", &id);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (app, bytes) = (app.clone(), bytes.clone());
            tokio::spawn(async move { post_bundle(&app, bytes).await })
        })
        .collect();
    let mut replies = Vec::new();
    for t in tasks {
        replies.push(t.await.unwrap());
    }
    let created = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let ok = replies.iter().filter(|r| r.status == StatusCode::OK).count();
    assert_eq!((created, ok), (1, 7));
    let receipts: std::collections::HashSet<_> = replies.iter().map(|r| r.body.clone()).collect();
    assert_eq!(receipts.len(), 1, "every answer is the same receipt");
    assert_eq!(st.storage.list().await.unwrap().len(), 1);
}

#[tokio::test]
async fn every_kind_of_tampering_is_refused_with_its_code() {
    let tmp = tempfile::tempdir().unwrap();
    let app = router(state(tmp.path()), tmp.path());
    let good = sealed("1.001193", &uuid(9));
    let manifest = |entries: &mut Vec<(String, Vec<u8>)>| -> usize {
        entries.iter().position(|(n, _)| n == "manifest.json").unwrap()
    };

    // A byte flipped anywhere in the container: the ZIP's CRC catches it.
    let mut raw = good.clone();
    let at = raw.windows(8).position(|w| w == b"Nguy\xe1\xbb\x85n").unwrap();
    raw[at] ^= 0x01;
    assert_eq!(refusal(&app, raw).await.1["code"], "bad_container");

    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "manifest byte changed (container rebuilt)",
            rezip(&good, |e| {
                let i = manifest(e);
                let text = String::from_utf8(e[i].1.clone()).unwrap().replace("\"soBanSao\":2", "\"soBanSao\":3");
                e[i].1 = text.into_bytes();
            }),
            "bad_signature",
        ),
        (
            "attachment byte changed",
            rezip(&good, |e| {
                let last = e.len() - 1;
                let n = e[last].1.len();
                e[last].1[n - 3] ^= 0xFF;
            }),
            "digest_mismatch",
        ),
        (
            "signature changed",
            rezip(&good, |e| {
                let i = e.iter().position(|(n, _)| n == "signature.jws").unwrap();
                let sig = &mut e[i].1;
                let n = sig.len();
                sig[n - 10] = if sig[n - 10] == b'A' { b'B' } else { b'A' };
            }),
            "bad_signature",
        ),
        ("attachment removed", rezip(&good, |e| drop(e.pop())), "missing_file"),
        ("attachment added", rezip(&good, |e| e.push(("attachments/99-extra.jpg".into(), jpeg(9)))), "extra_file"),
        ("manifest removed", rezip(&good, |e| drop(e.remove(1))), "missing_file"),
        ("entries reordered", rezip(&good, |e| e.swap(1, 2)), "bad_container"),
        ("not a bundle", b"PK\x03\x04 certainly not a zip".to_vec(), "bad_container"),
    ];
    for (what, bytes, code) in cases {
        let (status, body) = refusal(&app, bytes).await;
        assert!(status.is_client_error(), "{what}: {status}");
        assert_eq!(body["code"], code, "{what}: {body}");
    }
    // Nothing was stored.
    assert_eq!(get(&app, &format!("/api/bundles/{}", uuid(9))).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn garbage_and_wrong_requests_are_json_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let app = router(state(tmp.path()), tmp.path());
    let (status, body) = refusal(&app, b"hello, portal".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "bad_container");

    let (status, body) = refusal(&app, Vec::new()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // application/octet-stream is fine, JSON is not.
    let bytes = sealed("1.001193", &uuid(10));
    let req = Request::post("/api/bundles")
        .header("content-type", "application/octet-stream")
        .body(Body::from(bytes.clone()))
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::CREATED);
    let req = Request::post("/api/bundles").header("content-type", "application/json").body(Body::from(bytes)).unwrap();
    let res = send(&app, req).await;
    assert_eq!(res.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(res.json()["code"], "unsupported_media_type");

    let res = send(&app, Request::delete("/api/bundles").body(Body::empty()).unwrap()).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.json()["code"], "method_not_allowed");
}

#[tokio::test]
async fn an_oversized_body_is_413_json() {
    let tmp = tempfile::tempdir().unwrap();
    let mut st = state(tmp.path());
    st.max_bundle_bytes = 1 << 20;
    let app = router(st, tmp.path());
    // Declared length over the limit.
    let res = post_bundle(&app, vec![0u8; (1 << 20) + 1]).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.json()["code"], "too_large");
    // Streamed without a length.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..40).map(|_| Ok(vec![0u8; 64 * 1024])).collect();
    let body = Body::from_stream(futures_stream(chunks));
    let req = Request::post("/api/bundles").header("content-type", BUNDLE_TYPE).body(body).unwrap();
    let res = send(&app, req).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.json()["code"], "too_large");
}

/// A stream over ready items, without the `futures` crate.
fn futures_stream<T: Unpin>(items: Vec<T>) -> impl futures_core::Stream<Item = T> {
    struct Iter<T>(std::vec::IntoIter<T>);
    impl<T: Unpin> futures_core::Stream for Iter<T> {
        type Item = T;
        fn poll_next(mut self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<T>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Iter(items.into_iter())
}

#[tokio::test]
async fn data_is_checked_by_jsonschema_and_by_the_core() {
    let tmp = tempfile::tempdir().unwrap();
    let app = router(state(tmp.path()), tmp.path());

    // A CCCD with no such province: the jsonschema crate's `cccd` format refuses it.
    let mut spec = BundleSpec::new("1.001193", &uuid(20));
    spec.data["me"]["soDinhDanh"] = json!("999194008231");
    let (status, body) = refusal(&app, spec.seal()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "schema_invalid", "{body}");
    let errors = body["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["path"] == "/me/soDinhDanh" && e["message"].as_str().unwrap().contains("\"cccd\"")),
        "{body}"
    );

    // Schema-valid, but the CCCD's birth year contradicts the birth date: only the core's cross-check sees it.
    let mut spec = BundleSpec::new("1.001193", &uuid(21));
    spec.data["me"]["ngaySinh"] = json!("1995-03-12");
    let (status, body) = refusal(&app, spec.seal()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "invalid_data", "{body}");
    assert!(body["errors"].as_array().unwrap().iter().any(|e| e["path"] == "/me/soDinhDanh"), "{body}");

    // A birth after the day of receipt (the 24th in Vietnam).
    let mut spec = BundleSpec::new("1.001193", &uuid(22));
    spec.data["nguoiDuocKhaiSinh"]["ngaySinh"] = json!("2026-11-25");
    let (_, body) = refusal(&app, spec.seal()).await;
    assert_eq!(body["code"], "schema_invalid", "{body}");

    // A required document missing: the core's document slot rules.
    let mut spec = BundleSpec::new("1.001193", &uuid(23));
    spec.attachments.clear();
    let (status, body) = refusal(&app, spec.seal()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "invalid_attachments", "{body}");
}

#[tokio::test]
async fn procedures_versions_and_agencies_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let app = router(state(tmp.path()), tmp.path());

    let mut spec = BundleSpec::new("1.001193", &uuid(30));
    spec.procedure.code = "9.999999".into();
    let (status, body) = refusal(&app, spec.seal()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "unknown_procedure");

    // An unknown catalog version whose procedure has the current schema version: accepted.
    let mut spec = BundleSpec::new("1.001193", &uuid(31));
    spec.procedure.catalog_version = "2026.10.9".into();
    let res = post_bundle(&app, spec.seal()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(res.json()["procedure"]["catalogVersion"], "2026.10.9");

    // An unknown schema version: refused.
    let mut spec = BundleSpec::new("1.001193", &uuid(32));
    spec.procedure.catalog_version = "2026.10.9".into();
    spec.procedure.schema_version = "0.9.0".into();
    let (status, body) = refusal(&app, spec.seal()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "unknown_procedure_version");
    let mut spec = BundleSpec::new("1.001193", &uuid(33));
    spec.procedure.schema_version = "2.0.0".into();
    assert_eq!(refusal(&app, spec.seal()).await.1["code"], "unknown_procedure_version");

    // Agencies: a ward of another province, no ward, a ward for a province-level procedure, no such province, no province.
    let bad: Vec<(&str, Agency)> = vec![
        ("1.001193", Agency { province: Some("79".into()), ward: Some("00004".into()) }),
        ("1.001193", Agency { province: Some("01".into()), ward: Some("99999".into()) }),
        ("1.001193", Agency { province: Some("01".into()), ward: None }),
        ("3.000333", Agency { province: Some("01".into()), ward: Some("00004".into()) }),
        ("3.000333", Agency { province: Some("02".into()), ward: None }),
        ("3.000333", Agency { province: None, ward: None }),
    ];
    for (i, (code, agency)) in bad.into_iter().enumerate() {
        let mut spec = BundleSpec::new(code, &uuid(40 + i as u64));
        spec.agency = agency.clone();
        let (status, body) = refusal(&app, spec.seal()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{agency:?}");
        assert_eq!(body["code"], "wrong_agency", "{agency:?}: {body}");
    }
    // A procedure that is not `anyWard` is still accepted at any real ward of the province.
    let mut spec = BundleSpec::new("1.001612", &uuid(50));
    spec.agency = Agency { province: Some("79".into()), ward: Some("26732".into()) };
    let res = post_bundle(&app, spec.seal()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(res.json()["caseNumber"], "79.26732-261124-0001");
}

#[tokio::test]
async fn an_older_catalog_version_the_portal_served_is_used() {
    let tmp = tempfile::tempdir().unwrap();
    let st = state(tmp.path());
    // Record an older catalog (version 2026.10.1) in which 1.001193 had schema version 0.9.0.
    let mut doc: Value = serde_json::from_slice(&st.catalog.body).unwrap();
    doc["version"] = json!("2026.10.1");
    for p in doc["procedures"].as_array_mut().unwrap() {
        if p["code"] == "1.001193" {
            p["schemaVersion"] = json!("0.9.0");
        }
    }
    let older = tokhai_portal::catalog::ServedCatalog::from_body(&serde_json::to_vec(&doc).unwrap()).unwrap();
    st.storage.record_catalog(&older, receipt_time()).await.unwrap();
    let app = router(st, tmp.path());

    let mut spec = BundleSpec::new("1.001193", &uuid(60));
    spec.procedure.catalog_version = "2026.10.1".into();
    spec.procedure.schema_version = "0.9.0".into();
    let res = post_bundle(&app, spec.seal()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));
    assert_eq!(res.json()["procedure"]["schemaVersion"], "0.9.0");

    // In that version the current schema version did not exist.
    let mut spec = BundleSpec::new("1.001193", &uuid(61));
    spec.procedure.catalog_version = "2026.10.1".into();
    assert_eq!(refusal(&app, spec.seal()).await.1["code"], "unknown_procedure_version");
}

#[tokio::test]
async fn status_and_file_are_served_back() {
    let tmp = tempfile::tempdir().unwrap();
    let st = state(tmp.path());
    let app = router(st.clone(), tmp.path());
    let id = uuid(70);
    let bytes = sealed("1.004222", &id);
    let receipt = post_bundle(&app, bytes.clone()).await.json();
    let number = receipt["caseNumber"].as_str().unwrap().to_owned();

    let res = get(&app, &format!("/api/bundles/{id}")).await;
    assert_eq!(res.status, StatusCode::OK);
    let view = res.json();
    assert_eq!(view["bundleId"], id);
    assert_eq!(view["caseNumber"], number.as_str());
    assert_eq!(view["status"], "received");
    assert_eq!(view["receivedAt"], receipt["receivedAt"]);
    assert_eq!(view["updatedAt"], receipt["receivedAt"]);
    assert_eq!(view["expectedResultDate"], receipt["expectedResultDate"]);
    assert_eq!(view["history"], json!([{"status": "received", "at": "2026-11-24T02:00:00.000Z"}]));

    for accept in ["", "gzip, br"] {
        let mut req = Request::get(format!("/api/bundles/{id}/file"));
        if !accept.is_empty() {
            req = req.header("accept-encoding", accept);
        }
        let res = send(&app, req.body(Body::empty()).unwrap()).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.header("content-type"), BUNDLE_TYPE);
        assert_eq!(res.header("content-encoding"), "", "a ZIP is not compressed again");
        assert_eq!(res.header("content-disposition"), format!("attachment; filename=\"{number}.tokhai\""));
        assert!(res.body == bytes, "the stored bundle comes back byte for byte");
    }

    for uri in [
        format!("/api/bundles/{}", uuid(71)),
        format!("/api/bundles/{}/file", uuid(71)),
        format!("/api/bundles/{number}"),
    ] {
        let res = get(&app, &uri).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(res.json()["code"], "not_found");
    }

    // The clerk moves the case on; the status follows.
    let (n, s) = st.storage.advance(number.clone(), receipt_time().plus_millis(60_000)).await.unwrap();
    assert_eq!(s, cases::CaseStatus::Processing);
    let view = get(&app, &format!("/api/bundles/{id}")).await.json();
    assert_eq!(view["caseNumber"], n.as_str());
    assert_eq!(view["status"], "processing");
    assert_eq!(view["updatedAt"], "2026-11-24T02:01:00.000Z");
    assert_eq!(view["history"].as_array().unwrap().len(), 2);
}
