//! WebCrypto for the device key and for checking signatures.
//!
//! The device key is an ECDSA P-256 pair created once per device. Its private
//! half is created non-extractable: the browser can sign with it, but no
//! script — ours included — can ever read it. IndexedDB stores the `CryptoKey`
//! objects themselves (structured clone), so the key survives reloads.
//! ES256 signatures from WebCrypto are the raw 64-byte r‖s that JWS wants.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

use crate::storage::{schema::KEYS, Db, StorageError};

/// Key of the device key pair in the keys store.
const DEVICE: &str = "device";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CryptoError {
    #[error("WebCrypto is unavailable (an insecure page, or a very old browser)")]
    Unavailable,
    #[error("WebCrypto failed: {0}")]
    Failed(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

pub(crate) fn subtle() -> Result<SubtleCrypto, CryptoError> {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok()).ok_or(CryptoError::Unavailable)?;
    // `crypto.subtle` is undefined outside secure contexts.
    Reflect::get(&crypto, &JsValue::from_str("subtle")).ok().filter(|s| !s.is_undefined()).ok_or(CryptoError::Unavailable)?;
    Ok(crypto.subtle())
}

pub(crate) fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn ec_params() -> Object {
    obj(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())])
}

fn ecdsa_sha256() -> Object {
    obj(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())])
}

pub(crate) fn usages(list: &[&str]) -> JsValue {
    list.iter().map(|u| JsValue::from_str(u)).collect::<Array>().into()
}

pub(crate) async fn wait(p: Result<js_sys::Promise, JsValue>) -> Result<JsValue, CryptoError> {
    let p = p.map_err(|e| CryptoError::Failed(format!("{e:?}")))?;
    JsFuture::from(p).await.map_err(|e| {
        CryptoError::Failed(e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| format!("{e:?}")))
    })
}

/// A P-256 public key as JWK coordinates (base64url, unpadded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicPoint {
    pub x: String,
    pub y: String,
}

/// This device's signing key.
#[derive(Clone)]
pub struct DeviceKey {
    private: CryptoKey,
    public: CryptoKey,
    point: PublicPoint,
}

impl DeviceKey {
    /// The device key, created (and stored) on first use.
    pub async fn load_or_create(db: &Db) -> Result<DeviceKey, CryptoError> {
        if let Some(stored) = db.get(KEYS, DEVICE).await? {
            let private: CryptoKey = Reflect::get(&stored, &"privateKey".into()).ok().and_then(|k| k.dyn_into().ok()).ok_or_else(|| CryptoError::Failed("stored device key is damaged".into()))?;
            let public: CryptoKey = Reflect::get(&stored, &"publicKey".into()).ok().and_then(|k| k.dyn_into().ok()).ok_or_else(|| CryptoError::Failed("stored device key is damaged".into()))?;
            let point = export_point(&public).await?;
            return Ok(DeviceKey { private, public, point });
        }
        let subtle = subtle()?;
        // extractable = false: applies to the private key; public keys are always exportable.
        let pair = wait(subtle.generate_key_with_object(&ec_params(), false, &usages(&["sign", "verify"]))).await?;
        let private: CryptoKey = Reflect::get(&pair, &"privateKey".into()).map_err(|_| CryptoError::Failed("no private key".into()))?.unchecked_into();
        let public: CryptoKey = Reflect::get(&pair, &"publicKey".into()).map_err(|_| CryptoError::Failed("no public key".into()))?.unchecked_into();
        let record = obj(&[("privateKey", private.clone().into()), ("publicKey", public.clone().into()), ("createdAt", js_sys::Date::now().into())]);
        db.put(KEYS, Some(DEVICE), &record).await?;
        let point = export_point(&public).await?;
        Ok(DeviceKey { private, public, point })
    }

    pub fn public_point(&self) -> &PublicPoint {
        &self.point
    }

    /// Whether the private key can be read by scripts (it must not be).
    pub fn private_extractable(&self) -> bool {
        self.private.extractable()
    }

    /// ES256 over `data`: 64 bytes, r‖s.
    pub async fn sign(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let sig = wait(subtle()?.sign_with_object_and_u8_array(&ecdsa_sha256(), &self.private, data)).await?;
        Ok(Uint8Array::new(&sig).to_vec())
    }

    /// Checks a signature made with this device's key.
    pub async fn verify(&self, data: &[u8], signature: &[u8]) -> Result<bool, CryptoError> {
        verify_with_key(&self.public, data, signature).await
    }
}

async fn export_point(public: &CryptoKey) -> Result<PublicPoint, CryptoError> {
    let jwk = wait(subtle()?.export_key("jwk", public)).await?;
    let get = |k: &str| Reflect::get(&jwk, &JsValue::from_str(k)).ok().and_then(|v| v.as_string());
    Ok(PublicPoint {
        x: get("x").ok_or_else(|| CryptoError::Failed("exported key has no x".into()))?,
        y: get("y").ok_or_else(|| CryptoError::Failed("exported key has no y".into()))?,
    })
}

async fn verify_with_key(key: &CryptoKey, data: &[u8], signature: &[u8]) -> Result<bool, CryptoError> {
    let ok = wait(subtle()?.verify_with_object_and_u8_array_and_u8_array(&ecdsa_sha256(), key, signature, data)).await?;
    Ok(ok.as_bool().unwrap_or(false))
}

/// Checks an ES256 signature by the public key `point` (e.g. the key in a
/// bundle's JWS header, or the portal's pinned catalog key).
pub async fn verify_es256(point: &PublicPoint, data: &[u8], signature: &[u8]) -> Result<bool, CryptoError> {
    let jwk = obj(&[
        ("kty", "EC".into()),
        ("crv", "P-256".into()),
        ("x", point.x.as_str().into()),
        ("y", point.y.as_str().into()),
        ("ext", true.into()),
    ]);
    let key: CryptoKey = wait(subtle()?.import_key_with_object("jwk", &jwk, &ec_params(), true, &usages(&["verify"])))
        .await?
        .unchecked_into();
    verify_with_key(&key, data, signature).await
}

/// SHA-256 with WebCrypto (fast native code, for large attachments).
pub async fn sha256(data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let d = wait(subtle()?.digest_with_str_and_u8_array("SHA-256", data)).await?;
    Ok(Uint8Array::new(&d).to_vec())
}
