//! The worked example of `docs/bundle-format.md` §10, rebuilt from scratch:
//! every value the document shows (canonical manifest, protected header,
//! kid, signature, entry layout, bundle SHA-256) must appear in it verbatim,
//! so the specification cannot drift from the code. ECDSA signing with
//! RFC 6979 nonces is deterministic, so the bundle is reproducible byte for
//! byte. Run with `--nocapture` to print the example, and with
//! `TOKHAI_BUNDLE_EXAMPLE=/tmp/example.tokhai` to write the bundle file.
#![cfg(feature = "native")]

use std::fmt::Write;
use std::path::Path;

use p256::ecdsa::SigningKey;
use serde_json::json;
use tokhai_core::bundle::{open, prepare, zip, Agency, AttachmentInput, ProcedureRef, SealInput};
use tokhai_core::catalog::Delivery;
use tokhai_core::jose::{b64u_decode, jwk_of, sign_es256, NativeEs256};
use tokhai_core::time::Instant;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

/// Classic `offset  16 bytes in hex  |ASCII|` lines.
fn hexdump(bytes: &[u8], start: usize, len: usize) -> String {
    let mut out = String::new();
    let end = (start + len).min(bytes.len());
    let mut at = start - start % 16;
    while at < end {
        let row = &bytes[at..(at + 16).min(bytes.len())];
        let mut hexes = String::new();
        for (i, b) in row.iter().enumerate() {
            let _ = write!(hexes, "{b:02x} ");
            if i == 7 {
                hexes.push(' ');
            }
        }
        let ascii: String = row.iter().map(|&b| if (0x20..0x7f).contains(&b) { b as char } else { '.' }).collect();
        let _ = writeln!(out, "{at:08x}  {hexes:<49} |{ascii}|");
        at += 16;
    }
    out
}

#[test]
fn the_worked_example_in_the_specification() {
    // The P-256 test key of RFC 6979 A.2.5.
    let key =
        SigningKey::from_slice(&unhex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721")).unwrap();
    let input = SealInput {
        id: "6f1c7a52-3d4e-4b8a-9f10-2a6b5c8d9e01".into(),
        procedure: ProcedureRef {
            code: "1.001193".into(),
            catalog_id: "vn-sample".into(),
            catalog_version: "2026.11.1".into(),
            schema_version: "1.0.0".into(),
        },
        data: json!({"nguoiDuocKhaiSinh": {"hoTen": "Nguyễn Minh Khang", "ngaySinh": "2026-10-18"}, "soBanSao": 2}),
        agency: Agency { province: Some("01".into()), ward: Some("00166".into()) },
        delivery: Delivery::Electronic,
        attachments: vec![AttachmentInput {
            name: "Giấy chứng sinh.jpg".into(),
            slot: "giay-chung-sinh".into(),
            media_type: "image/jpeg".into(),
            bytes: vec![0xFF, 0xD8, 0xFF, 0xD9],
        }],
        created_at: Instant::parse_rfc3339("2026-11-20T02:00:00Z").unwrap(),
        sealed_at: Instant::parse_rfc3339("2026-11-22T03:04:05.678Z").unwrap(),
        app_version: "0.1.0".into(),
        device_jwk: jwk_of(key.verifying_key()),
        operator: None,
    };
    let unsigned = prepare(input).unwrap();
    let manifest = String::from_utf8(unsigned.manifest_bytes().to_vec()).unwrap();
    let header_b64 = unsigned.protected_header_b64().to_owned();
    let header = String::from_utf8(b64u_decode(&header_b64).unwrap()).unwrap();
    let signature = sign_es256(&key, unsigned.signing_input());
    let sealed = unsigned.assemble(&signature).unwrap();
    let bytes = sealed.bytes();
    let entries = zip::read(bytes).unwrap();
    let jws = std::str::from_utf8(entries[2].data).unwrap().to_owned();

    let mut layout = String::new();
    for e in &entries {
        let r = e.data_range();
        let _ = writeln!(layout, "{:>6}  {:>6}  {:>5}  {}", e.offset, r.start, r.len(), e.name);
    }
    let cd = entries.last().unwrap().data_range().end;
    let _ = writeln!(layout, "{cd:>6}  central directory ({} records, {} bytes)", entries.len(), bytes.len() - 22 - cd);
    let _ = writeln!(layout, "{:>6}  end of central directory record (22 bytes)", bytes.len() - 22);
    let _ = writeln!(layout, "{:>6}  end of file", bytes.len());

    let kid = sealed.manifest().device.kid.clone();
    let jwk = jwk_of(key.verifying_key());
    let shown = [
        ("x", jwk.x.clone()),
        ("y", jwk.y.clone()),
        ("kid", kid.clone()),
        ("manifest.json", manifest.clone()),
        ("protected header", header.clone()),
        ("protected header, BASE64URL", header_b64.clone()),
        ("signature (r || s), hex", hex(&signature)),
        ("signature.jws", jws.clone()),
        ("attachment SHA-256", sealed.manifest().attachments[0].sha256.clone()),
        ("layout", layout.clone()),
        ("first bytes", hexdump(bytes, 0, 96)),
        ("end record", hexdump(bytes, bytes.len() - 22, 22)),
        ("bundle size", format!("{} bytes", bytes.len())),
        ("bundle SHA-256", sealed.sha256().to_owned()),
    ];
    for (name, value) in &shown {
        println!("--- {name}\n{value}");
    }

    // `TOKHAI_BUNDLE_EXAMPLE=path` writes the example bundle there, to try other tools on it.
    if let Some(path) = std::env::var_os("TOKHAI_BUNDLE_EXAMPLE") {
        std::fs::write(path, bytes).unwrap();
    }

    // The example is a valid bundle.
    let opened = open(bytes).unwrap();
    opened.verify_signature(&NativeEs256).unwrap();

    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/bundle-format.md")).unwrap();
    let missing: Vec<_> = shown.iter().filter(|(_, v)| !doc.contains(v.trim_end())).map(|(n, _)| *n).collect();
    assert!(
        missing.is_empty(),
        "docs/bundle-format.md §10 does not show (verbatim) {missing:?}; run with --nocapture for the values"
    );
}
