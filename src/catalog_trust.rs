//! Trusting the catalog. The portal signs every catalog it serves (ES256 over
//! the exact body bytes, detached JWS in the `Tokhai-Signature` header; for a
//! catalog carried on a file, a flattened JWS). The app pins the portal's key
//! the first time it sees it — trust on first use — and afterwards refuses a
//! catalog that this key did not sign, keeping the one it has.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokhai_core::i18n::Text;
use tokhai_core::jose::{self, jwk::EcPublicJwk};

use crate::crypto::{self, PublicPoint};
use crate::storage::records::{from_js, to_js};
use crate::storage::{schema::KEYS, Db};

/// Key of the pinned portal key in the keys store.
const PORTAL: &str = "portal";

/// The portal key this device trusts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinnedKey {
    pub kid: String,
    pub x: String,
    pub y: String,
}

pub async fn pinned(db: &Db) -> Option<PinnedKey> {
    db.get(KEYS, PORTAL).await.ok().flatten().and_then(|v| from_js(v).ok())
}

/// Checks `signature` (compact, detached) over `body` against the pinned key,
/// pinning the signer's key if none is pinned yet.
pub async fn verify(db: Option<&Db>, body: &[u8], signature: Option<&str>) -> Result<(), Text> {
    let signature = signature.filter(|s| !s.is_empty()).ok_or_else(unsigned)?;
    let (header, protected_b64, sig) = jose::parse_detached(signature).map_err(|_| bad_signature())?;
    let pin = match db {
        Some(db) => pinned(db).await,
        None => None,
    };
    let key = match &pin {
        Some(p) if p.kid != header.kid => return Err(other_key()),
        Some(p) => PublicPoint { x: p.x.clone(), y: p.y.clone() },
        None => {
            let jwk: &EcPublicJwk = header.jwk.as_ref().ok_or_else(bad_signature)?;
            if jwk.thumbprint() != header.kid {
                return Err(bad_signature());
            }
            PublicPoint { x: jwk.x.clone(), y: jwk.y.clone() }
        }
    };
    let input = jose::signing_input(&protected_b64, body);
    let ok = crypto::verify_es256(&key, &input, &sig).await.map_err(|e| crate::messages::crypto(&e))?;
    if !ok {
        return Err(bad_signature());
    }
    if pin.is_none() {
        if let Some(db) = db {
            let p = PinnedKey { kid: header.kid.clone(), x: key.x, y: key.y };
            if let Ok(v) = to_js(&p) {
                let _ = db.put(KEYS, Some(PORTAL), &v).await;
            }
        }
    }
    Ok(())
}

/// A signed catalog file (flattened JWS JSON: `protected`, `payload`,
/// `signature`): returns the verified catalog body and its compact signature.
pub async fn open_file(db: Option<&Db>, text: &str) -> Result<(String, String), Text> {
    let v: Value = serde_json::from_str(text).map_err(|_| not_a_catalog_file())?;
    let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned).ok_or_else(not_a_catalog_file);
    let (protected, payload, signature) = (field("protected")?, field("payload")?, field("signature")?);
    let body = jose::b64u_decode(&payload).map_err(|_| not_a_catalog_file())?;
    let compact = format!("{protected}..{signature}");
    verify(db, &body, Some(&compact)).await?;
    let body = String::from_utf8(body).map_err(|_| not_a_catalog_file())?;
    Ok((body, compact))
}

fn unsigned() -> Text {
    Text::new(
        "Danh mục nhận được không có chữ ký của cổng dịch vụ công nên không được dùng. Ứng dụng giữ danh mục đã lưu.",
        "The catalog received is not signed by the portal, so it is not used. The app keeps the saved catalog.",
    )
}

fn bad_signature() -> Text {
    Text::new(
        "Chữ ký của danh mục nhận được không hợp lệ nên danh mục không được dùng. Ứng dụng giữ danh mục đã lưu.",
        "The catalog's signature is not valid, so it is not used. The app keeps the saved catalog.",
    )
}

fn other_key() -> Text {
    Text::new(
        "Danh mục nhận được được ký bằng khoá khác với khoá của cổng dịch vụ công mà máy này tin cậy, nên không được dùng. Ứng dụng giữ danh mục đã lưu.",
        "The catalog received was signed with a key other than the portal key this device trusts, so it is not used. The app keeps the saved catalog.",
    )
}

fn not_a_catalog_file() -> Text {
    Text::new("Tệp này không phải là tệp danh mục thủ tục có chữ ký.", "This file is not a signed procedure catalog.")
}
