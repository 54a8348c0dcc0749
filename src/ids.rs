//! Random identifiers (UUID v4) from the browser's cryptographic generator.

pub fn new_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:016x}{:016x}", js_sys::Math::random().to_bits(), js_sys::Date::now().to_bits()))
}
