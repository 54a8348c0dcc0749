//! Assisted filing ("operator mode") and batch files, on a real sample
//! procedure (1.001193, birth registration): the consent sentence is checked
//! against the citizen the form names, its time and the operator's home ward
//! are checked, every byte of the operator block is covered by the signature,
//! and many sealed bundles travel in one batch file and come out byte for byte.
#![cfg(all(feature = "native", feature = "embedded-address"))]


use p256::ecdsa::SigningKey;
use serde_json::{json, Value};
use tokhai_core::bundle::zip::{DosTime, ZipWriter};
use tokhai_core::bundle::{
    consent_text, consent_text_for, is_batch, open, prepare, read_batch, read_batch_named, role_label, write_batch,
    AttachmentInput, BundleError, Consent, OperatorBlock, OperatorRole, SealContext, SealInput, SealedBundle,
    BATCH_MIMETYPE,
};
use tokhai_core::catalog::Delivery;
use tokhai_core::date::Date;
use tokhai_core::draft::{requester, subject, Draft};
use tokhai_core::form::{Env, Form};
use tokhai_core::jose::{
    canonical_bytes, compact_detached, jwk_of, parse_detached, sign_es256, signing_input, NativeEs256,
};
use tokhai_core::schema::NativePatterns;

mod support;
use support::*;

/// An edit of a manifest (as JSON).
type Edit = Box<dyn Fn(&mut Value)>;

// ---------------------------------------------------------------- fixtures

fn key() -> SigningKey {
    SigningKey::from_slice(&[0x24; 32]).unwrap()
}

const ID: &str = "7c1e2d3f-4a5b-4c6d-8e7f-901a2b3c4d5e";
const CREATED: &str = "2026-11-20T02:00:00.000Z";
const SEALED: &str = "2026-11-22T03:04:05.678Z";
const OPERATOR: &str = "Trần Thị Bình";

fn draft(form: &Form) -> Draft {
    let mut d = Draft::new("draft-op".into(), form, "2026.11.1", t(CREATED));
    d.data = example(&form.code);
    d.filing.province = Some("01".into());
    d.filing.ward = Some("00166".into());
    d.filing.delivery = Some(Delivery::Postal);
    d
}

/// The citizen the sample form names (the first `hoTen` in form order).
fn citizen(form: &Form, env: &Env<'_>) -> String {
    requester(form, &example(&form.code), env).expect("the example names someone")
}

fn operator(role: OperatorRole, text: String) -> OperatorBlock {
    OperatorBlock {
        name: OPERATOR.into(),
        role,
        station: "Điểm hỗ trợ dịch vụ công phường Láng".into(),
        home_ward: "00166".into(),
        consent: Consent { text, confirmed_at: t("2026-11-22T02:55:00Z") },
    }
}

/// A valid operator block for the sample dossier.
fn good_operator(form: &Form, env: &Env<'_>, role: OperatorRole) -> OperatorBlock {
    operator(role, consent_text(&citizen(form, env), OPERATOR, role))
}

fn input(form: &Form, env: &Env<'_>, op: Option<OperatorBlock>) -> SealInput {
    let cx = SealContext {
        id: ID.into(),
        catalog_id: "vn-sample".into(),
        sealed_at: t(SEALED),
        app_version: "0.1.0".into(),
        device_jwk: jwk_of(key().verifying_key()),
        attachments: vec![AttachmentInput {
            name: "Giấy chứng sinh.jpg".into(),
            slot: "giay-chung-sinh".into(),
            media_type: "image/jpeg".into(),
            bytes: jpeg("front"),
        }],
        operator: op,
    };
    SealInput::from_draft(&draft(form), form, env, cx).unwrap()
}

fn seal(input: SealInput) -> SealedBundle {
    let unsigned = prepare(input).unwrap();
    let sig = sign_es256(&key(), unsigned.signing_input());
    unsigned.assemble(&sig).unwrap()
}

/// Open, verify natively, check against the form.
fn receive(bytes: &[u8], form: &Form, env: &Env<'_>) -> Result<(), BundleError> {
    open(bytes)?.verify_signature(&NativeEs256)?.check_data(form, env)
}

fn code(r: Result<(), BundleError>) -> Result<(), &'static str> {
    r.map_err(|e| e.code())
}

/// What a malicious (or broken) app would do: edit the manifest of a sealed
/// bundle and sign it again with the device key, so the signature verifies.
fn edit_and_resign(bytes: &[u8], edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut e = entries(bytes);
    let mut m: Value = serde_json::from_slice(&e[1].1).unwrap();
    edit(&mut m);
    e[1].1 = canonical_bytes(&m).unwrap();
    let jws = String::from_utf8(e[2].1.clone()).unwrap();
    let protected = jws.split('.').next().unwrap().to_owned();
    let sig = sign_es256(&key(), &signing_input(&protected, &e[1].1));
    e[2].1 = compact_detached(&protected, &sig).into_bytes();
    assert!(parse_detached(std::str::from_utf8(&e[2].1).unwrap()).is_ok());
    rezip(&e)
}

// ---------------------------------------------------------------- consent

#[test]
fn a_valid_operator_bundle_passes_for_every_role() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    // The father asks for the birth registration: the consent is his, not the newborn's.
    assert_eq!(subject(&form, &example("1.001193"), &env).as_deref(), Some("Nguyễn Minh Khang"));
    assert_eq!(citizen(&form, &env), "Nguyễn Văn Tuấn");
    for role in [OperatorRole::Volunteer, OperatorRole::Outreach, OperatorRole::Counter] {
        let op = good_operator(&form, &env, role);
        assert!(op.consent.text.contains(&role_label(role).vi));
        assert_eq!(op.consent.text, consent_text_for(&form, &example("1.001193"), &env, OPERATOR, role));
        let unsigned = prepare(input(&form, &env, Some(op.clone()))).unwrap();
        assert_eq!(code(unsigned.check_data(&form, &env)), Ok(()), "the app's preflight passes");
        let sealed = seal(input(&form, &env, Some(op.clone())));
        assert_eq!(code(receive(sealed.bytes(), &form, &env)), Ok(()), "{role:?}");
        assert_eq!(open(sealed.bytes()).unwrap().manifest().operator.as_ref(), Some(&op));
    }
    // The sentence as the citizen hears it.
    assert_eq!(
        good_operator(&form, &env, OperatorRole::Volunteer).consent.text,
        "Tôi, Nguyễn Văn Tuấn, đã đề nghị Trần Thị Bình (tình nguyện viên hỗ trợ dịch vụ công) khai và nộp hồ sơ \
         này thay cho tôi. Tôi đã nghe đọc lại và xác nhận thông tin trong hồ sơ là đúng."
    );
    // A citizen filing alone has no operator block and no consent to check.
    assert_eq!(code(receive(seal(input(&form, &env, None)).bytes(), &form, &env)), Ok(()));
}

#[test]
fn a_wrong_consent_is_refused() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let role = OperatorRole::Volunteer;
    let name = citizen(&form, &env);
    let check = |op: OperatorBlock| -> Result<(), BundleError> {
        // Sealing does not refuse it (only `check_data` knows the form): the preflight and the receiver do.
        let unsigned = prepare(input(&form, &env, Some(op.clone()))).unwrap();
        let pre = unsigned.check_data(&form, &env);
        let got = receive(seal(input(&form, &env, Some(op))).bytes(), &form, &env);
        assert_eq!(pre, got, "the preflight and the receiver agree");
        got
    };

    // Altered text: a word changed, a full stop dropped, text around it.
    let good = consent_text(&name, OPERATOR, role);
    for text in [
        good.replace("đã nghe đọc lại", "đã đọc"),
        good.trim_end_matches('.').to_owned(),
        format!("{good} "),
        good.to_uppercase(),
        "Tôi đồng ý.".to_owned(),
    ] {
        let err = check(operator(role, text.clone())).unwrap_err();
        assert_eq!(err.code(), "bad_consent", "{text}");
    }
    // Consent given for someone else (the mother), by someone else, or in another role.
    let err = check(operator(role, consent_text("Trần Thị Hương", OPERATOR, role))).unwrap_err();
    assert_eq!(err.code(), "bad_consent");
    // The message names the rule, never the citizen: it reaches the portal's answers.
    assert!(!err.to_string().contains(&name) && !err.message().vi.contains(&name), "{err}");
    let m = err.message();
    assert!(m.vi.contains("xác nhận") && !m.en.is_empty(), "{m:?}");
    assert_eq!(check(operator(role, consent_text("", OPERATOR, role))).unwrap_err().code(), "bad_consent");
    assert_eq!(check(operator(role, consent_text(&name, "Lê Văn Cường", role))).unwrap_err().code(), "bad_consent");
    assert_eq!(
        check(operator(role, consent_text(&name, OPERATOR, OperatorRole::Counter))).unwrap_err().code(),
        "bad_consent"
    );
    // Spacing of the names does not matter: both sides tidy them the same way.
    let mut op = operator(role, good.clone());
    op.name = format!("  {}  ", OPERATOR.replace(' ', "  "));
    assert_eq!(code(check(op)), Ok(()));
}

#[test]
fn the_consent_time_is_checked() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let at = |when: &str| {
        let mut op = good_operator(&form, &env, OperatorRole::Outreach);
        op.consent.confirmed_at = t(when);
        op
    };
    let check = |op: OperatorBlock| code(receive(seal(input(&form, &env, Some(op))).bytes(), &form, &env));
    // Up to one day before the draft was started (2026-11-20T02:00Z), and until sealing.
    assert_eq!(check(at("2026-11-19T02:00:00.000Z")), Ok(()));
    assert_eq!(check(at(SEALED)), Ok(()));
    assert_eq!(check(at("2026-11-19T01:59:59.999Z")), Err("bad_consent"));
    assert_eq!(check(at("2025-01-01T00:00:00.000Z")), Err("bad_consent"));

    // After sealing: no app can seal it, and a receiver refuses the manifest itself.
    let late = at("2026-11-22T03:04:05.679Z");
    let err = prepare(input(&form, &env, Some(late))).unwrap_err();
    assert_eq!(err.code(), "bad_manifest");
    assert!(err.to_string().contains("confirmedAt is after sealedAt"), "{err}");
    let good = seal(input(&form, &env, Some(at(SEALED))));
    let forged =
        edit_and_resign(good.bytes(), |m| m["operator"]["consent"]["confirmedAt"] = json!("2026-11-22T03:04:05.679Z"));
    assert_eq!(code(receive(&forged, &form, &env)), Err("bad_manifest"));
}

#[test]
fn the_home_ward_must_exist() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let mut op = good_operator(&form, &env, OperatorRole::Counter);
    op.home_ward = "26732".into(); // a real ward in TP.HCM: fine, operators may help anywhere
    assert_eq!(code(receive(seal(input(&form, &env, Some(op.clone()))).bytes(), &form, &env)), Ok(()));
    op.home_ward = "99999".into();
    let sealed = seal(input(&form, &env, Some(op)));
    let err = receive(sealed.bytes(), &form, &env).unwrap_err();
    assert_eq!(err.code(), "bad_operator");
    assert!(err.to_string().contains("99999"), "{err}");
    // Without the address units (the app before it fetched them) the code is only checked for its form.
    let bare = Env::new(&patterns, Date::new(2026, 11, 22).unwrap());
    assert_eq!(code(receive(sealed.bytes(), &form, &bare)), Ok(()));
    op = good_operator(&form, &env, OperatorRole::Counter);
    op.home_ward = "0016".into();
    assert_eq!(prepare(input(&form, &env, Some(op))).unwrap_err().code(), "bad_manifest");
}

#[test]
fn a_re_signed_consent_for_another_citizen_is_refused() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let good = seal(input(&form, &env, Some(good_operator(&form, &env, OperatorRole::Volunteer))));
    let forged = edit_and_resign(good.bytes(), |m| {
        m["operator"]["consent"]["text"] = json!(consent_text("Trần Thị Hương", OPERATOR, OperatorRole::Volunteer))
    });
    // The signature verifies (the device signed it) but the consent does not fit the form.
    assert!(open(&forged).unwrap().verify_signature(&NativeEs256).is_ok());
    assert_eq!(code(receive(&forged, &form, &env)), Err("bad_consent"));
    // Changing the citizen in the data instead (and re-signing) makes the consent wrong too.
    let forged = edit_and_resign(good.bytes(), |m| m["data"]["nguoiYeuCau"]["hoTen"] = json!("Nguyễn Văn Tuân"));
    assert_eq!(code(receive(&forged, &form, &env)), Err("bad_consent"));
    // The newborn's name is not part of the consent: changing it keeps the consent right.
    let renamed = edit_and_resign(good.bytes(), |m| m["data"]["nguoiDuocKhaiSinh"]["hoTen"] = json!("Nguyễn Minh Khanh"));
    assert_eq!(code(receive(&renamed, &form, &env)), Ok(()));
}

// ---------------------------------------------------------------- the signature covers the operator block

#[test]
fn any_byte_of_the_operator_block_changed_after_signing_is_refused() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let sealed = seal(input(&form, &env, Some(good_operator(&form, &env, OperatorRole::Outreach))));
    let base = entries(sealed.bytes());
    let manifest = &base[1].1;
    let text = std::str::from_utf8(manifest).unwrap();
    let start = text.find("\"operator\":").unwrap();
    let end = start + text[start..].find("},\"procedure\"").unwrap() + 1;
    assert!(
        text[start..end].ends_with(
            "\"name\":\"Trần Thị Bình\",\"role\":\"outreach\",\"station\":\"Điểm hỗ trợ dịch vụ công phường Láng\"}"
        ),
        "{}",
        &text[start..end]
    );

    let mut signature_failures = 0;
    for (i, &byte) in manifest.iter().enumerate().take(end).skip(start) {
        for replacement in [byte ^ 0x01, byte ^ 0x20] {
            let mut e = base.clone();
            e[1].1[i] = replacement;
            let bytes = rezip(&e);
            // Refused at some step: JSON, canonical form, manifest rules — or, when the
            // change still makes a valid manifest, the signature.
            let result = open(&bytes).and_then(|o| o.verify_signature(&NativeEs256)).map(|_| ());
            let err = result.expect_err(&format!("byte {i} changed to {replacement:#04x} was accepted"));
            assert!(
                ["bad_signature", "bad_manifest", "not_canonical", "unsupported_format"].contains(&err.code()),
                "byte {i}: {err}"
            );
            if err.code() == "bad_signature" {
                signature_failures += 1;
            }
        }
    }
    assert!(
        signature_failures > (end - start),
        "most single-byte changes are well-formed and only the signature catches them ({signature_failures})"
    );

    // The meaningful edits, each caught by the signature.
    let edits: Vec<(&str, Edit)> = vec![
        ("name", Box::new(|m| m["operator"]["name"] = json!("Người khác"))),
        ("role", Box::new(|m| m["operator"]["role"] = json!("counter"))),
        ("station", Box::new(|m| m["operator"]["station"] = json!("Nhà văn hoá tổ 5"))),
        ("home ward", Box::new(|m| m["operator"]["homeWard"] = json!("00004"))),
        ("consent text", Box::new(|m| m["operator"]["consent"]["text"] = json!("Tôi đồng ý."))),
        ("consent time", Box::new(|m| m["operator"]["consent"]["confirmedAt"] = json!("2026-11-22T02:00:00.000Z"))),
        ("block removed", Box::new(|m| drop(m.as_object_mut().unwrap().remove("operator")))),
    ];
    for (what, edit) in edits {
        let mut e = base.clone();
        let mut m: Value = serde_json::from_slice(&e[1].1).unwrap();
        edit(&mut m);
        e[1].1 = canonical_bytes(&m).unwrap();
        assert_eq!(code(receive(&rezip(&e), &form, &env)), Err("bad_signature"), "{what}");
    }
    // And an operator block added to a bundle sealed without one.
    let alone = seal(input(&form, &env, None));
    let mut e = entries(alone.bytes());
    let mut m: Value = serde_json::from_slice(&e[1].1).unwrap();
    m["operator"] = serde_json::to_value(good_operator(&form, &env, OperatorRole::Volunteer)).unwrap();
    e[1].1 = canonical_bytes(&m).unwrap();
    assert_eq!(code(receive(&rezip(&e), &form, &env)), Err("bad_signature"));
}

// ---------------------------------------------------------------- batches

#[test]
fn a_batch_carries_real_bundles_byte_for_byte() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let ids = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222", ID];
    let bundles: Vec<(String, Vec<u8>)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let op = (i != 1).then(|| good_operator(&form, &env, OperatorRole::Outreach));
            let mut inp = input(&form, &env, op);
            inp.id = (*id).into();
            (inp.id.clone(), seal(inp).into_bytes())
        })
        .collect();
    let batch = write_batch(&bundles).unwrap();
    assert!(is_batch(&batch));
    assert!(!is_batch(&bundles[0].1), "a bundle is not a batch");
    assert_eq!(&batch[38..38 + BATCH_MIMETYPE.len()], BATCH_MIMETYPE.as_bytes());

    let back = read_batch(&batch).unwrap();
    assert_eq!(back, bundles.iter().map(|(_, b)| b.clone()).collect::<Vec<_>>());
    // What the importing app does: open each one on its own, name and id agree.
    for (id, bytes) in read_batch_named(&batch).unwrap() {
        let opened = open(&bytes).unwrap();
        assert_eq!(opened.id(), id);
        assert_eq!(code(opened.verify_signature(&NativeEs256).unwrap().check_data(&form, &env)), Ok(()));
    }

    // An independent ZIP reader sees the same entries.
    let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(&batch)).unwrap();
    assert_eq!(archive.len(), 4);
    assert_eq!(archive.by_index(0).unwrap().name().unwrap(), "mimetype");
    for (i, id) in ids.iter().enumerate() {
        let mut f = archive.by_index(i + 1).unwrap();
        assert_eq!(f.name().unwrap(), format!("bundles/{id}.tokhai"));
        let mut got = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut got).unwrap();
        assert_eq!(got, bundles[i].1);
    }

    // A damaged bundle inside a well-formed batch: the batch reads, that bundle is refused on its own.
    let mut e = entries(&batch);
    let inner = &mut e[2].1;
    let n = inner.len();
    inner[n - 40] ^= 0x01; // in the inner bundle's central directory
    let damaged = rezip(&e);
    let read = read_batch(&damaged).unwrap();
    assert!(open(&read[0]).is_ok() && open(&read[2]).is_ok());
    assert!(open(&read[1]).is_err());
}

#[test]
fn malformed_batches_are_refused() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let bundle = seal(input(&form, &env, None)).into_bytes();
    let mt = BATCH_MIMETYPE.as_bytes();
    let name = format!("bundles/{ID}.tokhai");
    let zip_of = |list: &[(&str, &[u8])]| {
        let mut w = ZipWriter::new(DosTime::EPOCH);
        for (n, d) in list {
            w.add(n, d).unwrap();
        }
        w.finish().unwrap()
    };
    let code = |bytes: &[u8]| read_batch(bytes).unwrap_err().code();
    assert_eq!(code(&bundle), "bad_mimetype", "a single bundle is not a batch");
    assert_eq!(code(&zip_of(&[("mimetype", mt)])), "bad_container", "no bundle");
    assert_eq!(code(&zip_of(&[(&name, &bundle), ("mimetype", mt)])), "bad_mimetype");
    assert_eq!(code(&zip_of(&[("mimetype", mt), (&name, &bundle), ("manifest.json", b"{}")])), "extra_file");
    assert_eq!(code(&zip_of(&[("mimetype", mt), (&name, &bundle), ("bundles/x.tokhai", &bundle)])), "extra_file");
    assert_eq!(code(&zip_of(&[("mimetype", mt), (&name, &bundle), (&name.to_uppercase(), &bundle)])), "bad_container");
    assert_eq!(code(b"PK\x03\x04 not a zip"), "bad_container");
    // Writing refuses the same bundle twice and non-bundles.
    let twice = [(ID.to_owned(), bundle.clone()), (ID.to_owned(), bundle.clone())];
    assert_eq!(write_batch(&twice).unwrap_err().code(), "bad_container");
    assert_eq!(write_batch(&[(ID.to_owned(), b"PK".to_vec())]).unwrap_err().code(), "bad_mimetype");
    assert_eq!(write_batch(&[]).unwrap_err().code(), "bad_container");
}

// ---------------------------------------------------------------- the specification

#[test]
fn the_specification_shows_the_sentence_the_labels_and_every_code() {
    let doc = std::fs::read_to_string(repo().join("docs/bundle-format.md")).unwrap();
    let example = consent_text("Nguyễn Văn An", "Trần Thị Bình", OperatorRole::Volunteer);
    assert!(doc.contains(&format!("\n{example}\n")), "§4.1 does not show {example:?}");
    assert!(doc.contains(&format!("`{}`", tokhai_core::bundle::consent::UNNAMED_CITIZEN)));
    assert!(consent_text("", "B", OperatorRole::Counter).starts_with("Tôi, người có tên trong hồ sơ này, đã đề nghị B"));
    for role in [OperatorRole::Volunteer, OperatorRole::Outreach, OperatorRole::Counter] {
        let label = role_label(role);
        let word = serde_json::to_value(role).unwrap();
        let row = format!("| `{}` | {} | {} |", word.as_str().unwrap(), label.vi, label.en);
        assert!(doc.contains(&row), "§4.1 has no row {row:?}");
    }
    for code in BundleError::CODES {
        assert!(doc.contains(&format!("| `{code}` |")), "§12 does not list {code}");
    }
    assert!(doc.contains(&format!("`{BATCH_MIMETYPE}`")));
}
