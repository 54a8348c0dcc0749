//! AES-GCM under a key derived from the citizen's PIN (PBKDF2-SHA-256), all
//! in WebCrypto. The derived key is non-extractable and lives only in memory:
//! closing or locking a session forgets it, and only the PIN brings it back.

use js_sys::Uint8Array;
use tokhai_core::jose::{b64u_decode, b64u_encode};
use tokhai_core::session::Sealed;
use wasm_bindgen::JsCast;
use web_sys::CryptoKey;

use crate::crypto::{obj, subtle, usages, wait, CryptoError};

/// Random bytes from the browser's CSPRNG. An error, never zeros: a repeated
/// AES-GCM nonce would give away what it protects.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut b = [0u8; N];
    let c = web_sys::window().and_then(|w| w.crypto().ok()).ok_or(CryptoError::Unavailable)?;
    c.get_random_values_with_u8_array(&mut b).map_err(|e| CryptoError::Failed(format!("getRandomValues: {e:?}")))?;
    Ok(b)
}

/// The AES-256-GCM key for `pin` and `salt`.
pub async fn derive_key(pin: &str, salt: &[u8], iterations: u32) -> Result<CryptoKey, CryptoError> {
    let subtle = subtle()?;
    let raw = Uint8Array::from(pin.as_bytes());
    let base: CryptoKey = wait(subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages(&["deriveKey"])))
        .await?
        .unchecked_into();
    let params = obj(&[
        ("name", "PBKDF2".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
        ("hash", "SHA-256".into()),
    ]);
    let aes = obj(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    Ok(wait(subtle.derive_key_with_object_and_object(&params, &base, &aes, false, &usages(&["encrypt", "decrypt"])))
        .await?
        .unchecked_into())
}

pub async fn encrypt(key: &CryptoKey, plain: &[u8]) -> Result<(Vec<u8>, Vec<u8>), CryptoError> {
    let iv = random_bytes::<12>()?;
    let params = obj(&[("name", "AES-GCM".into()), ("iv", Uint8Array::from(&iv[..]).into())]);
    let ct = wait(subtle()?.encrypt_with_object_and_u8_array(&params, key, plain)).await?;
    Ok((iv.to_vec(), Uint8Array::new(&ct).to_vec()))
}

/// `Err` when the key is wrong or the data was altered (GCM authenticates it).
pub async fn decrypt(key: &CryptoKey, iv: &[u8], ct: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let params = obj(&[("name", "AES-GCM".into()), ("iv", Uint8Array::from(iv).into())]);
    let plain = wait(subtle()?.decrypt_with_object_and_u8_array(&params, key, ct)).await?;
    Ok(Uint8Array::new(&plain).to_vec())
}

pub async fn seal(key: &CryptoKey, plain: &[u8]) -> Result<Sealed, CryptoError> {
    let (iv, ct) = encrypt(key, plain).await?;
    Ok(Sealed { iv: b64u_encode(&iv), ct: b64u_encode(&ct) })
}

pub async fn open(key: &CryptoKey, sealed: &Sealed) -> Result<Vec<u8>, CryptoError> {
    let iv = b64u_decode(&sealed.iv).map_err(|e| CryptoError::Failed(e.to_string()))?;
    let ct = b64u_decode(&sealed.ct).map_err(|e| CryptoError::Failed(e.to_string()))?;
    decrypt(key, &iv, &ct).await
}
