//! Trusting the catalog (`docs/keys.md`). The portal signs every catalog it
//! serves (ES256 over the exact body bytes, detached JWS in the
//! `Tokhai-Signature` header; for a catalog carried on a file, a flattened
//! JWS). The app trusts the portal key it was *built* with (`build.rs`,
//! `TOKHAI_PORTAL_KEY`; precached with the shell as part of the wasm), never
//! a key first met on the wire, so a man in the middle on the first visit, or
//! when IndexedDB is unavailable, cannot get his key trusted. The portal moves
//! to a new key by rotation statements signed with the old one, which the
//! device follows and remembers; and a catalog older than the saved one is
//! refused, however genuine its signature. The rules are
//! `tokhai_core::catalog::trust`; here are WebCrypto and IndexedDB.

use std::sync::OnceLock;

use serde_json::Value;
use tokhai_core::catalog::trust::{self, CheckKind, TrustError, TrustState, TrustedKey};
use tokhai_core::catalog::Catalog;
use tokhai_core::i18n::Text;
use tokhai_core::jose;

use crate::crypto::{self, PublicPoint};
use crate::messages;
use crate::storage::catalog::CachedCatalog;
use crate::storage::records::{from_js, to_js};
use crate::storage::{schema::KEYS, Db};

/// Key of the device's trust state (the key it rotated to, retired keys) in the keys store.
const TRUST: &str = "portal-trust";

/// The portal keys this build trusts.
pub fn anchors() -> &'static [TrustedKey] {
    static ANCHORS: OnceLock<Vec<TrustedKey>> = OnceLock::new();
    ANCHORS.get_or_init(|| {
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/portal-anchors.json"))).unwrap_or_default()
    })
}

/// What this device remembers of the portal's keys beyond the anchors.
pub async fn state(db: Option<&Db>) -> TrustState {
    match db {
        Some(db) => db.get(KEYS, TRUST).await.ok().flatten().and_then(|v| from_js(v).ok()).unwrap_or_default(),
        None => TrustState::default(),
    }
}

/// The thumbprint of the key this device trusts now (for display).
pub async fn trusted_kid(db: Option<&Db>) -> Option<String> {
    state(db).await.trusted(anchors()).map(|k| k.kid.clone())
}

/// Whether a catalog saved on this device may still be shown and compared
/// with: signed by a key this build or device trusts or trusted before. (A
/// catalog saved under a key an earlier app pinned on first use may be a
/// stranger's; it is neither shown nor allowed to hold the version back.)
pub async fn vouches_for(db: Option<&Db>, saved: &CachedCatalog) -> bool {
    let Some(kid) = saved.signature.as_deref().and_then(trust::signer_kid) else { return false };
    state(db).await.vouches_for_saved(anchors(), &kid)
}

/// Accepts a catalog `body` with its detached `signature` and the portal's
/// `rotations`: every signature verifies (WebCrypto), the catalog parses, it
/// is not older than the saved one; then the device remembers any key
/// rotation it followed. Returns the parsed catalog.
pub async fn accept(db: Option<&Db>, body: &str, signature: Option<&str>, rotations: &[String]) -> Result<Catalog, Text> {
    let before = state(db).await;
    let plan = trust::plan(anchors(), &before, signature, body.as_bytes(), rotations)
        .map_err(|e| messages::catalog_trust(&e))?;
    for check in &plan.checks {
        let point = PublicPoint { x: check.key.x.clone(), y: check.key.y.clone() };
        let ok = crypto::verify_es256(&point, &check.input, &check.signature).await.map_err(|e| messages::crypto(&e))?;
        if !ok {
            let e = match check.kind {
                CheckKind::Catalog => TrustError::BadSignature,
                CheckKind::Rotation => TrustError::BadRotation("the signature does not verify".into()),
            };
            return Err(messages::catalog_trust(&e));
        }
    }
    let parsed = Catalog::parse(body, crate::patterns::patterns()).map_err(|e| messages::catalog(&e))?;
    if let Some(db) = db {
        if let Ok(Some(saved)) = db.cached_catalog().await {
            if vouches_for(Some(db), &saved).await {
                let v: Value = serde_json::from_str(&saved.body).unwrap_or(Value::Null);
                if let (Some(id), Some(version)) = (v["id"].as_str(), v["version"].as_str()) {
                    trust::check_version(Some((id, version)), &parsed.header.id, &parsed.header.version)
                        .map_err(|e| messages::catalog_trust(&e))?;
                }
            }
        }
        if plan.state != before {
            if let Ok(v) = to_js(&plan.state) {
                let _ = db.put(KEYS, Some(TRUST), &v).await;
            }
        }
    }
    Ok(parsed)
}

/// A signed catalog file (flattened JWS JSON: `protected`, `payload`,
/// `signature`): returns the catalog body and its compact signature, once
/// [`accept`]ed.
pub async fn open_file(db: Option<&Db>, text: &str) -> Result<(String, String), Text> {
    let v: Value = serde_json::from_str(text).map_err(|_| messages::not_a_catalog_file())?;
    let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned).ok_or_else(messages::not_a_catalog_file);
    let (protected, payload, signature) = (field("protected")?, field("payload")?, field("signature")?);
    let body = jose::b64u_decode(&payload).map_err(|_| messages::not_a_catalog_file())?;
    let body = String::from_utf8(body).map_err(|_| messages::not_a_catalog_file())?;
    let compact = format!("{protected}..{signature}");
    accept(db, &body, Some(&compact), &[]).await?;
    Ok((body, compact))
}
