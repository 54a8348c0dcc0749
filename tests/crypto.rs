//! WebCrypto in headless Chromium: the device key is created once,
//! non-extractable, kept across reopening, and its signatures verify.

use tokhai::crypto::{self, DeviceKey};
use tokhai::storage::Db;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn unique(name: &str) -> String {
    format!("tokhai-test-{name}-{}", js_sys::Math::random().to_bits())
}

#[wasm_bindgen_test]
async fn the_device_key_is_created_once_and_kept() {
    let name = unique("key");
    let first = {
        let db = Db::open(&name).await.unwrap();
        let k = DeviceKey::load_or_create(&db).await.unwrap();
        assert!(!k.private_extractable(), "the private key must never be readable");
        let point = k.public_point().clone();
        db.close();
        point
    };
    assert_eq!(first.x.len(), 43, "32 bytes, base64url");
    let db = Db::open(&name).await.unwrap();
    let again = DeviceKey::load_or_create(&db).await.unwrap();
    assert_eq!(again.public_point(), &first, "the same key after reopening the database");
    db.close();
}

#[wasm_bindgen_test]
async fn signatures_verify_and_tampering_does_not() {
    let db = Db::open(&unique("sign")).await.unwrap();
    let key = DeviceKey::load_or_create(&db).await.unwrap();
    let data = b"eyJhbGciOiJFUzI1NiJ9.eyJpZCI6IjEifQ";
    let sig = key.sign(data).await.unwrap();
    assert_eq!(sig.len(), 64, "ES256 in JWS form: r||s");
    assert!(key.verify(data, &sig).await.unwrap());
    // Verification through the public key alone, as the portal or another device does.
    assert!(crypto::verify_es256(key.public_point(), data, &sig).await.unwrap());
    let mut bad = sig.clone();
    bad[10] ^= 1;
    assert!(!crypto::verify_es256(key.public_point(), data, &bad).await.unwrap());
    assert!(!crypto::verify_es256(key.public_point(), b"other data", &sig).await.unwrap());
    db.close();
}

#[wasm_bindgen_test]
async fn sha256_matches_the_standard_vector() {
    let d = crypto::sha256(b"abc").await.unwrap();
    let hex: String = d.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
