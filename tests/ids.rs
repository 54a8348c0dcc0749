//! Bundle and draft ids in headless Chromium: lowercase UUID v4 from the
//! cryptographic generator, also where `crypto.randomUUID` is missing (plain
//! http on a LAN address, older browsers) — and never from `Math.random`.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn is_v4(id: &str) -> bool {
    tokhai_core::bundle::manifest::is_lower_uuid(id) && id.as_bytes()[14] == b'4' && matches!(id.as_bytes()[19], b'8' | b'9' | b'a' | b'b')
}

fn prop(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(name)).unwrap()
}

#[wasm_bindgen_test]
fn ids_are_lowercase_uuid_v4_and_differ() {
    let a = tokhai::ids::new_id();
    let b = tokhai::ids::new_id();
    assert!(is_v4(&a), "{a}");
    assert!(is_v4(&b), "{b}");
    assert_ne!(a, b);
}

#[wasm_bindgen_test]
fn without_random_uuid_ids_come_from_get_random_values_not_math_random() {
    let global = js_sys::global();
    let crypto_proto = prop(&prop(&global, "Crypto"), "prototype");
    let math = prop(&global, "Math");
    let random_uuid = prop(&crypto_proto, "randomUUID");
    let math_random = prop(&math, "random");
    assert!(random_uuid.is_function(), "this Chromium has crypto.randomUUID to take away");
    // As in an insecure context: no randomUUID. Math.random throws if used.
    assert!(Reflect::delete_property(&Object::from(crypto_proto.clone()), &JsValue::from_str("randomUUID")).unwrap());
    let throwing = Function::new_no_args("throw new Error('Math.random used for an id')");
    Reflect::set(&math, &JsValue::from_str("random"), &throwing).unwrap();

    let ids: Vec<String> = (0..50).map(|_| tokhai::ids::new_id()).collect();

    Reflect::set(&crypto_proto, &JsValue::from_str("randomUUID"), &random_uuid).unwrap();
    Reflect::set(&math, &JsValue::from_str("random"), &math_random).unwrap();
    for id in &ids {
        assert!(is_v4(id), "{id}");
    }
    let distinct: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len(), "50 ids, all different");
}
