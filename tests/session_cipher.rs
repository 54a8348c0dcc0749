//! Session encryption with real WebCrypto in headless Chromium: AES-256-GCM
//! under a PBKDF2-SHA-256 key from the citizen's PIN and a per-session salt.

use tokhai::session::cipher::{derive_key, open, random_bytes, seal};
use tokhai_core::session::{Sealed, PBKDF2_ITERATIONS};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Few iterations keep the test quick; the app always uses PBKDF2_ITERATIONS.
const FAST: u32 = 1_000;

#[wasm_bindgen_test]
async fn only_the_same_pin_and_salt_open_what_was_sealed() {
    assert!(PBKDF2_ITERATIONS >= 600_000);
    let salt = random_bytes::<16>().unwrap();
    let plain = "Hoàng Thị Xuyến Chi 001185023456".as_bytes();
    let key = derive_key("2580", &salt, FAST).await.unwrap();
    let sealed = seal(&key, plain).await.unwrap();
    assert!(!sealed.ct.contains("Xuy") && !sealed.ct.contains("001185023456"));
    // The same PIN and salt, derived again (as after a lock), open it.
    let again = derive_key("2580", &salt, FAST).await.unwrap();
    assert_eq!(open(&again, &sealed).await.unwrap(), plain);
    // A wrong PIN, another salt or another iteration count do not.
    assert!(open(&derive_key("2581", &salt, FAST).await.unwrap(), &sealed).await.is_err());
    assert!(open(&derive_key("2580", &random_bytes::<16>().unwrap(), FAST).await.unwrap(), &sealed).await.is_err());
    assert!(open(&derive_key("2580", &salt, FAST + 1).await.unwrap(), &sealed).await.is_err());
    // Every seal has its own IV; an altered ciphertext is refused (GCM authenticates).
    let twice = seal(&key, plain).await.unwrap();
    assert_ne!(twice.iv, sealed.iv);
    assert_ne!(twice.ct, sealed.ct);
    let mut ct = sealed.ct.clone().into_bytes();
    ct[3] = if ct[3] == b'A' { b'B' } else { b'A' };
    let altered = Sealed { iv: sealed.iv.clone(), ct: String::from_utf8(ct).unwrap() };
    assert!(open(&key, &altered).await.is_err());
}
