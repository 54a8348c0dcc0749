//! Assisted filing: a bundle filed by an operator (volunteer, outreach team
//! member, counter officer) for a citizen. The portal checks the citizen's
//! consent against the citizen the form names, stores who filed and shows it
//! (`GET /api/bundles/{id}`, `case list`, `case show`); an operator block
//! altered after signing, or re-signed with a consent for someone else, is
//! refused.

mod support;

use axum::http::StatusCode;
use serde_json::{json, Value};
use support::*;
use tokhai_core::bundle::{consent_text, OperatorRole};

/// An edit of a manifest (as JSON).
type Edit = Box<dyn Fn(&mut Value)>;

const OPERATOR: &str = "Trần Thị Bình";

#[tokio::test]
async fn an_operator_filed_bundle_is_accepted_and_its_operator_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let app = router(state(tmp.path()), tmp.path());
    let id = uuid(1);
    let spec = BundleSpec::new("1.001193", &id).filed_by(OPERATOR, OperatorRole::Volunteer);
    let consent = spec.operator.as_ref().unwrap().consent.text.clone();
    assert!(consent.starts_with("Tôi, Nguyễn Văn Tuấn, đã đề nghị Trần Thị Bình (tình nguyện viên"), "{consent}");
    let res = post_bundle(&app, spec.seal()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&res.body));

    let view = get(&app, &format!("/api/bundles/{id}")).await.json();
    assert_eq!(
        view["operator"],
        json!({
            "name": "Trần Thị Bình",
            "role": "volunteer",
            "station": "Điểm hỗ trợ dịch vụ công phường Ba Đình",
            "homeWard": "00004",
            "consentAt": "2026-11-23T07:50:00.000Z",
        })
    );
    // A citizen filing alone: no operator member at all.
    let alone = uuid(2);
    assert_eq!(post_bundle(&app, sealed("1.001193", &alone)).await.status, StatusCode::CREATED);
    let view = get(&app, &format!("/api/bundles/{alone}")).await.json();
    assert!(view.get("operator").is_none(), "{view}");
    assert_eq!(view["status"], "received");

    // Every role, on another procedure.
    for (i, role) in [OperatorRole::Outreach, OperatorRole::Counter].into_iter().enumerate() {
        let id = uuid(3 + i as u64);
        let res = post_bundle(&app, BundleSpec::new("1.001612", &id).filed_by("Vũ Đức Hải", role).seal()).await;
        assert_eq!(res.status, StatusCode::CREATED, "{role:?}: {}", String::from_utf8_lossy(&res.body));
        let view = get(&app, &format!("/api/bundles/{id}")).await.json();
        assert_eq!(view["operator"]["role"], if i == 0 { "outreach" } else { "counter" });
    }
}

#[tokio::test]
async fn an_operator_block_altered_after_signing_is_a_bad_signature() {
    let tmp = tempfile::tempdir().unwrap();
    let app = router(state(tmp.path()), tmp.path());
    let id = uuid(10);
    let good = BundleSpec::new("1.001193", &id).filed_by(OPERATOR, OperatorRole::Outreach).seal();
    let edits: Vec<(&str, Edit)> = vec![
        ("operator name", Box::new(|m| m["operator"]["name"] = json!("Người khác"))),
        ("role", Box::new(|m| m["operator"]["role"] = json!("counter"))),
        ("home ward", Box::new(|m| m["operator"]["homeWard"] = json!("00166"))),
        ("consent time", Box::new(|m| m["operator"]["consent"]["confirmedAt"] = json!("2026-11-23T07:00:00.000Z"))),
        (
            "consent text",
            Box::new(|m| {
                let text =
                    m["operator"]["consent"]["text"].as_str().unwrap().replace("Nguyễn Văn Tuấn", "Trần Thị Hương");
                m["operator"]["consent"]["text"] = json!(text);
            }),
        ),
        ("operator removed", Box::new(|m| drop(m.as_object_mut().unwrap().remove("operator")))),
    ];
    for (what, edit) in edits {
        let tampered = rezip(&good, |entries| {
            let mut m: Value = serde_json::from_slice(&entries[1].1).unwrap();
            edit(&mut m);
            entries[1].1 = tokhai_core::jose::canonical_bytes(&m).unwrap();
        });
        let (status, body) = refusal(&app, tampered).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{what}: {body}");
        assert_eq!(body["code"], "bad_signature", "{what}: {body}");
    }
    assert_eq!(get(&app, &format!("/api/bundles/{id}")).await.status, StatusCode::NOT_FOUND);
    // The untouched bundle is fine.
    assert_eq!(post_bundle(&app, good).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_re_signed_consent_for_another_citizen_is_422_bad_consent() {
    let tmp = tempfile::tempdir().unwrap();
    let app = router(state(tmp.path()), tmp.path());
    let id = uuid(20);
    let good = BundleSpec::new("1.001193", &id).filed_by(OPERATOR, OperatorRole::Volunteer).seal();

    // The consent of the mother (named in the form too), not of the father who asks for the registration.
    let forged = resign(&good, |m| {
        m["operator"]["consent"]["text"] = json!(consent_text("Trần Thị Hương", OPERATOR, OperatorRole::Volunteer))
    });
    let (status, body) = refusal(&app, forged).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "bad_consent", "{body}");
    // The answer names the rule, never a citizen (the one the form names, nor the one in the forged text).
    let text = body.to_string();
    assert!(!text.contains("Nguyễn Văn Tuấn") && !text.contains("Trần Thị Hương"), "{body}");
    assert!(body["messageVi"].as_str().unwrap().contains("xác nhận"), "{body}");

    // A consent wording of the app's own, another operator's name, another role.
    for (what, text) in [
        ("reworded", "Tôi đồng ý để người hỗ trợ nộp hồ sơ thay tôi.".to_owned()),
        ("another operator", consent_text("Nguyễn Văn Tuấn", "Lê Văn Cường", OperatorRole::Volunteer)),
        ("another role", consent_text("Nguyễn Văn Tuấn", OPERATOR, OperatorRole::Counter)),
    ] {
        let forged = resign(&good, |m| m["operator"]["consent"]["text"] = json!(text));
        let (status, body) = refusal(&app, forged).await;
        assert_eq!(
            (status, body["code"].as_str().unwrap()),
            (StatusCode::UNPROCESSABLE_ENTITY, "bad_consent"),
            "{what}"
        );
    }
    // Confirmed more than a day before the draft was started (23/11 07:00Z).
    let forged = resign(&good, |m| m["operator"]["consent"]["confirmedAt"] = json!("2026-11-22T06:59:59.999Z"));
    assert_eq!(refusal(&app, forged).await.1["code"], "bad_consent");
    let on_time = resign(&good, |m| m["operator"]["consent"]["confirmedAt"] = json!("2026-11-22T07:00:00.000Z"));
    let res = post_bundle(&app, on_time).await;
    assert_eq!(res.status, StatusCode::CREATED, "a day before is still fine: {}", String::from_utf8_lossy(&res.body));
    // `id` is filed now (other bytes under it would be a 409): the next bundles use another id.
    let good = resign(&good, |m| m["id"] = json!(uuid(21)));
    let forged = resign(&good, |m| m["operator"]["consent"]["confirmedAt"] = json!("2026-11-01T00:00:00.000Z"));
    assert_eq!(refusal(&app, forged).await.1["code"], "bad_consent");
    // Confirmed after sealing: the manifest itself is invalid.
    let forged = resign(&good, |m| m["operator"]["consent"]["confirmedAt"] = json!("2026-11-23T08:00:00.001Z"));
    let (status, body) = refusal(&app, forged).await;
    assert_eq!((status, body["code"].as_str().unwrap()), (StatusCode::BAD_REQUEST, "bad_manifest"), "{body}");
    // No such home ward.
    let forged = resign(&good, |m| m["operator"]["homeWard"] = json!("99999"));
    let (status, body) = refusal(&app, forged).await;
    assert_eq!((status, body["code"].as_str().unwrap()), (StatusCode::UNPROCESSABLE_ENTITY, "bad_operator"), "{body}");

    // Nothing was stored; the honest bundle still goes through.
    assert_eq!(get(&app, &format!("/api/bundles/{}", uuid(21))).await.status, StatusCode::NOT_FOUND);
    assert_eq!(post_bundle(&app, good).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn case_list_and_case_show_print_the_operator_and_the_consent() {
    let tmp = tempfile::tempdir().unwrap();
    let app = router(state(tmp.path()), tmp.path());
    let db = tmp.path().join("portal.sqlite3");
    let db = db.to_str().unwrap();
    let (assisted, alone) = (uuid(30), uuid(31));
    let spec = BundleSpec::new("1.001193", &assisted).filed_by(OPERATOR, OperatorRole::Counter);
    let consent = spec.operator.as_ref().unwrap().consent.text.clone();
    let receipt = post_bundle(&app, spec.seal()).await.json();
    let number = receipt["caseNumber"].as_str().unwrap().to_owned();
    assert_eq!(post_bundle(&app, sealed("1.001612", &alone)).await.status, StatusCode::CREATED);

    let (ok, out, err) = run_cli(&["case", "list", "--db", db]);
    assert!(ok, "{err}");
    let header = out.lines().next().unwrap();
    assert!(header.ends_with("operator"), "{out}");
    let line =
        |id: &str| out.lines().find(|l| l.contains(id)).unwrap_or_else(|| panic!("{id} not in {out}")).to_owned();
    assert!(line(&assisted).ends_with("Trần Thị Bình (counter)"), "{out}");
    assert!(line(&alone).ends_with(" -"), "{out}");

    for key in [number.as_str(), assisted.as_str()] {
        let (ok, out, err) = run_cli(&["case", "show", key, "--db", db]);
        assert!(ok, "{err}");
        for expected in [
            format!("case        {number}"),
            format!("bundle      {assisted}"),
            "status      received (Đã tiếp nhận)".to_owned(),
            "procedure   1.001193 Đăng ký khai sinh".to_owned(),
            "agency      01.00004 Phường Ba Đình, Thành phố Hà Nội".to_owned(),
            "history     2026-11-24T02:00:00.000Z received".to_owned(),
            "filed by    operator Trần Thị Bình".to_owned(),
            "role        counter (cán bộ bộ phận một cửa, one-stop counter officer)".to_owned(),
            "station     Điểm hỗ trợ dịch vụ công phường Ba Đình".to_owned(),
            "home ward   00004 Phường Ba Đình, Thành phố Hà Nội".to_owned(),
            "consent at  2026-11-23T07:50:00.000Z".to_owned(),
            format!("consent     {consent}"),
        ] {
            assert!(out.contains(&expected), "{expected:?} not in:\n{out}");
        }
    }
    let (ok, out, err) = run_cli(&["case", "show", &alone, "--db", db]);
    assert!(ok, "{err}");
    assert!(out.contains("filed by    the citizen") && !out.contains("consent"), "{out}");
    let (ok, _, err) = run_cli(&["case", "show", "01.00004-261122-9999", "--db", db]);
    assert!(!ok && err.contains("no case"), "{err}");
}
