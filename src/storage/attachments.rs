//! Attachments: the files of a draft's document slots, stored as Blobs (the
//! browser keeps them on disk). While a session is open, the file and its
//! name are encrypted under the session's key; the record then shows only
//! which draft and slot it belongs to, its type and size.

use js_sys::{Array, Uint8Array};
use idb::{KeyRange, Query};
use serde::{Deserialize, Serialize};
use tokhai_core::session::Sealed;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag};

use super::records::{from_js, get, get_f64, get_str, to_js, Record};
use super::schema::ATTACHMENTS;
use super::{Db, StorageError};
use crate::session::{self, cipher};

/// The personal part of an attachment's metadata (encrypted in a session).
#[derive(Serialize, Deserialize)]
struct Private {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
}

fn blob_of(bytes: &[u8], media_type: &str) -> Blob {
    let parts = Array::of1(&Uint8Array::from(bytes).into());
    let opts = BlobPropertyBag::new();
    opts.set_type(media_type);
    Blob::new_with_u8_array_sequence_and_options(&parts, &opts).expect("a Blob from bytes")
}

async fn bytes_of(b: &Blob) -> Result<Vec<u8>, StorageError> {
    let buf = wasm_bindgen_futures::JsFuture::from(b.array_buffer()).await.map_err(|_| StorageError::Corrupt("unreadable blob".into()))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

fn crypto_err(e: crate::crypto::CryptoError) -> StorageError {
    StorageError::Other(e.to_string())
}

/// The vault for a record's session, or `Locked`.
fn vault_for(r: &JsValue) -> Result<Option<session::Vault>, StorageError> {
    match get_str(r, "session") {
        Some(sid) => session::vault().filter(|v| v.session == sid).map(Some).ok_or(StorageError::Locked(sid)),
        None => Ok(None),
    }
}

/// An attachment without its bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct AttachmentMeta {
    pub id: String,
    pub draft_id: String,
    /// Document slot id.
    pub slot: String,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    /// Unix milliseconds.
    pub created_at: f64,
    /// Pixel size, for photos.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

async fn meta(r: &JsValue) -> Result<AttachmentMeta, StorageError> {
    let field = |k: &str| get_str(r, k).ok_or_else(|| StorageError::Corrupt(format!("attachment without {k}")));
    let private = match vault_for(r)? {
        Some(v) => {
            let sealed: Sealed = from_js(get(r, "enc").ok_or_else(|| StorageError::Corrupt("no ciphertext".into()))?)?;
            let plain = cipher::open(&v.key, &sealed).await.map_err(crypto_err)?;
            serde_json::from_slice(&plain).map_err(|e| StorageError::Corrupt(e.to_string()))?
        }
        None => Private {
            name: get_str(r, "name").unwrap_or_default(),
            width: get_f64(r, "width").map(|w| w as u32),
            height: get_f64(r, "height").map(|h| h as u32),
        },
    };
    Ok(AttachmentMeta {
        id: field("id")?,
        draft_id: field("draftId")?,
        slot: field("slot")?,
        name: private.name,
        media_type: get_str(r, "mediaType").unwrap_or_default(),
        size: get_f64(r, "size").unwrap_or(0.0) as u64,
        created_at: get_f64(r, "createdAt").unwrap_or(0.0),
        width: private.width,
        height: private.height,
    })
}

pub(super) async fn record(m: &AttachmentMeta, blob: &Blob) -> Result<JsValue, StorageError> {
    let r = Record::new()
        .set("id", m.id.as_str())
        .set("draftId", m.draft_id.as_str())
        .set("slot", m.slot.as_str())
        .set("mediaType", m.media_type.as_str())
        .set("size", m.size as f64)
        .set("createdAt", m.created_at);
    let private = Private { name: m.name.clone(), width: m.width, height: m.height };
    Ok(match session::vault() {
        Some(v) => {
            let meta = serde_json::to_vec(&private).map_err(|e| StorageError::Corrupt(e.to_string()))?;
            let enc = cipher::seal(&v.key, &meta).await.map_err(crypto_err)?;
            let (iv, ct) = cipher::encrypt(&v.key, &bytes_of(blob).await?).await.map_err(crypto_err)?;
            r.set("session", v.session.as_str())
                .set("enc", to_js(&enc)?)
                .set("iv", Uint8Array::from(&iv[..]))
                .set("blob", blob_of(&ct, "application/octet-stream"))
                .into_js()
        }
        None => {
            let mut r = r.set("name", private.name.as_str()).set("blob", blob.clone());
            if let (Some(w), Some(h)) = (m.width, m.height) {
                r = r.set("width", w).set("height", h);
            }
            r.into_js()
        }
    })
}

impl Db {
    pub async fn put_attachment(&self, m: &AttachmentMeta, blob: &Blob) -> Result<(), StorageError> {
        let r = record(m, blob).await?;
        self.put(ATTACHMENTS, None, &r).await
    }

    /// A draft's attachments, oldest first.
    pub async fn attachments_of(&self, draft_id: &str) -> Result<Vec<AttachmentMeta>, StorageError> {
        let tx = self.read(&[ATTACHMENTS])?;
        let range = Query::from(KeyRange::only(&JsValue::from_str(draft_id))?);
        let records = tx.store(ATTACHMENTS)?.index("draftId")?.get_all(Some(range), None)?.await?;
        tx.commit().await?;
        let mut out: Vec<AttachmentMeta> = Vec::new();
        for r in &records {
            out.push(meta(r).await?);
        }
        out.sort_by(|a, b| a.created_at.total_cmp(&b.created_at));
        Ok(out)
    }

    /// The files of one document slot of a draft (through the `bySlot` index).
    pub async fn attachments_in_slot(&self, draft_id: &str, slot: &str) -> Result<Vec<AttachmentMeta>, StorageError> {
        let tx = self.read(&[ATTACHMENTS])?;
        let key = js_sys::Array::of2(&JsValue::from_str(draft_id), &JsValue::from_str(slot));
        let range = Query::from(KeyRange::only(&key)?);
        let records = tx.store(ATTACHMENTS)?.index("bySlot")?.get_all(Some(range), None)?.await?;
        tx.commit().await?;
        let mut out = Vec::new();
        for r in &records {
            out.push(meta(r).await?);
        }
        Ok(out)
    }

    /// The file itself (decrypted when it belongs to the open session).
    pub async fn attachment_blob(&self, id: &str) -> Result<Option<Blob>, StorageError> {
        let Some(r) = self.get(ATTACHMENTS, id).await? else { return Ok(None) };
        let Some(blob) = get(&r, "blob").and_then(|b| b.dyn_into::<Blob>().ok()) else { return Ok(None) };
        match vault_for(&r)? {
            Some(v) => {
                let iv = get(&r, "iv").map(|i| Uint8Array::new(&i).to_vec()).unwrap_or_default();
                let plain = cipher::decrypt(&v.key, &iv, &bytes_of(&blob).await?).await.map_err(crypto_err)?;
                Ok(Some(blob_of(&plain, &get_str(&r, "mediaType").unwrap_or_default())))
            }
            None => Ok(Some(blob)),
        }
    }

    pub async fn delete_attachment(&self, id: &str) -> Result<(), StorageError> {
        self.delete(ATTACHMENTS, id).await
    }

    /// A draft's attachments with their files (decrypted in the open
    /// session), re-addressed to the draft `to` under new ids: what a copy of
    /// the draft stores with [`Db::create_draft`]. Blobs are shared by
    /// reference, not read into memory.
    pub async fn attachments_for_copy(
        &self,
        from: &str,
        to: &str,
        mut new_id: impl FnMut() -> String,
    ) -> Result<Vec<(AttachmentMeta, Blob)>, StorageError> {
        let mut out = Vec::new();
        for m in self.attachments_of(from).await? {
            let Some(blob) = self.attachment_blob(&m.id).await? else { continue };
            out.push((AttachmentMeta { id: new_id(), draft_id: to.to_owned(), ..m }, blob));
        }
        Ok(out)
    }
}
