//! Errors of the JOSE layer, each with a stable machine code.

/// Why a JWS or a JWK was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JoseError {
    /// Not `header..signature`: wrong number of parts, a payload where a
    /// detached one was expected, or too long.
    #[error("malformed JWS: {0}")]
    Malformed(&'static str),
    #[error("invalid base64url (the URL-safe alphabet without padding)")]
    Base64,
    /// The protected header is not a JSON object of the known members.
    #[error("invalid JWS protected header: {0}")]
    Header(String),
    #[error("unsupported JWS algorithm {0:?} (only ES256)")]
    UnsupportedAlg(String),
    /// RFC 7515 §4.1.11: no critical extension is understood here.
    #[error("the JWS header has a \"crit\" member, which is not supported")]
    Crit,
    #[error("an ES256 signature is 64 bytes (r || s), not {0}")]
    SignatureLength(usize),
    /// Not a P-256 public key in JWK form.
    #[error("invalid EC public key: {0}")]
    Jwk(String),
    /// The signature does not verify with the key.
    #[error("the signature does not verify")]
    BadSignature,
}

impl JoseError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            JoseError::Malformed(_) => "malformed_jws",
            JoseError::Base64 => "bad_base64",
            JoseError::Header(_) => "bad_header",
            JoseError::UnsupportedAlg(_) => "unsupported_alg",
            JoseError::Crit => "crit_not_supported",
            JoseError::SignatureLength(_) => "bad_signature_length",
            JoseError::Jwk(_) => "bad_jwk",
            JoseError::BadSignature => "bad_signature",
        }
    }
}
