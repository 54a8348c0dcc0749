//! Random identifiers in the shape the bundle format requires: lowercase
//! UUID version 4 (RFC 9562). The randomness comes from the caller — the
//! browser's `crypto.getRandomValues`, never a non-cryptographic source: the
//! portal deduplicates filings on bundle ids, so a guessable or repeated id
//! could merge two citizens' dossiers.

/// The lowercase UUID v4 made of 16 random bytes (6 of their bits are
/// replaced by the version and variant).
pub fn v4_from_bytes(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::manifest::is_lower_uuid;

    #[test]
    fn version_and_variant_bits_are_set() {
        assert_eq!(v4_from_bytes([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert_eq!(v4_from_bytes([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let id = v4_from_bytes(*b"\x12\x34\x56\x78\x9a\xbc\xde\xf0\x0f\xed\xcb\xa9\x87\x65\x43\x21");
        assert_eq!(id, "12345678-9abc-4ef0-8fed-cba987654321");
        assert!(is_lower_uuid(&id));
    }
}
