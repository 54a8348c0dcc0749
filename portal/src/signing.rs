//! The portal's signing key and the catalog's signatures.
//!
//! On first start the portal makes an ES256 (P-256) key and keeps it in a JSON
//! file beside the database (`portal-signing-key.json`, mode 0600, or
//! `--signing-key PATH`): the private JWK plus its RFC 7638 thumbprint as `kid`.
//! Later starts reuse it, so clients can pin the key.
//!
//! The catalog is signed over its exact served bytes (its RFC 8785 canonical
//! JSON) in two forms:
//!
//! - detached compact JWS, `BASE64URL(header) ".." BASE64URL(r‖s)`, in the
//!   `Tokhai-Signature` header of `GET /api/catalog` (RFC 7515 Appendix F: the
//!   payload is the response body);
//! - flattened JSON serialization, `{"protected", "payload", "signature"}`
//!   with the payload inline, as the downloadable `GET /api/catalog.signed`.
//!
//! Both use the protected header `{"alg":"ES256","jwk":{…},"kid":"<thumbprint>"}`.

use std::io::Write;
use std::path::{Path, PathBuf};

use p256::ecdsa::SigningKey;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokhai_core::jose::{self, b64u_decode, b64u_encode, jwk_of, EcPublicJwk, ProtectedHeader};
use tokhai_core::time::Instant;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read the signing key {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write the signing key {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("the signing key {path} is unusable: {reason}")]
    Invalid { path: PathBuf, reason: String },
    #[error("no randomness for a new signing key: {0}")]
    Random(String),
}

/// The key file: a private JWK (RFC 7517/7518) with its thumbprint.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeyFile {
    kty: String,
    crv: String,
    x: String,
    y: String,
    d: String,
    kid: String,
    alg: String,
    #[serde(rename = "use")]
    use_: String,
    #[serde(default)]
    created_at: Option<String>,
}

/// The portal's ES256 key.
pub struct PortalKey {
    key: SigningKey,
    jwk: EcPublicJwk,
    kid: String,
    /// BASE64URL of the protected header every portal signature uses.
    header_b64: String,
}

impl std::fmt::Debug for PortalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortalKey").field("kid", &self.kid).finish_non_exhaustive()
    }
}

impl PortalKey {
    /// A key from its 32-byte private scalar.
    pub fn from_scalar(d: &[u8]) -> Result<PortalKey, String> {
        let key = SigningKey::from_slice(d).map_err(|_| "the private scalar is not a valid P-256 key".to_owned())?;
        Ok(Self::from_signing_key(key))
    }

    fn from_signing_key(key: SigningKey) -> PortalKey {
        let jwk = jwk_of(key.verifying_key());
        let kid = jwk.thumbprint();
        let header_b64 = ProtectedHeader::es256_with_jwk(jwk.clone()).encode();
        PortalKey { key, jwk, kid, header_b64 }
    }

    /// A fresh random key.
    pub fn generate() -> Result<PortalKey, KeyError> {
        loop {
            let mut d = [0u8; 32];
            getrandom::getrandom(&mut d).map_err(|e| KeyError::Random(e.to_string()))?;
            // Zero or ≥ n (probability ~2⁻³²): draw again.
            if let Ok(key) = Self::from_scalar(&d) {
                return Ok(key);
            }
        }
    }

    /// The key at `path`, created there (mode 0600, with its directory) if missing.
    pub fn load_or_create(path: &Path, now: Instant) -> Result<PortalKey, KeyError> {
        match std::fs::read(path) {
            Ok(bytes) => Self::parse_file(path, &bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::generate()?;
                key.write_new(path, now)?;
                tracing::info!("created the catalog signing key {} (kid {})", path.display(), key.kid);
                Ok(key)
            }
            Err(source) => Err(KeyError::Read { path: path.to_path_buf(), source }),
        }
    }

    fn parse_file(path: &Path, bytes: &[u8]) -> Result<PortalKey, KeyError> {
        let invalid = |reason: String| KeyError::Invalid { path: path.to_path_buf(), reason };
        let file: KeyFile = serde_json::from_slice(bytes).map_err(|e| invalid(e.to_string()))?;
        if file.kty != "EC" || file.crv != "P-256" {
            return Err(invalid(format!("not a P-256 key (kty {:?}, crv {:?})", file.kty, file.crv)));
        }
        let d = b64u_decode(&file.d).map_err(|_| invalid("d is not base64url".into()))?;
        let key = Self::from_scalar(&d).map_err(invalid)?;
        if key.jwk.x != file.x || key.jwk.y != file.y {
            return Err(invalid("x and y do not belong to the private key d".into()));
        }
        if key.kid != file.kid {
            return Err(invalid(format!("kid {:?} is not the key's thumbprint {:?}", file.kid, key.kid)));
        }
        warn_if_readable_by_others(path);
        Ok(key)
    }

    fn write_new(&self, path: &Path, now: Instant) -> Result<(), KeyError> {
        let write_err = |source| KeyError::Write { path: path.to_path_buf(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(write_err)?;
        }
        let file = KeyFile {
            kty: "EC".into(),
            crv: "P-256".into(),
            x: self.jwk.x.clone(),
            y: self.jwk.y.clone(),
            d: b64u_encode(&self.key.to_bytes()),
            kid: self.kid.clone(),
            alg: jose::ES256.into(),
            use_: "sig".into(),
            created_at: Some(now.to_rfc3339()),
        };
        let mut text = serde_json::to_vec_pretty(&file).expect("strings always serialize");
        text.push(b'\n');
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(path).map_err(write_err)?;
        f.write_all(&text).and_then(|()| f.sync_all()).map_err(write_err)
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn jwk(&self) -> &EcPublicJwk {
        &self.jwk
    }

    /// `GET /api/portal-key`: the public JWK (with `kid`, `alg`, `use`) and the kid.
    pub fn public_document(&self) -> Value {
        json!({
            "kid": self.kid,
            "alg": jose::ES256,
            "jwk": {"kty": self.jwk.kty, "crv": self.jwk.crv, "x": self.jwk.x, "y": self.jwk.y,
                    "kid": self.kid, "alg": jose::ES256, "use": "sig"},
        })
    }

    /// ES256 signature (r‖s) of `payload` under the portal's protected header.
    fn signature(&self, payload: &[u8]) -> [u8; 64] {
        jose::sign_es256(&self.key, &jose::signing_input(&self.header_b64, payload))
    }

    /// Detached compact JWS over `payload`: `header_b64..sig_b64`.
    pub fn sign_detached(&self, payload: &[u8]) -> String {
        jose::compact_detached(&self.header_b64, &self.signature(payload))
    }

    /// Flattened JWS JSON serialization with the payload inline.
    pub fn sign_flattened(&self, payload: &[u8]) -> Value {
        json!({
            "protected": self.header_b64,
            "payload": b64u_encode(payload),
            "signature": b64u_encode(&self.signature(payload)),
        })
    }
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            tracing::warn!("the signing key {} is readable by other users; chmod 600 it", path.display());
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_: &Path) {}

/// The served catalog's signatures, made once at start.
pub struct CatalogSignatures {
    /// `Tokhai-Signature` header value.
    pub detached: String,
    /// The body of `GET /api/catalog.signed`.
    pub flattened: Vec<u8>,
}

impl CatalogSignatures {
    pub fn new(key: &PortalKey, body: &[u8]) -> CatalogSignatures {
        let flattened = jose::canonical_bytes(&key.sign_flattened(body)).expect("strings are always canonical JSON");
        CatalogSignatures { detached: key.sign_detached(body), flattened }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokhai_core::jose::{parse_detached, signing_input, NativeEs256, SignatureVerifier};

    #[test]
    fn key_file_is_created_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/portal-signing-key.json");
        let a = PortalKey::load_or_create(&path, Instant(0)).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let b = PortalKey::load_or_create(&path, Instant(0)).unwrap();
        assert_eq!(a.kid(), b.kid());
        assert_eq!(a.kid().len(), 43);
        let file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(file["kid"], a.kid());
        assert!(file["d"].is_string());

        // A tampered file stops the portal instead of silently making a new key.
        let mut bad = file.clone();
        bad["x"] = Value::from(b.jwk().y.clone());
        std::fs::write(&path, bad.to_string()).unwrap();
        assert!(matches!(PortalKey::load_or_create(&path, Instant(0)), Err(KeyError::Invalid { .. })));
    }

    #[test]
    fn both_signature_forms_verify_over_the_exact_bytes() {
        let key = PortalKey::from_scalar(&[9u8; 32]).unwrap();
        let body = br#"{"a":1}"#;
        let sigs = CatalogSignatures::new(&key, body);
        let (header, header_b64, sig) = parse_detached(&sigs.detached).unwrap();
        assert_eq!(header.kid, key.kid());
        assert_eq!(header.jwk.as_ref(), Some(key.jwk()));
        assert!(NativeEs256.verify(key.jwk(), &signing_input(&header_b64, body), &sig));
        assert!(!NativeEs256.verify(key.jwk(), &signing_input(&header_b64, br#"{"a":2}"#), &sig));

        let flat: Value = serde_json::from_slice(&sigs.flattened).unwrap();
        assert_eq!(b64u_decode(flat["payload"].as_str().unwrap()).unwrap(), body);
        let input = format!("{}.{}", flat["protected"].as_str().unwrap(), flat["payload"].as_str().unwrap());
        let sig = b64u_decode(flat["signature"].as_str().unwrap()).unwrap();
        assert!(NativeEs256.verify(key.jwk(), input.as_bytes(), &sig));
    }
}
