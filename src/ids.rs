//! Random identifiers: lowercase UUID v4 (the bundle format requires that
//! shape), always from the browser's cryptographic generator — the portal
//! deduplicates filings on bundle ids, so they must never be guessable.
//!
//! `crypto.randomUUID` is missing outside secure contexts (the app opened over
//! plain `http://` on a LAN address) and in browsers before 2021–2022; then
//! the id is made from `crypto.getRandomValues`, which every browser able to
//! run WebAssembly has. `public/boot.js` refuses to start the app without it,
//! so there is no third way here.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

pub fn new_id() -> String {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok()).expect("crypto is checked by boot.js before the app starts");
    // Checked before calling: web-sys would throw on a missing method.
    let has_random_uuid = Reflect::get(&crypto, &JsValue::from_str("randomUUID")).is_ok_and(|f| f.is_instance_of::<Function>());
    if has_random_uuid {
        return crypto.random_uuid().to_ascii_lowercase();
    }
    let mut bytes = [0u8; 16];
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .expect("crypto.getRandomValues is checked by boot.js before the app starts");
    tokhai_core::uuid::v4_from_bytes(bytes)
}
