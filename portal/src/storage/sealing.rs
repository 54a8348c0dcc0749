//! Dossiers at rest: bundle bytes, manifests and the operator block are
//! sealed with XChaCha20-Poly1305 before they reach the database, under a
//! *data key* kept in its own file, apart from the database (`--data-key`,
//! `docs/keys.md`). A copy of the database alone — a backup, a disk image, a
//! file served by mistake — holds no dossier in the clear.
//!
//! A sealed value is `01 ‖ key id (8 bytes) ‖ nonce (24) ‖ ciphertext ‖ tag
//! (16)`. The nonce is random (192 bits: no counter to keep). The associated
//! data binds the value to its row and column, so a sealed value moved to
//! another filing or column does not open.
//!
//! The key file holds every key still needed, the current one first; rotation
//! (`tokhai-portal data-key rotate`) adds a key, reseals every row under it
//! and drops the keys no row uses any more. The database records the key ids
//! (never the keys), so a portal started with the wrong key file, or none,
//! stops instead of writing what it could not read back.

use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{Key, Tag, XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokhai_core::jose::{b64u_decode, b64u_encode};

use crate::private_fs;

/// `format` of the key file.
pub const FORMAT: &str = "tokhai-data-key/1";
const VERSION: u8 = 1;
const HEADER: usize = 1 + 8 + 24;
const TAG: usize = 16;

/// A data key's id: the first 8 bytes of SHA-256 over a label and the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyId(pub [u8; 8]);

impl KeyId {
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn parse(hex: &str) -> Option<KeyId> {
        if hex.len() != 16 {
            return None;
        }
        let mut id = [0u8; 8];
        for (i, b) in id.iter_mut().enumerate() {
            *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(KeyId(id))
    }

    /// The id of the key that sealed `blob`, if it is a sealed value.
    pub fn of_sealed(blob: &[u8]) -> Option<KeyId> {
        (blob.len() >= HEADER + TAG && blob[0] == VERSION).then(|| KeyId(blob[1..9].try_into().expect("8 bytes")))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("cannot read the data key {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write the data key {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("the data key file {path} is unusable: {reason}")]
    Invalid { path: PathBuf, reason: String },
    #[error("no randomness for a data key: {0}")]
    Random(String),
}

/// Why a sealed value does not open.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("not a sealed value")]
    Malformed,
    #[error("sealed with data key {0}, which the key file does not hold")]
    UnknownKey(String),
    #[error("the sealed value does not open (altered, or moved from another row)")]
    Tampered,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct KeyFile {
    format: String,
    keys: Vec<KeyEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct KeyEntry {
    id: String,
    /// 32 bytes, base64url.
    key: String,
    created_at: String,
}

struct DataKey {
    id: KeyId,
    secret: [u8; 32],
    created_at: String,
}

impl DataKey {
    fn new(secret: [u8; 32], created_at: String) -> DataKey {
        let mut h = Sha256::new();
        h.update(b"tokhai-data-key/1\0");
        h.update(secret);
        let id = KeyId(h.finalize()[..8].try_into().expect("8 bytes"));
        DataKey { id, secret, created_at }
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(Key::from_slice(&self.secret))
    }
}

/// The data keys: the current one (which seals) and older ones (which still open).
pub struct DataKeys {
    keys: Vec<DataKey>,
}

impl std::fmt::Debug for DataKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.keys.iter().map(|k| k.id.hex())).finish()
    }
}

impl DataKeys {
    /// One fresh random key.
    pub fn generate(now: &str) -> Result<DataKeys, KeyFileError> {
        Ok(DataKeys { keys: vec![DataKey::new(random_key()?, now.to_owned())] })
    }

    /// The keys in `path`; `None` if there is no such file.
    pub fn load(path: &Path) -> Result<Option<DataKeys>, KeyFileError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(KeyFileError::Read { path: path.to_path_buf(), source }),
        };
        let invalid = |reason: String| KeyFileError::Invalid { path: path.to_path_buf(), reason };
        let file: KeyFile = serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
        if file.format != FORMAT {
            return Err(invalid(format!("format is not {FORMAT}")));
        }
        let mut keys = Vec::new();
        for e in file.keys {
            let secret: [u8; 32] = b64u_decode(&e.key)
                .ok()
                .and_then(|k| k.try_into().ok())
                .ok_or_else(|| invalid(format!("key {} is not 32 bytes of base64url", e.id)))?;
            let key = DataKey::new(secret, e.created_at);
            if key.id.hex() != e.id {
                return Err(invalid(format!("the id {} does not belong to its key", e.id)));
            }
            keys.push(key);
        }
        if keys.is_empty() {
            return Err(invalid("it holds no key".into()));
        }
        warn_if_readable(path);
        Ok(Some(DataKeys { keys }))
    }

    /// Writes a new key file (it must not exist), in a private directory.
    pub fn write_new(&self, path: &Path) -> Result<(), KeyFileError> {
        let err = |source| KeyFileError::Write { path: path.to_path_buf(), source };
        if let Some(dir) = path.parent() {
            private_fs::create_dir(dir).map_err(err)?;
        }
        private_fs::write_new(path, &self.file_bytes()).map_err(err)
    }

    /// Replaces the key file atomically.
    pub fn replace(&self, path: &Path) -> Result<(), KeyFileError> {
        private_fs::replace(path, &self.file_bytes())
            .map_err(|source| KeyFileError::Write { path: path.to_path_buf(), source })
    }

    fn file_bytes(&self) -> Vec<u8> {
        let file = KeyFile {
            format: FORMAT.into(),
            keys: self
                .keys
                .iter()
                .map(|k| KeyEntry { id: k.id.hex(), key: b64u_encode(&k.secret), created_at: k.created_at.clone() })
                .collect(),
        };
        let mut text = serde_json::to_vec_pretty(&file).expect("strings serialize");
        text.push(b'\n');
        text
    }

    pub fn current(&self) -> KeyId {
        self.keys[0].id
    }

    pub fn ids(&self) -> Vec<KeyId> {
        self.keys.iter().map(|k| k.id).collect()
    }

    pub fn contains(&self, id: KeyId) -> bool {
        self.keys.iter().any(|k| k.id == id)
    }

    /// Makes `id` the sealing key (the database says which one is current).
    pub fn make_current(&mut self, id: KeyId) -> bool {
        match self.keys.iter().position(|k| k.id == id) {
            Some(i) => {
                let k = self.keys.remove(i);
                self.keys.insert(0, k);
                true
            }
            None => false,
        }
    }

    /// Adds a fresh key and makes it current; returns its id.
    pub fn add_new(&mut self, now: &str) -> Result<KeyId, KeyFileError> {
        let key = DataKey::new(random_key()?, now.to_owned());
        let id = key.id;
        self.keys.insert(0, key);
        Ok(id)
    }

    /// Drops a key that is not current.
    pub fn remove(&mut self, id: KeyId) {
        if self.current() != id {
            self.keys.retain(|k| k.id != id);
        }
    }

    /// Seals `plaintext` with the current key, bound to `aad`.
    pub fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
        let key = &self.keys[0];
        let mut nonce = [0u8; 24];
        getrandom::getrandom(&mut nonce).expect("the operating system's random source");
        let mut out = Vec::with_capacity(HEADER + plaintext.len() + TAG);
        out.push(VERSION);
        out.extend_from_slice(&key.id.0);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plaintext);
        let tag = key
            .cipher()
            .encrypt_in_place_detached(XNonce::from_slice(&nonce), aad, &mut out[HEADER..])
            .expect("XChaCha20-Poly1305 seals any length a database can hold");
        out.extend_from_slice(&tag);
        out
    }

    /// Opens a value sealed (with any key this file holds) for `aad`.
    pub fn open(&self, aad: &[u8], blob: &[u8]) -> Result<Vec<u8>, OpenError> {
        let id = KeyId::of_sealed(blob).ok_or(OpenError::Malformed)?;
        let key = self.keys.iter().find(|k| k.id == id).ok_or_else(|| OpenError::UnknownKey(id.hex()))?;
        let nonce = XNonce::from_slice(&blob[9..HEADER]);
        let (body, tag) = blob[HEADER..].split_at(blob.len() - HEADER - TAG);
        let mut plain = body.to_vec();
        key.cipher()
            .decrypt_in_place_detached(nonce, aad, &mut plain, Tag::from_slice(tag))
            .map_err(|_| OpenError::Tampered)?;
        Ok(plain)
    }
}

/// The associated data of a sealed column: table, column and the row's identity.
pub fn aad(column: &str, row: &[&str]) -> Vec<u8> {
    let mut out = b"tokhai-at-rest/1\0".to_vec();
    out.extend_from_slice(column.as_bytes());
    for part in row {
        out.push(0);
        out.extend_from_slice(part.as_bytes());
    }
    out
}

fn random_key() -> Result<[u8; 32], KeyFileError> {
    let mut k = [0u8; 32];
    getrandom::getrandom(&mut k).map_err(|e| KeyFileError::Random(e.to_string()))?;
    Ok(k)
}

fn warn_if_readable(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0) {
            tracing::warn!("the data key {} is readable by other users; chmod 600 it", path.display());
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_their_row() {
        let keys = DataKeys::generate("2026-12-01T00:00:00.000Z").unwrap();
        let secret = b"{\"hoTen\":\"Nguy\xe1\xbb\x85n V\xc4\x83n An\"}";
        let a = aad("filings.manifest", &["id-1", "kid-1"]);
        let sealed = keys.seal(&a, secret);
        assert_eq!(sealed.len(), secret.len() + HEADER + TAG);
        assert!(!sealed.windows(5).any(|w| w == b"hoTen"), "no plaintext in the sealed value");
        assert_eq!(KeyId::of_sealed(&sealed), Some(keys.current()));
        assert_eq!(keys.open(&a, &sealed).unwrap(), secret);
        // Another row, another column, a flipped bit, another key: refused.
        assert_eq!(keys.open(&aad("filings.manifest", &["id-2", "kid-1"]), &sealed), Err(OpenError::Tampered));
        assert_eq!(keys.open(&aad("filings.bytes", &["id-1", "kid-1"]), &sealed), Err(OpenError::Tampered));
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(keys.open(&a, &flipped), Err(OpenError::Tampered));
        let other = DataKeys::generate("x").unwrap();
        assert!(matches!(other.open(&a, &sealed), Err(OpenError::UnknownKey(_))));
        assert_eq!(keys.open(&a, b"plain text"), Err(OpenError::Malformed));
        // Two seals of the same value differ (random nonces).
        assert_ne!(keys.seal(&a, secret), sealed);
    }

    #[test]
    fn the_key_file_round_trips_and_rotation_keeps_old_keys_until_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("keys/data-key.json");
        let mut keys = DataKeys::generate("t0").unwrap();
        keys.write_new(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
            assert_eq!(std::fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
        }
        let a = aad("c", &["r"]);
        let old = keys.seal(&a, b"one");
        let first = keys.current();
        let second = keys.add_new("t1").unwrap();
        keys.replace(&path).unwrap();
        let loaded = DataKeys::load(&path).unwrap().unwrap();
        assert_eq!(loaded.ids(), [second, first]);
        assert_eq!(loaded.open(&a, &old).unwrap(), b"one");
        assert_eq!(KeyId::of_sealed(&loaded.seal(&a, b"two")), Some(second));
        keys.remove(first);
        keys.remove(second);
        assert_eq!(keys.ids(), [second], "the current key is never dropped");
        assert!(DataKeys::load(&tmp.path().join("none.json")).unwrap().is_none());
        std::fs::write(&path, br#"{"format":"tokhai-data-key/1","keys":[{"id":"0000000000000000","key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","createdAt":"t"}]}"#).unwrap();
        assert!(matches!(DataKeys::load(&path), Err(KeyFileError::Invalid { .. })));
        assert_eq!(KeyId::parse(&second.hex()), Some(second));
    }
}
