//! Random identifiers: lowercase UUID v4 (the bundle format requires that
//! shape), from the browser's cryptographic generator.

pub fn new_id() -> String {
    if let Some(id) = web_sys::window().and_then(|w| w.crypto().ok()).map(|c| c.random_uuid()) {
        return id.to_ascii_lowercase();
    }
    // Without randomUUID (very old browsers): build a v4 UUID from getRandomValues,
    // or, failing that, from Math.random.
    let mut b = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut b).is_ok());
    if !filled {
        for x in &mut b {
            *x = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}
