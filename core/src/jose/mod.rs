//! The small part of JOSE that bundles need, and nothing more: JSON
//! canonicalization (RFC 8785), EC public keys as JWK with their RFC 7638
//! thumbprint, and JWS (RFC 7515) ES256 signatures with a detached payload.
//!
//! Signing and verifying are injected: the browser holds its device key in
//! WebCrypto (async, outside Rust), so this module only builds the exact bytes
//! to sign and parses what was signed. With the `native` feature, `p256` signs
//! and verifies natively (the portal, tests).

mod error;
pub mod jcs;
pub mod jwk;
pub mod jws;

pub use error::JoseError;
pub use jcs::{canonical_bytes, canonicalize, JcsError};
pub use jwk::EcPublicJwk;
pub use jws::{compact_detached, parse_detached, signing_input, ProtectedHeader, SignatureVerifier, ES256};
#[cfg(feature = "native")]
pub use jws::{jwk_of, sign_es256, NativeEs256};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// BASE64URL without padding (RFC 7515 §2).
pub fn b64u_encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Strict BASE64URL decoding: the URL-safe alphabet only, no padding, no
/// whitespace, and no stray bits in the last character (so every byte string
/// has exactly one accepted encoding).
pub fn b64u_decode(text: &str) -> Result<Vec<u8>, JoseError> {
    URL_SAFE_NO_PAD.decode(text).map_err(|_| JoseError::Base64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_is_strict() {
        assert_eq!(b64u_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(b64u_decode("-_8").unwrap(), vec![0xfb, 0xff]);
        for bad in ["-_8=", "+/8", "-_8 ", "-_9", "A"] {
            assert!(b64u_decode(bad).is_err(), "{bad:?}");
        }
        assert_eq!(b64u_decode("").unwrap(), Vec::<u8>::new());
    }
}
