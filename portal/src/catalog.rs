//! The catalog the portal serves: read from a file or a directory once at start,
//! checked with the same loader the app uses, and served as one JSON document
//! with a strong ETag so phones on 3G revalidate instead of re-downloading.
//! The document is served as its RFC 8785 (JCS) canonical bytes, the exact
//! bytes the portal signs (see `signing`). The portal writes its intake limit
//! into the header it serves (`intake.maxBundleBytes`), so the app knows it,
//! signed, even offline, before it seals a dossier.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};
use tokhai_core::catalog::{assemble, Catalog, CatalogError};
use tokhai_core::jose::canonical_bytes;
use tokhai_core::schema::NativePatterns;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} is not valid JSON: {source}")]
    Json { path: PathBuf, source: serde_json::Error },
    #[error("{path}: {source}")]
    Catalog { path: PathBuf, source: CatalogError },
    #[error("{0}: no procedures/*.json in the catalog directory")]
    Empty(PathBuf),
    #[error("{path}: cannot be canonicalized (RFC 8785): {reason}")]
    Canonical { path: PathBuf, reason: String },
}

/// The catalog document as served, plus its parsed form.
pub struct ServedCatalog {
    /// Exactly the bytes sent to clients: the document's JCS canonical form.
    pub body: Vec<u8>,
    /// Strong entity tag (quoted), derived from the body.
    pub etag: String,
    pub catalog: Catalog,
}

impl ServedCatalog {
    /// Loads `path`: a catalog JSON file, or a directory with `catalog.json`
    /// and `procedures/*.json` (in file-name order), to be served by a portal
    /// that accepts bundles of up to `max_bundle_bytes`.
    pub fn load(path: &Path, max_bundle_bytes: u64) -> Result<ServedCatalog, LoadError> {
        let mut doc = if path.is_dir() { read_dir_form(path)? } else { read_json(path)? };
        if let Some(obj) = doc.as_object_mut() {
            if let Some(authored) = obj.get("intake") {
                tracing::warn!("{}: the catalog's own intake ({authored}) is replaced by the portal's", path.display());
            }
            obj.insert("intake".into(), serde_json::json!({"maxBundleBytes": max_bundle_bytes}));
        }
        let body = canonical_bytes(&doc)
            .map_err(|e| LoadError::Canonical { path: path.to_path_buf(), reason: e.to_string() })?;
        Self::from_canonical(body).map_err(|source| LoadError::Catalog { path: path.to_path_buf(), source })
    }

    /// Wraps an already assembled catalog document (any JSON text; served canonicalized).
    pub fn from_body(body: &[u8]) -> Result<ServedCatalog, CatalogError> {
        let doc: Value = serde_json::from_slice(body).map_err(|e| CatalogError::Json(e.to_string()))?;
        let body = canonical_bytes(&doc).map_err(|e| CatalogError::Json(e.to_string()))?;
        Self::from_canonical(body)
    }

    /// Wraps bytes that are already the JCS form (as stored in the database).
    pub fn from_canonical(body: Vec<u8>) -> Result<ServedCatalog, CatalogError> {
        let text = std::str::from_utf8(&body).map_err(|e| CatalogError::Json(e.to_string()))?;
        let catalog = Catalog::parse(text, &NativePatterns::new())?;
        let etag = format!("\"{}\"", hex(&Sha256::digest(&body)[..16]));
        Ok(ServedCatalog { body, etag, catalog })
    }
}

fn read_dir_form(dir: &Path) -> Result<Value, LoadError> {
    let header = read_json(&dir.join("catalog.json"))?;
    let proc_dir = dir.join("procedures");
    let entries = std::fs::read_dir(&proc_dir).map_err(|source| LoadError::Read { path: proc_dir.clone(), source })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    if files.is_empty() {
        return Err(LoadError::Empty(dir.to_path_buf()));
    }
    files.sort();
    let procedures = files.iter().map(|p| read_json(p)).collect::<Result<Vec<_>, _>>()?;
    assemble(header, procedures).map_err(|source| LoadError::Catalog { path: dir.to_path_buf(), source })
}

fn read_json(path: &Path) -> Result<Value, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Read { path: path.to_path_buf(), source })?;
    serde_json::from_slice(&bytes).map_err(|source| LoadError::Json { path: path.to_path_buf(), source })
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Does an `If-None-Match` header value match `etag`? Uses the weak comparison
/// RFC 9110 prescribes for this header, and understands lists and `*`.
pub fn if_none_match(header: &str, etag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    header.trim() == "*" || header.split(',').any(|t| opaque(t) == opaque(etag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_forms() {
        let tag = "\"abc\"";
        assert!(if_none_match("\"abc\"", tag));
        assert!(if_none_match("W/\"abc\"", tag));
        assert!(if_none_match("\"x\", \"abc\"", tag));
        assert!(if_none_match("*", tag));
        assert!(!if_none_match("\"abd\"", tag));
        assert!(!if_none_match("", tag));
    }
}
