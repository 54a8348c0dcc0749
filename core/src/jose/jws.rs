//! JWS (RFC 7515) with ES256 (RFC 7518 §3.4) and a detached payload
//! (RFC 7515 Appendix F), in compact form:
//!
//! ```text
//! BASE64URL(UTF8(protected header)) ".." BASE64URL(r || s)
//! ```
//!
//! The signing input is `BASE64URL(header) "." BASE64URL(payload)` in ASCII,
//! and the signature is the 64-byte IEEE P1363 concatenation of `r` and `s`
//! (32 bytes each, big-endian), exactly what WebCrypto's ECDSA `sign` returns.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{b64u_decode, b64u_encode, jcs, EcPublicJwk, JoseError};

/// The only algorithm: ECDSA P-256 with SHA-256.
pub const ES256: &str = "ES256";

/// Longest compact JWS accepted by [`parse_detached`]; a header with a P-256
/// JWK is about 250 characters.
pub const MAX_COMPACT_LEN: usize = 4096;

/// The JWS protected header. Exactly these members are understood; any other
/// (and `crit` in particular) makes the JWS invalid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectedHeader {
    /// Always `ES256`.
    pub alg: String,
    /// Key identifier; for a bundle, the RFC 7638 thumbprint of `jwk`.
    pub kid: String,
    /// The signer's public key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwk: Option<EcPublicJwk>,
    /// What the JWS is (explicit typing, RFC 8725 §3.11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typ: Option<String>,
    /// What the payload is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cty: Option<String>,
}

impl ProtectedHeader {
    /// An ES256 header naming `kid`.
    pub fn es256(kid: impl Into<String>) -> ProtectedHeader {
        ProtectedHeader { alg: ES256.into(), kid: kid.into(), jwk: None, typ: None, cty: None }
    }

    /// An ES256 header carrying `jwk`, identified by its thumbprint.
    pub fn es256_with_jwk(jwk: EcPublicJwk) -> ProtectedHeader {
        ProtectedHeader { jwk: Some(jwk.clone()), ..ProtectedHeader::es256(jwk.thumbprint()) }
    }

    pub fn with_typ(self, typ: impl Into<String>) -> ProtectedHeader {
        ProtectedHeader { typ: Some(typ.into()), ..self }
    }

    /// BASE64URL of the header's canonical (RFC 8785) JSON: the first part of
    /// the compact form and of the signing input.
    pub fn encode(&self) -> String {
        let bytes = jcs::to_canonical(self).expect("a header of strings is always JSON");
        b64u_encode(&bytes)
    }
}

/// The bytes to sign: `protected_b64 "." BASE64URL(payload)` in ASCII.
pub fn signing_input(protected_b64: &str, payload: &[u8]) -> Vec<u8> {
    let payload_b64 = b64u_encode(payload);
    let mut out = Vec::with_capacity(protected_b64.len() + 1 + payload_b64.len());
    out.extend_from_slice(protected_b64.as_bytes());
    out.push(b'.');
    out.extend_from_slice(payload_b64.as_bytes());
    out
}

/// The compact detached form: `protected_b64 ".." BASE64URL(signature)`.
pub fn compact_detached(protected_b64: &str, signature: &[u8]) -> String {
    format!("{protected_b64}..{}", b64u_encode(signature))
}

/// Parses a compact JWS with a detached payload, strictly: three parts with
/// an empty middle, strict BASE64URL, a header that is a JSON object of the
/// known members with `alg` ES256 and no `crit`, and a 64-byte signature.
/// Returns the header, its BASE64URL text (for [`signing_input`]) and the
/// signature bytes. Nothing is verified here.
pub fn parse_detached(compact: &str) -> Result<(ProtectedHeader, String, Vec<u8>), JoseError> {
    if compact.len() > MAX_COMPACT_LEN {
        return Err(JoseError::Malformed("too long"));
    }
    let mut parts = compact.split('.');
    let (Some(header_b64), Some(payload), Some(sig_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JoseError::Malformed("a compact JWS has exactly three parts"));
    };
    if !payload.is_empty() {
        return Err(JoseError::Malformed("the payload must be detached (empty middle part)"));
    }
    if header_b64.is_empty() {
        return Err(JoseError::Malformed("the protected header is empty"));
    }
    let header_bytes = b64u_decode(header_b64)?;
    let value: Value = serde_json::from_slice(&header_bytes).map_err(|e| JoseError::Header(e.to_string()))?;
    let Some(members) = value.as_object() else {
        return Err(JoseError::Header("not a JSON object".into()));
    };
    if members.contains_key("crit") {
        return Err(JoseError::Crit);
    }
    if let Some(alg) = members.get("alg").and_then(Value::as_str) {
        if alg != ES256 {
            return Err(JoseError::UnsupportedAlg(alg.to_owned()));
        }
    }
    // Typed parse of the same bytes: also refuses duplicate and unknown members.
    let header: ProtectedHeader =
        serde_json::from_slice(&header_bytes).map_err(|e| JoseError::Header(e.to_string()))?;
    if header.alg != ES256 {
        return Err(JoseError::UnsupportedAlg(header.alg));
    }
    if let Some(jwk) = &header.jwk {
        jwk.validate()?;
    }
    let signature = b64u_decode(sig_b64)?;
    if signature.len() != 64 {
        return Err(JoseError::SignatureLength(signature.len()));
    }
    Ok((header, header_b64.to_owned(), signature))
}

/// Checks an ES256 signature. Natively [`NativeEs256`]; in the browser the app
/// calls WebCrypto (which is async, so it may also verify outside this trait).
pub trait SignatureVerifier {
    /// Whether `signature` (64 bytes, r || s) is a valid ECDSA P-256 SHA-256
    /// signature of `signing_input` by `jwk`. Any malformed input is `false`.
    fn verify(&self, jwk: &EcPublicJwk, signing_input: &[u8], signature: &[u8]) -> bool;
}

/// ES256 with the `p256` crate.
#[cfg(feature = "native")]
#[derive(Clone, Copy, Debug, Default)]
pub struct NativeEs256;

#[cfg(feature = "native")]
impl SignatureVerifier for NativeEs256 {
    fn verify(&self, jwk: &EcPublicJwk, signing_input: &[u8], signature: &[u8]) -> bool {
        use p256::ecdsa::signature::Verifier;
        use p256::ecdsa::{Signature, VerifyingKey};

        let Ok((x, y)) = jwk.coordinates() else { return false };
        let point = p256::EncodedPoint::from_affine_coordinates(&x.into(), &y.into(), false);
        let Ok(key) = VerifyingKey::from_encoded_point(&point) else { return false };
        let Ok(sig) = Signature::from_slice(signature) else { return false };
        key.verify(signing_input, &sig).is_ok()
    }
}

/// Signs `signing_input` with ES256 (deterministic nonces, RFC 6979):
/// the 64-byte r || s.
#[cfg(feature = "native")]
pub fn sign_es256(key: &p256::ecdsa::SigningKey, signing_input: &[u8]) -> [u8; 64] {
    use p256::ecdsa::signature::Signer;
    let sig: p256::ecdsa::Signature = key.sign(signing_input);
    sig.to_bytes().into()
}

/// The JWK of a public key.
#[cfg(feature = "native")]
pub fn jwk_of(key: &p256::ecdsa::VerifyingKey) -> EcPublicJwk {
    let point = key.to_encoded_point(false);
    let (x, y) = (point.x().expect("uncompressed point"), point.y().expect("uncompressed point"));
    EcPublicJwk::from_coordinates(&(*x).into(), &(*y).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_b64(json: &str) -> String {
        b64u_encode(json.as_bytes())
    }

    const SIG64: &str = "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

    #[test]
    fn signing_input_is_ascii_header_dot_payload() {
        assert_eq!(signing_input("eyJhbGciOiJFUzI1NiJ9", b"{}"), b"eyJhbGciOiJFUzI1NiJ9.e30".to_vec());
    }

    #[test]
    fn header_encodes_canonically() {
        let h = ProtectedHeader::es256("k1").with_typ("t");
        assert_eq!(
            String::from_utf8(b64u_decode(&h.encode()).unwrap()).unwrap(),
            r#"{"alg":"ES256","kid":"k1","typ":"t"}"#
        );
    }

    #[test]
    fn parses_a_detached_jws() {
        let h = header_b64(r#"{"alg":"ES256","kid":"k1"}"#);
        let (header, b64, sig) = parse_detached(&format!("{h}..{SIG64}")).unwrap();
        assert_eq!(header, ProtectedHeader::es256("k1"));
        assert_eq!(b64, h);
        assert_eq!(sig.len(), 64);
    }

    #[test]
    fn refuses_anything_else() {
        let ok = header_b64(r#"{"alg":"ES256","kid":"k1"}"#);
        let cases: Vec<(String, &str)> = vec![
            (format!("{ok}.e30.{SIG64}"), "malformed_jws"),
            (format!("{ok}.{SIG64}"), "malformed_jws"),
            (format!("{ok}...{SIG64}"), "malformed_jws"),
            (format!("..{SIG64}"), "malformed_jws"),
            (format!("{ok}=..{SIG64}"), "bad_base64"),
            (format!("{ok}..{SIG64}="), "bad_base64"),
            (format!("{ok}..{SIG64} "), "bad_base64"),
            (format!("{ok}..AAAA"), "bad_signature_length"),
            (format!("{}..{SIG64}", header_b64(r#"{"alg":"RS256","kid":"k1"}"#)), "unsupported_alg"),
            (format!("{}..{SIG64}", header_b64(r#"{"alg":"none","kid":"k1"}"#)), "unsupported_alg"),
            (format!("{}..{SIG64}", header_b64(r#"{"alg":"ES256","kid":"k1","crit":["exp"]}"#)), "crit_not_supported"),
            (format!("{}..{SIG64}", header_b64(r#"{"alg":"ES256","kid":"k1","x5u":"http://x"}"#)), "bad_header"),
            (format!("{}..{SIG64}", header_b64(r#"{"alg":"ES256","kid":"k1","kid":"k2"}"#)), "bad_header"),
            (format!("{}..{SIG64}", header_b64(r#"{"alg":"ES256"}"#)), "bad_header"),
            (format!("{}..{SIG64}", header_b64(r#"["alg","ES256"]"#)), "bad_header"),
            (format!("{}..{SIG64}", header_b64("{\"alg\":\"ES256\",\"kid\":\"k1\"")), "bad_header"),
            (
                format!(
                    "{}..{SIG64}",
                    header_b64(r#"{"alg":"ES256","kid":"k1","jwk":{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}}"#)
                ),
                "bad_jwk",
            ),
        ];
        for (compact, code) in cases {
            let err = parse_detached(&compact).unwrap_err();
            assert_eq!(err.code(), code, "{compact}: {err}");
        }
        assert_eq!(parse_detached(&"A".repeat(MAX_COMPACT_LEN + 1)).unwrap_err().code(), "malformed_jws");
    }

    #[cfg(feature = "native")]
    mod native {
        use super::*;
        use p256::ecdsa::SigningKey;

        /// RFC 7515 Appendix A.3: a published ES256 signature verifies, and
        /// the private key there gives the published public key.
        #[test]
        fn rfc7515_a3_verifies() {
            let jwk = EcPublicJwk {
                kty: "EC".into(),
                crv: "P-256".into(),
                x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU".into(),
                y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0".into(),
            };
            let d = b64u_decode("jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI").unwrap();
            let key = SigningKey::from_slice(&d).unwrap();
            assert_eq!(jwk_of(key.verifying_key()), jwk);

            let header = "eyJhbGciOiJFUzI1NiJ9";
            let payload = b64u_decode(
                "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ",
            )
            .unwrap();
            let input = signing_input(header, &payload);
            let sig = b64u_decode(SIG64).unwrap();
            assert!(NativeEs256.verify(&jwk, &input, &sig));

            let mut bad = sig.clone();
            bad[10] ^= 1;
            assert!(!NativeEs256.verify(&jwk, &input, &bad));
            assert!(!NativeEs256.verify(&jwk, &input[1..], &sig));
            assert!(!NativeEs256.verify(&jwk, &input, &sig[..63]));

            // Our own signature of the same input verifies too.
            let ours = sign_es256(&key, &input);
            assert!(NativeEs256.verify(&jwk, &input, &ours));
        }

        /// WebCrypto does not normalize s: both (r, s) and (r, n - s) must verify.
        #[test]
        fn high_s_signatures_verify() {
            let key = SigningKey::from_slice(&[7u8; 32]).unwrap();
            let jwk = jwk_of(key.verifying_key());
            let input = signing_input("eyJhbGciOiJFUzI1NiJ9", b"payload");
            let sig = sign_es256(&key, &input);
            // n - s, big-endian subtraction.
            let n: [u8; 32] = [
                0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc,
                0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
            ];
            let mut flipped = sig;
            let mut borrow = 0i16;
            for i in (0..32).rev() {
                let d = n[i] as i16 - sig[32 + i] as i16 - borrow;
                flipped[32 + i] = d.rem_euclid(256) as u8;
                borrow = (d < 0) as i16;
            }
            assert_ne!(flipped, sig);
            assert!(NativeEs256.verify(&jwk, &input, &sig));
            assert!(NativeEs256.verify(&jwk, &input, &flipped));
        }

        #[test]
        fn a_point_off_the_curve_never_verifies() {
            let key = SigningKey::from_slice(&[7u8; 32]).unwrap();
            let mut jwk = jwk_of(key.verifying_key());
            let input = signing_input("eyJhbGciOiJFUzI1NiJ9", b"payload");
            let sig = sign_es256(&key, &input);
            let (x, mut y) = jwk.coordinates().unwrap();
            y[31] ^= 1;
            jwk = EcPublicJwk::from_coordinates(&x, &y);
            assert!(!NativeEs256.verify(&jwk, &input, &sig));
        }
    }
}
