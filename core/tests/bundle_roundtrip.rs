//! Signed bundles end to end, on a real sample procedure (1.001193, birth
//! registration): seal a draft, sign natively, assemble, open, verify, check
//! against the form — and every kind of tampering is refused with the right code.
#![cfg(all(feature = "native", feature = "embedded-address"))]

use std::io::Read;

use p256::ecdsa::SigningKey;
use serde_json::{json, Value};
use tokhai_core::bundle::zip::{self};
use tokhai_core::bundle::{
    open, open_with, prepare, prepare_with, Agency, AttachmentInput, BundleError, Consent, Limits, Manifest, OperatorBlock,
    OperatorRole, SealContext, SealInput, SealedBundle, MIMETYPE,
};
use tokhai_core::catalog::Delivery;
use tokhai_core::draft::Draft;
use tokhai_core::form::{Env, Form};
use tokhai_core::jose::{
    b64u_decode, b64u_encode, jwk_of, parse_detached, sign_es256, EcPublicJwk, NativeEs256, ProtectedHeader,
    SignatureVerifier,
};
use tokhai_core::schema::NativePatterns;
use tokhai_core::time::Instant;

mod support;
use support::*;

// ---------------------------------------------------------------- fixtures

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

/// The P-256 test key of RFC 6979 A.2.5.
fn key() -> SigningKey {
    SigningKey::from_slice(&unhex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721")).unwrap()
}

fn other_key() -> SigningKey {
    SigningKey::from_slice(&[0x42; 32]).unwrap()
}

fn jwk(k: &SigningKey) -> EcPublicJwk {
    jwk_of(k.verifying_key())
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n".to_vec()
}

fn png() -> Vec<u8> {
    [&b"\x89PNG\r\n\x1a\n"[..], b"\x00\x00\x00\x0dIHDR test"].concat()
}

fn file(name: &str, slot: &str, media_type: &str, bytes: Vec<u8>) -> AttachmentInput {
    AttachmentInput { name: name.into(), slot: slot.into(), media_type: media_type.into(), bytes }
}

const ID: &str = "3f2a8c1e-5b7d-4e91-a6c2-0d8e4f1b9a37";

fn draft(form: &Form) -> Draft {
    let mut d = Draft::new("draft-1".into(), form, "2026.11.1", t("2026-11-20T02:00:00Z"));
    d.data = example(&form.code);
    d.filing.province = Some("01".into());
    d.filing.ward = Some("00166".into());
    d.filing.delivery = Some(Delivery::Postal);
    d
}

fn files() -> Vec<AttachmentInput> {
    vec![
        // Deliberately out of slot order: sealing sorts by the procedure's slots.
        file("Văn bản ủy quyền.png", "van-ban-uy-quyen", "image/png", png()),
        file("Giấy chứng sinh.jpg", "giay-chung-sinh", "IMAGE/JPEG", jpeg("front")),
        file("Giấy chứng sinh (mặt sau).pdf", "giay-chung-sinh", "application/pdf", pdf()),
    ]
}

fn context(files: Vec<AttachmentInput>) -> SealContext {
    SealContext {
        id: ID.into(),
        catalog_id: "vn-sample".into(),
        sealed_at: t("2026-11-22T03:04:05.678Z"),
        app_version: "0.1.0".into(),
        device_jwk: jwk(&key()),
        attachments: files,
        operator: None,
    }
}

fn input(form: &Form, env: &Env<'_>) -> SealInput {
    SealInput::from_draft(&draft(form), form, env, context(files())).unwrap()
}

fn seal_with(input: SealInput, key: &SigningKey) -> SealedBundle {
    let unsigned = prepare(input).unwrap();
    let sig = sign_es256(key, unsigned.signing_input());
    unsigned.assemble(&sig).unwrap()
}

/// The whole receiving path: open, verify natively, check against the form.
fn receive(bytes: &[u8], form: &Form, env: &Env<'_>) -> Result<(), &'static str> {
    let opened = open(bytes).map_err(|e| e.code())?;
    let verified = opened.verify_signature(&NativeEs256).map_err(|e| e.code())?;
    verified.check_data(form, env).map_err(|e| e.code())
}

fn manifest_value(e: &Entries) -> Value {
    serde_json::from_slice(&e[1].1).unwrap()
}

fn set_manifest(e: &mut Entries, v: &Value) {
    e[1].1 = tokhai_core::jose::canonical_bytes(v).unwrap();
}

/// Replaces the JWS header (keeping the signature).
fn set_header(e: &mut Entries, header: &ProtectedHeader) {
    let compact = String::from_utf8(e[2].1.clone()).unwrap();
    let sig = compact.rsplit('.').next().unwrap();
    e[2].1 = format!("{}..{sig}", header.encode()).into_bytes();
}

fn header_of(e: &Entries) -> ProtectedHeader {
    parse_detached(std::str::from_utf8(&e[2].1).unwrap()).unwrap().0
}

// ---------------------------------------------------------------- the happy path

#[test]
fn seal_open_verify_check() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let input = input(&form, &env);
    let unsigned = prepare(input).unwrap();
    assert_eq!(unsigned.check_data(&form, &env), Ok(()), "the preflight passes");
    let expected_size = unsigned.bundle_size();
    let sig = sign_es256(&key(), unsigned.signing_input());
    let sealed = unsigned.assemble(&sig).unwrap();
    assert_eq!(sealed.bytes().len() as u64, expected_size);
    assert_eq!(sealed.id(), ID);

    let m = sealed.manifest();
    let paths: Vec<_> =
        m.attachments.iter().map(|a| (a.path.as_str(), a.slot.as_str(), a.media_type.as_str())).collect();
    assert_eq!(
        paths,
        [
            ("attachments/01-giay-chung-sinh.jpg", "giay-chung-sinh", "image/jpeg"),
            ("attachments/02-giay-chung-sinh-mat-sau.pdf", "giay-chung-sinh", "application/pdf"),
            ("attachments/03-van-ban-uy-quyen.png", "van-ban-uy-quyen", "image/png"),
        ]
    );
    assert_eq!(m.attachments[0].name, "Giấy chứng sinh.jpg");
    assert_eq!(m.device.kid, jwk(&key()).thumbprint());
    assert_eq!(m.data, example("1.001193"));
    assert_eq!(m.agency.ward.as_deref(), Some("00166"));
    assert_eq!(m.created_at.to_rfc3339(), "2026-11-20T02:00:00.000Z");

    let opened = open(sealed.bytes()).unwrap();
    assert_eq!(opened.id(), ID);
    assert_eq!(opened.manifest(), sealed.manifest());
    assert_eq!(opened.sha256(), sealed.sha256());
    assert_eq!(opened.sha256(), tokhai_core::bundle::sha256_hex(sealed.bytes()));
    assert_eq!(opened.jwk(), &jwk(&key()));
    assert_eq!(opened.signature(), &sig[..]);
    assert_eq!(opened.attachment("attachments/01-giay-chung-sinh.jpg"), Some(&jpeg("front")[..]));
    assert_eq!(opened.attachment("attachments/03-van-ban-uy-quyen.png"), Some(&png()[..]));
    assert_eq!(opened.attachment("attachments/04-nothing.png"), None);
    assert_eq!(opened.attachments().count(), 3);
    let verified = opened.verify_signature(&NativeEs256).unwrap();
    verified.check_data(&form, &env).unwrap();
    assert_eq!(receive(sealed.bytes(), &form, &env), Ok(()));
}

/// What the browser does: verify with its own (async) ECDSA outside the
/// trait, from the pieces, then mark the bundle verified.
#[test]
fn verification_from_the_pieces() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let sealed = seal_with(input(&form, &env), &key());
    let opened = open(sealed.bytes()).unwrap();
    let (jwk, input, sig) = (opened.jwk().clone(), opened.signing_input().to_vec(), opened.signature().to_vec());
    // The signing input is BASE64URL(header) "." BASE64URL(manifest.json).
    let text = String::from_utf8(input.clone()).unwrap();
    let (h, p) = text.split_once('.').unwrap();
    assert_eq!(b64u_decode(p).unwrap(), opened.manifest_bytes());
    assert_eq!(
        String::from_utf8(b64u_decode(h).unwrap()).unwrap(),
        format!(
            r#"{{"alg":"ES256","jwk":{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}},"kid":"{}","typ":"vnd.tokhai.bundle+jws"}}"#,
            jwk.x,
            jwk.y,
            jwk.thumbprint()
        )
    );
    assert!(NativeEs256.verify(&jwk, &input, &sig));
    opened.assume_verified().check_data(&form, &env).unwrap();
}

/// An independent ZIP reader sees the same archive.
#[test]
fn the_container_reads_with_the_zip_crate() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let sealed = seal_with(input(&form, &env), &key());
    let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(sealed.bytes())).unwrap();
    let ours = entries(sealed.bytes());
    assert_eq!(archive.len(), ours.len());
    for (i, (name, data)) in ours.iter().enumerate() {
        let mut f = archive.by_index(i).unwrap();
        assert_eq!(f.name().unwrap(), name.as_str());
        assert_eq!(f.compression(), ::zip::CompressionMethod::Stored);
        assert_eq!(f.size(), data.len() as u64);
        let mut got = Vec::new();
        f.read_to_end(&mut got).unwrap();
        assert_eq!(&got, data, "{name}");
    }
    let names: Vec<_> = ours.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(&names[..3], ["mimetype", "manifest.json", "signature.jws"]);
    assert_eq!(ours[0].1, MIMETYPE.as_bytes());
    // ASiC/EPUB style: "mimetype" at byte 30, its content right after.
    assert_eq!(&sealed.bytes()[30..38], b"mimetype");
    assert_eq!(&sealed.bytes()[38..38 + MIMETYPE.len()], MIMETYPE.as_bytes());
}

#[test]
fn sealing_is_deterministic() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let a = seal_with(input(&form, &env), &key());
    let b = seal_with(input(&form, &env), &key());
    assert_eq!(a.bytes(), b.bytes());
    assert_eq!(a.sha256(), b.sha256());
}

#[test]
fn an_operator_block_is_signed_with_the_rest() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let mut cx = context(files());
    cx.operator = Some(OperatorBlock {
        name: "Phạm Thu Trang".into(),
        role: OperatorRole::Outreach,
        station: "Tổ hỗ trợ dịch vụ công phường Láng".into(),
        home_ward: "00166".into(),
        consent: Consent {
            // The exact sentence for the citizen the form names (checked by `check_data`).
            text: tokhai_core::bundle::consent_text_for(
                &form,
                &example("1.001193"),
                &env,
                "Phạm Thu Trang",
                OperatorRole::Outreach,
            ),
            confirmed_at: t("2026-11-22T03:00:00Z"),
        },
    });
    let input = SealInput::from_draft(&draft(&form), &form, &env, cx).unwrap();
    let sealed = seal_with(input, &key());
    assert_eq!(receive(sealed.bytes(), &form, &env), Ok(()));
    let opened = open(sealed.bytes()).unwrap();
    assert_eq!(opened.manifest().operator.as_ref().unwrap().role, OperatorRole::Outreach);

    // Changing the operator after signing breaks the signature.
    let mut e = entries(sealed.bytes());
    let mut m = manifest_value(&e);
    m["operator"]["name"] = json!("Người khác");
    set_manifest(&mut e, &m);
    assert_eq!(receive(&rezip(&e), &form, &env), Err("bad_signature"));
}

// ---------------------------------------------------------------- tampering

#[test]
fn every_kind_of_tampering_is_refused_with_its_code() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let sealed = seal_with(input(&form, &env), &key());
    let good = sealed.bytes().to_vec();
    let base = entries(&good);
    assert_eq!(rezip(&base).len(), good.len(), "re-zipping alone changes nothing that matters");
    assert_eq!(receive(&rezip(&base), &form, &env), Ok(()));

    let mut cases: Vec<(&str, Vec<u8>, &str)> = Vec::new();
    let mut case = |name: &'static str, f: &dyn Fn(&mut Entries), code: &'static str| {
        let mut e = base.clone();
        f(&mut e);
        cases.push((name, rezip(&e), code));
    };

    // manifest.json
    case(
        "a letter of the data changed",
        &|e| {
            let text = String::from_utf8(e[1].1.clone()).unwrap().replace("Nguyễn Minh Khang", "Nguyễn Minh Khanh");
            e[1].1 = text.into_bytes();
        },
        "bad_signature",
    );
    case(
        "a digit of the ward code in manifest.json changed",
        &|e| {
            assert_eq!(&e[1].1[..41], br#"{"agency":{"province":"01","ward":"00166""#);
            e[1].1[39] ^= 0x01;
        },
        "bad_signature",
    );
    case("a quote of manifest.json flipped", &|e| e[1].1[40] ^= 0x01, "bad_manifest");
    case("manifest.json not UTF-8", &|e| e[1].1[40] = 0xff, "bad_manifest");
    case(
        "manifest.json pretty-printed",
        &|e| e[1].1 = serde_json::to_vec_pretty(&manifest_value(e)).unwrap(),
        "not_canonical",
    );
    case("manifest.json with a trailing newline", &|e| e[1].1.push(b'\n'), "not_canonical");
    case(
        "an attachment digest changed",
        &|e| {
            let mut m = manifest_value(e);
            m["attachments"][0]["sha256"] = json!("0".repeat(64));
            set_manifest(e, &m);
        },
        "digest_mismatch",
    );
    case(
        "an attachment size changed",
        &|e| {
            let mut m = manifest_value(e);
            m["attachments"][0]["size"] = json!(1);
            set_manifest(e, &m);
        },
        "digest_mismatch",
    );
    case(
        "another format",
        &|e| {
            let mut m = manifest_value(e);
            m["format"] = json!("tokhai-bundle/2");
            set_manifest(e, &m);
        },
        "unsupported_format",
    );
    case(
        "an unknown manifest member",
        &|e| {
            let mut m = manifest_value(e);
            m["extra"] = json!(1);
            set_manifest(e, &m);
        },
        "bad_manifest",
    );

    // attachments
    case("a byte of an attachment flipped", &|e| e[3].1[5] ^= 0x01, "digest_mismatch");
    case(
        "an attachment truncated",
        &|e| {
            e[4].1.pop();
        },
        "digest_mismatch",
    );
    case("an attachment added", &|e| e.push(("attachments/04-extra.jpg".into(), jpeg("extra"))), "extra_file");
    case("a file added outside attachments/", &|e| e.push(("notes.txt".into(), b"hi".to_vec())), "extra_file");
    case(
        "an attachment removed",
        &|e| {
            e.remove(4);
        },
        "missing_file",
    );
    case("an attachment renamed", &|e| e[3].0 = "attachments/01-renamed.jpg".into(), "missing_file");
    case("attachments reordered", &|e| e.swap(3, 4), "bad_container");
    case(
        "an attachment swapped with another's bytes",
        &|e| {
            let other = e[4].1.clone();
            e[3].1 = other;
        },
        "digest_mismatch",
    );

    // signature.jws
    case(
        "a byte of the signature flipped",
        &|e| {
            let compact = String::from_utf8(e[2].1.clone()).unwrap();
            let (head, sig) = compact.split_once("..").unwrap();
            let mut sig = b64u_decode(sig).unwrap();
            sig[20] ^= 0x01;
            e[2].1 = format!("{head}..{}", b64u_encode(&sig)).into_bytes();
        },
        "bad_signature",
    );
    case(
        "a different key's signature",
        &|e| {
            let compact = String::from_utf8(e[2].1.clone()).unwrap();
            let (head, _) = compact.split_once("..").unwrap();
            let input = tokhai_core::jose::signing_input(head, &e[1].1);
            e[2].1 = format!("{head}..{}", b64u_encode(&sign_es256(&other_key(), &input))).into_bytes();
        },
        "bad_signature",
    );
    case("the signature with a trailing newline", &|e| e[2].1.push(b'\n'), "bad_signature");
    case(
        "the payload attached",
        &|e| {
            let compact = String::from_utf8(e[2].1.clone()).unwrap();
            let (head, sig) = compact.split_once("..").unwrap();
            e[2].1 = format!("{head}.{}.{sig}", b64u_encode(&e[1].1)).into_bytes();
        },
        "bad_signature",
    );
    case(
        "the kid swapped in the header",
        &|e| {
            let mut h = header_of(e);
            h.kid = jwk(&other_key()).thumbprint();
            set_header(e, &h);
        },
        "key_mismatch",
    );
    case(
        "the header key replaced (consistent kid)",
        &|e| {
            let h = ProtectedHeader::es256_with_jwk(jwk(&other_key())).with_typ("vnd.tokhai.bundle+jws");
            set_header(e, &h);
        },
        "key_mismatch",
    );
    case(
        "the manifest's device kid swapped",
        &|e| {
            let mut m = manifest_value(e);
            m["device"]["kid"] = json!(jwk(&other_key()).thumbprint());
            set_manifest(e, &m);
        },
        "key_mismatch",
    );
    case(
        "the whole key identity swapped, signature kept",
        &|e| {
            let mut m = manifest_value(e);
            m["device"]["kid"] = json!(jwk(&other_key()).thumbprint());
            set_manifest(e, &m);
            set_header(e, &ProtectedHeader::es256_with_jwk(jwk(&other_key())).with_typ("vnd.tokhai.bundle+jws"));
        },
        "bad_signature",
    );
    case(
        "no jwk in the header",
        &|e| {
            let mut h = header_of(e);
            h.jwk = None;
            set_header(e, &h);
        },
        "bad_signature",
    );
    case(
        "another typ",
        &|e| {
            let mut h = header_of(e);
            h.typ = Some("JWT".into());
            set_header(e, &h);
        },
        "bad_signature",
    );

    // container order and the mimetype
    case("mimetype moved after the manifest", &|e| e.swap(0, 1), "bad_mimetype");
    case("mimetype changed", &|e| e[0].1 = b"application/zip".to_vec(), "bad_mimetype");
    case("mimetype with a trailing newline", &|e| e[0].1.push(b'\n'), "bad_mimetype");
    case(
        "mimetype removed",
        &|e| {
            e.remove(0);
        },
        "bad_mimetype",
    );
    case(
        "manifest.json removed",
        &|e| {
            e.remove(1);
        },
        "missing_file",
    );
    case(
        "signature.jws removed",
        &|e| {
            e.remove(2);
        },
        "missing_file",
    );
    case("signature before the manifest", &|e| e.swap(1, 2), "bad_container");
    case("manifest.json in a folder", &|e| e[1].0 = "META-INF/manifest.json".into(), "missing_file");

    // raw bytes
    let raw = |f: &dyn Fn(&mut Vec<u8>)| {
        let mut b = good.clone();
        f(&mut b);
        b
    };
    let manifest_at = zip::read(&good).unwrap()[1].data_range().start;
    cases.push(("a raw byte of manifest.json flipped (CRC)", raw(&|b| b[manifest_at + 10] ^= 0x01), "bad_container"));
    let last = good.len() - 100;
    cases.push(("a raw byte near the end flipped", raw(&|b| b[last] ^= 0x01), "bad_container"));
    cases.push(("truncated by one byte", good[..good.len() - 1].to_vec(), "bad_container"));
    cases.push(("truncated to half", good[..good.len() / 2].to_vec(), "bad_container"));
    cases.push(("one byte appended", raw(&|b| b.push(0)), "bad_container"));
    cases.push(("bytes prepended", [&b"MZ"[..], &good].concat(), "bad_container"));
    cases.push(("empty", Vec::new(), "bad_container"));
    cases.push(("garbage", (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect(), "bad_container"));
    cases.push(("a PDF", pdf(), "bad_container"));
    cases.push(("two bundles concatenated", [&good[..], &good[..]].concat(), "bad_container"));

    let mut wrong = Vec::new();
    for (name, bytes, code) in &cases {
        let got = receive(bytes, &form, &env);
        if got != Err(*code) {
            wrong.push(format!("{name}: expected {code}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{} of {} cases wrong:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}

/// No single byte of a bundle can change without the bundle being refused.
#[test]
fn flipping_any_byte_is_refused() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let good = seal_with(input(&form, &env), &key()).into_bytes();
    let mut accepted = Vec::new();
    for at in 0..good.len() {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut b = good.clone();
            b[at] ^= mask;
            if receive(&b, &form, &env).is_ok() {
                accepted.push((at, mask));
            }
        }
    }
    assert!(accepted.is_empty(), "accepted after flipping {accepted:?} (of {} bytes)", good.len());
}

#[test]
fn limits() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let sealed = seal_with(input(&form, &env), &key());
    let small = Limits { max_bundle_bytes: 1000, ..Limits::DEFAULT };
    assert_eq!(open_with(sealed.bytes().to_vec(), &small).unwrap_err().code(), "too_large");
    let few = Limits { max_attachments: 2, ..Limits::DEFAULT };
    assert_eq!(open_with(sealed.bytes().to_vec(), &few).unwrap_err().code(), "too_large");
    assert_eq!(prepare_with(input(&form, &env), &small).unwrap_err().code(), "too_large");
    assert_eq!(prepare_with(input(&form, &env), &few).unwrap_err().code(), "too_large");
}

#[test]
fn the_portals_published_limit_decides_both_sealing_and_opening() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let size = seal_with(input(&form, &env), &key()).bytes().len() as u64;
    // Exactly the published size seals and opens; a byte less refuses both, before signing.
    let at = Limits::published(Some(size));
    let sealed = seal_with(input(&form, &env), &key());
    assert!(prepare_with(input(&form, &env), &at).is_ok());
    assert!(open_with(sealed.bytes().to_vec(), &at).is_ok());
    let under = Limits::published(Some(size - 1));
    assert_eq!(prepare_with(input(&form, &env), &under).unwrap_err().code(), "too_large");
    assert_eq!(open_with(sealed.bytes().to_vec(), &under).unwrap_err().code(), "too_large");
    // No published limit, or one above the format's: the format's own.
    assert_eq!(Limits::published(None), Limits::DEFAULT);
    assert_eq!(Limits::published(Some(u64::MAX)), Limits::DEFAULT);
}

// ---------------------------------------------------------------- sealing errors

#[test]
fn what_cannot_be_sealed() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let code = |f: &dyn Fn(&mut SealInput)| {
        let mut i = input(&form, &env);
        f(&mut i);
        prepare(i).map(|_| ()).map_err(|e| e.code())
    };
    assert_eq!(code(&|_| {}), Ok(()));
    assert_eq!(code(&|i| i.id = "draft-1".into()), Err("bad_manifest"));
    assert_eq!(code(&|i| i.id = ID.to_uppercase()), Err("bad_manifest"));
    assert_eq!(code(&|i| i.device_jwk.crv = "P-384".into()), Err("bad_signature"));
    assert_eq!(code(&|i| i.created_at = Instant(i.sealed_at.0 + 1)), Err("bad_manifest"));
    assert_eq!(code(&|i| i.attachments[0].name = String::new()), Err("bad_manifest"));
    assert_eq!(code(&|i| i.data = json!(null)), Err("bad_manifest"));

    let unsigned = prepare(input(&form, &env)).unwrap();
    assert_eq!(unsigned.assemble(&[0u8; 63]).unwrap_err().code(), "bad_signature");

    // A signature that does not match is only found by verifying.
    let unsigned = prepare(input(&form, &env)).unwrap();
    let sealed = unsigned.assemble(&[1u8; 64]).unwrap();
    assert_eq!(receive(sealed.bytes(), &form, &env), Err("bad_signature"));
}

#[test]
fn large_integers_in_the_data_are_sealed_as_signed() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let mut i = input(&form, &env);
    i.data["soLon"] = json!(9007199254740993u64);
    let unsigned = prepare(i).unwrap();
    // The manifest is what was signed: the number as a double.
    assert_eq!(unsigned.manifest().data["soLon"], json!(9007199254740992u64));
    assert!(std::str::from_utf8(unsigned.manifest_bytes()).unwrap().contains("\"soLon\":9007199254740992"));
}

#[test]
fn drafts_that_cannot_be_sealed_yet() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let code = |f: &dyn Fn(&mut Draft)| {
        let mut d = draft(&form);
        f(&mut d);
        SealInput::from_draft(&d, &form, &env, context(files())).map(|_| ()).map_err(|e| (e.code(), e.message().vi))
    };
    assert_eq!(code(&|_| {}), Ok(()));
    assert_eq!(
        code(&|d| d.filing.province = None),
        Err(("wrong_agency", "Hãy chọn tỉnh, thành phố nơi nộp hồ sơ".into()))
    );
    assert_eq!(code(&|d| d.filing.ward = None), Err(("wrong_agency", "Hãy chọn phường, xã nơi nộp hồ sơ".into())));
    assert_eq!(code(&|d| d.filing.delivery = None), Err(("wrong_delivery", "Hãy chọn cách nhận kết quả".into())));
    assert_eq!(code(&|d| d.created_at = t("2027-01-01T00:00:00Z").millis()), Ok(()), "a clock set back since");
    assert_eq!(code(&|d| d.schema_version = "0".into()).unwrap_err().0, "wrong_procedure");
    assert_eq!(code(&|d| d.procedure = "1.000656".into()).unwrap_err().0, "wrong_procedure");

    // Hidden answers are not sealed: the father's details once "father known" is unticked.
    let mut d = draft(&form);
    d.data["chaBiet"] = json!(false);
    let i = SealInput::from_draft(&d, &form, &env, context(files())).unwrap();
    assert!(i.data.get("cha").is_none());
    assert_eq!(i.data["me"], d.data["me"]);
}

// ---------------------------------------------------------------- checks against the form

#[test]
fn the_filing_is_checked_against_the_form() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let check = |f: &dyn Fn(&mut SealInput), against: &Form| -> Result<(), BundleError> {
        let mut i = input(&form, &env);
        f(&mut i);
        let sealed = seal_with(i, &key());
        open(sealed.bytes()).unwrap().verify_signature(&NativeEs256).unwrap().check_data(against, &env)
    };
    let code = |f: &dyn Fn(&mut SealInput)| check(f, &form).map_err(|e| e.code());

    assert_eq!(code(&|_| {}), Ok(()));
    // Another procedure, another version of the form.
    assert_eq!(check(&|_| {}, &self::form("1.000656")).unwrap_err().code(), "wrong_procedure");
    let mut newer = form.procedure.clone();
    newer.schema_version = "99".into();
    let newer = Form::compile(newer, &patterns).unwrap();
    let err = check(&|_| {}, &newer).unwrap_err();
    assert_eq!(err.code(), "wrong_procedure");
    assert!(err.to_string().contains("schema version"), "{err}");
    // Delivery not offered.
    let mut electronic_only = form.procedure.clone();
    electronic_only.delivery = vec![Delivery::Electronic];
    let electronic_only = Form::compile(electronic_only, &patterns).unwrap();
    assert_eq!(check(&|_| {}, &electronic_only).unwrap_err().code(), "wrong_delivery");
    // Receiving office.
    assert_eq!(code(&|i| i.agency.ward = None), Err("wrong_agency"));
    assert_eq!(code(&|i| i.agency.province = Some("79".into())), Err("wrong_agency"), "ward 00166 is in Hà Nội, not TP.HCM");
    assert_eq!(code(&|i| i.agency.ward = Some("99999".into())), Err("wrong_agency"));
    // The data.
    let err = check(
        &|i| {
            i.data["nguoiDuocKhaiSinh"].as_object_mut().unwrap().remove("hoTen");
            i.data["me"]["soDinhDanh"] = json!("12345");
        },
        &form,
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid_data");
    let BundleError::InvalidData { count, errors } = &err else { unreachable!() };
    assert_eq!(*count, 3, "{errors:#?}"); // the ID number breaks both its pattern and its format
    assert_eq!(errors[0].0, "/nguoiDuocKhaiSinh/hoTen");
    assert!(
        err.to_string().starts_with(
            "the form data has 3 error(s): /nguoiDuocKhaiSinh/hoTen: This field is required; /me/soDinhDanh: "
        ),
        "{err}"
    );
    assert!(err.message().vi.starts_with("Tờ khai còn 3 lỗi. Lỗi đầu tiên: Bắt buộc nhập"), "{}", err.message().vi);
    assert_eq!(code(&|i| i.data["chaBiet"] = json!(false)), Err("invalid_data"), "hidden values must not be filed");
    // Documents.
    assert_eq!(code(&|i| i.attachments.retain(|a| a.slot != "giay-chung-sinh")), Err("invalid_attachments"));
    assert_eq!(
        code(&|i| i.attachments.push(file("b.png", "van-ban-uy-quyen", "image/png", png()))),
        Err("invalid_attachments")
    );
    assert_eq!(
        code(&|i| i.attachments.push(file("x.gif", "giay-chung-sinh", "image/gif", b"GIF89a".to_vec()))),
        Err("invalid_attachments")
    );
    assert_eq!(
        code(&|i| i.attachments.push(file("x.jpg", "khong-co", "image/jpeg", jpeg("x")))),
        Err("invalid_attachments")
    );
    assert_eq!(code(&|i| i.attachments[0].bytes = pdf()), Err("invalid_attachments"), "a PDF sent as a JPEG");
    assert_eq!(code(&|i| i.attachments[0].media_type = String::new()), Err("invalid_attachments"), "an unknown type");
    let big = [jpeg("big"), vec![0; 5 * 1024 * 1024]].concat();
    let err = check(&|i| i.attachments[1].bytes = big.clone(), &form).unwrap_err();
    assert_eq!(err.code(), "invalid_attachments");
    assert!(err.message().vi.starts_with("Giấy chứng sinh"), "{}", err.message().vi);
}

#[test]
fn a_province_level_procedure_is_filed_with_the_province() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("3.000333");
    let mut d = Draft::new("draft-2".into(), &form, "2026.11.1", t("2026-11-20T02:00:00Z"));
    d.data = example("3.000333");
    d.filing.province = Some("79".into());
    d.filing.ward = Some("26734".into()); // ignored for a province-level procedure
    d.filing.delivery = Some(Delivery::Electronic);
    let i = SealInput::from_draft(&d, &form, &env, context(Vec::new())).unwrap();
    assert_eq!(i.agency.ward, None);
    let sealed = seal_with(i.clone(), &key());
    assert_eq!(receive(sealed.bytes(), &form, &env), Ok(()));
    let mut with_ward = i.clone();
    with_ward.agency.ward = Some("26734".into());
    assert_eq!(receive(seal_with(with_ward, &key()).bytes(), &form, &env), Err("wrong_agency"));
    let mut nowhere = i;
    nowhere.agency.province = Some("00".into());
    assert_eq!(receive(seal_with(nowhere, &key()).bytes(), &form, &env), Err("wrong_agency"));
}

#[test]
fn a_central_level_procedure_is_filed_with_no_province_or_ward() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.005213");
    let mut d = Draft::new("draft-3".into(), &form, "2026.11.1", t("2026-11-20T02:00:00Z"));
    d.data = example("1.005213");
    d.filing.delivery = Some(Delivery::Electronic);
    // Nothing to choose: a draft with no province seals (a stale choice is not sealed).
    let i = SealInput::from_draft(&d, &form, &env, context(vec![file("mau.png", "mau-nhan-hieu", "image/png", png())])).unwrap();
    assert_eq!((i.agency.province.as_deref(), i.agency.ward.as_deref()), (None, None));
    d.filing.province = Some("79".into());
    let stale = SealInput::from_draft(&d, &form, &env, context(vec![file("mau.png", "mau-nhan-hieu", "image/png", png())])).unwrap();
    assert_eq!(stale.agency, i.agency);
    let sealed = seal_with(i.clone(), &key());
    assert!(String::from_utf8_lossy(sealed.bytes()).contains(r#"{"agency":{},"#), "an empty agency in the manifest");
    assert_eq!(receive(sealed.bytes(), &form, &env), Ok(()));
    // A province (or a ward) named for a central-level procedure is refused.
    let mut with_province = i.clone();
    with_province.agency.province = Some("79".into());
    assert_eq!(receive(seal_with(with_province, &key()).bytes(), &form, &env), Err("wrong_agency"));
    let mut with_ward = i;
    with_ward.agency = Agency { province: Some("79".into()), ward: Some("26743".into()) };
    assert_eq!(receive(seal_with(with_ward, &key()).bytes(), &form, &env), Err("wrong_agency"));
}

#[test]
fn the_manifest_reads_back_as_sealed() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let form = form("1.001193");
    let sealed = seal_with(input(&form, &env), &key());
    let e = entries(sealed.bytes());
    let m = Manifest::parse_canonical(&e[1].1).unwrap();
    assert_eq!(&m, sealed.manifest());
    assert_eq!(m.to_canonical().unwrap(), e[1].1);
}
