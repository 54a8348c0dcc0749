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
//!
//! The app trusts the key it was built with (`docs/keys.md`), never one it
//! first meets on the wire. `tokhai-portal signing-key rotate` replaces the
//! key: the new key file carries the chain of *rotation statements* (each
//! signed by the key it replaces, `tokhai_core::catalog::trust`), which the
//! portal serves with the catalog so that apps built with an older key follow
//! it to the new one. The old key file is kept beside it, retired.

use std::path::{Path, PathBuf};

use p256::ecdsa::SigningKey;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokhai_core::catalog::trust;
use tokhai_core::jose::{self, b64u_decode, b64u_encode, jwk_of, EcPublicJwk, ProtectedHeader};
use tokhai_core::time::Instant;

use crate::private_fs;

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
    /// The rotation statements that lead from earlier keys to this one, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rotations: Vec<String>,
    /// A key published for tests (its private half is in the repository):
    /// the portal says so loudly at start.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    test_only: bool,
}

/// The portal's ES256 key.
pub struct PortalKey {
    key: SigningKey,
    jwk: EcPublicJwk,
    kid: String,
    /// BASE64URL of the protected header every portal signature uses.
    header_b64: String,
    /// Rotation statements from earlier keys to this one, oldest first.
    rotations: Vec<String>,
    test_only: bool,
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
        PortalKey { key, jwk, kid, header_b64, rotations: Vec::new(), test_only: false }
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
        let mut key = Self::from_scalar(&d).map_err(invalid)?;
        if key.jwk.x != file.x || key.jwk.y != file.y {
            return Err(invalid("x and y do not belong to the private key d".into()));
        }
        if key.kid != file.kid {
            return Err(invalid(format!("kid {:?} is not the key's thumbprint {:?}", file.kid, key.kid)));
        }
        for (i, r) in file.rotations.iter().enumerate() {
            trust::parse_rotation(r).map_err(|e| invalid(format!("rotation statement {}: {e}", i + 1)))?;
        }
        if let Some(last) = file.rotations.last() {
            let last = trust::parse_rotation(last).expect("checked above");
            if last.to.kid != key.kid {
                return Err(invalid("the last rotation statement does not lead to this key".into()));
            }
        }
        key.rotations = file.rotations;
        key.test_only = file.test_only;
        warn_if_readable_by_others(path);
        Ok(key)
    }

    /// Replaces the key at `path` with a new one: a rotation statement signed
    /// by the old key names the new one; the old key file stays beside it as
    /// `<name>.retired-<old kid>`. Returns the old key and the new one.
    pub fn rotate(path: &Path, now: Instant) -> Result<(PortalKey, PortalKey), KeyError> {
        let bytes = std::fs::read(path).map_err(|source| KeyError::Read { path: path.to_path_buf(), source })?;
        let old = Self::parse_file(path, &bytes)?;
        let mut new = Self::generate()?;
        let statement = trust::sign_rotation(&old.key, &new.jwk, now);
        new.rotations = old.rotations.iter().cloned().chain([statement]).collect();
        let retired = private_fs::sibling(path, &format!(".retired-{}", old.kid));
        private_fs::write_new(&retired, &bytes).map_err(|source| KeyError::Write { path: retired.clone(), source })?;
        private_fs::replace(path, &new.file_bytes(now))
            .map_err(|source| KeyError::Write { path: path.to_path_buf(), source })?;
        Ok((old, new))
    }

    /// The rotation statements leading to this key, oldest first.
    pub fn rotations(&self) -> &[String] {
        &self.rotations
    }

    /// Whether this is a published test key (never for a real portal).
    pub fn is_test_key(&self) -> bool {
        self.test_only
    }

    fn write_new(&self, path: &Path, now: Instant) -> Result<(), KeyError> {
        let write_err = |source| KeyError::Write { path: path.to_path_buf(), source };
        if let Some(dir) = path.parent() {
            private_fs::create_dir(dir).map_err(write_err)?;
        }
        private_fs::write_new(path, &self.file_bytes(now)).map_err(write_err)
    }

    fn file_bytes(&self, now: Instant) -> Vec<u8> {
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
            rotations: self.rotations.clone(),
            test_only: self.test_only,
        };
        let mut text = serde_json::to_vec_pretty(&file).expect("strings always serialize");
        text.push(b'\n');
        text
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn jwk(&self) -> &EcPublicJwk {
        &self.jwk
    }

    /// `GET /api/portal-key`: the public JWK (with `kid`, `alg`, `use`), the
    /// kid, and the rotation statements that lead to it (if any).
    pub fn public_document(&self) -> Value {
        let mut doc = json!({
            "kid": self.kid,
            "alg": jose::ES256,
            "jwk": {"kty": self.jwk.kty, "crv": self.jwk.crv, "x": self.jwk.x, "y": self.jwk.y,
                    "kid": self.kid, "alg": jose::ES256, "use": "sig"},
        });
        if !self.rotations.is_empty() {
            doc["rotations"] = json!(self.rotations);
        }
        doc
    }

    /// ES256 signature (r‖s) of `payload` under the portal's protected header.
    fn signature(&self, payload: &[u8]) -> [u8; 64] {
        jose::sign_es256(&self.key, &jose::signing_input(&self.header_b64, payload))
    }

    /// Detached compact JWS over `payload`: `header_b64..sig_b64`.
    pub fn sign_detached(&self, payload: &[u8]) -> String {
        jose::compact_detached(&self.header_b64, &self.signature(payload))
    }

    /// Flattened JWS JSON serialization with the payload inline (and the
    /// rotation statements in the unprotected header: they are signed themselves).
    pub fn sign_flattened(&self, payload: &[u8]) -> Value {
        let mut doc = json!({
            "protected": self.header_b64,
            "payload": b64u_encode(payload),
            "signature": b64u_encode(&self.signature(payload)),
        });
        if !self.rotations.is_empty() {
            doc["header"] = json!({"rotations": self.rotations});
        }
        doc
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
    /// `Tokhai-Key-Rotation` header value (the statements, comma-separated), if any.
    pub rotations: Option<String>,
}

impl CatalogSignatures {
    pub fn new(key: &PortalKey, body: &[u8]) -> CatalogSignatures {
        let flattened = jose::canonical_bytes(&key.sign_flattened(body)).expect("strings are always canonical JSON");
        let rotations = (!key.rotations.is_empty()).then(|| key.rotations.join(","));
        CatalogSignatures { detached: key.sign_detached(body), flattened, rotations }
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
    fn rotation_keeps_the_old_key_retired_and_chains_to_the_new_one() {
        use tokhai_core::catalog::trust::{plan, TrustState, TrustedKey};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("portal-signing-key.json");
        let first = PortalKey::load_or_create(&path, Instant(0)).unwrap();
        let (old, second) = PortalKey::rotate(&path, Instant(1)).unwrap();
        assert_eq!(old.kid(), first.kid());
        let (_, third) = PortalKey::rotate(&path, Instant(2)).unwrap();
        let loaded = PortalKey::load_or_create(&path, Instant(3)).unwrap();
        assert_eq!(loaded.kid(), third.kid());
        assert_eq!(loaded.rotations().len(), 2);
        let retired = |k: &PortalKey| path.with_file_name(format!("portal-signing-key.json.retired-{}", k.kid()));
        assert!(retired(&first).is_file() && retired(&second).is_file());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for f in [path.clone(), retired(&first)] {
                assert_eq!(std::fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o600);
            }
        }
        // An app built with the first key follows the chain to the third.
        let body = b"{}";
        let sigs = CatalogSignatures::new(&loaded, body);
        let rotations = tokhai_core::catalog::trust::split_rotations(sigs.rotations.as_deref().unwrap());
        let anchors = [TrustedKey::of(first.jwk())];
        let p = plan(&anchors, &TrustState::default(), Some(&sigs.detached), body, &rotations).unwrap();
        assert_eq!(p.first_failure(&NativeEs256), None);
        assert_eq!(p.signer.kid, third.kid());
        let flat: Value = serde_json::from_slice(&sigs.flattened).unwrap();
        assert_eq!(flat["header"]["rotations"].as_array().unwrap().len(), 2);
        assert_eq!(loaded.public_document()["rotations"].as_array().unwrap().len(), 2);
        // A key file whose chain does not end at its key is refused.
        let mut file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        file["rotations"].as_array_mut().unwrap().pop();
        std::fs::write(&path, file.to_string()).unwrap();
        assert!(matches!(PortalKey::load_or_create(&path, Instant(4)), Err(KeyError::Invalid { .. })));
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
