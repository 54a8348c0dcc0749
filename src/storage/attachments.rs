//! Attachments: the files of a draft's document slots, stored as Blobs (the
//! browser keeps them on disk; they never pass through wasm memory).

use rexie::{KeyRange, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

use super::records::{get, get_f64, get_str, Record};
use super::schema::ATTACHMENTS;
use super::{Db, StorageError};

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

fn meta(r: &JsValue) -> Option<AttachmentMeta> {
    Some(AttachmentMeta {
        id: get_str(r, "id")?,
        draft_id: get_str(r, "draftId")?,
        slot: get_str(r, "slot")?,
        name: get_str(r, "name").unwrap_or_default(),
        media_type: get_str(r, "mediaType").unwrap_or_default(),
        size: get_f64(r, "size").unwrap_or(0.0) as u64,
        created_at: get_f64(r, "createdAt").unwrap_or(0.0),
        width: get_f64(r, "width").map(|w| w as u32),
        height: get_f64(r, "height").map(|h| h as u32),
    })
}

fn record(m: &AttachmentMeta, blob: &Blob) -> JsValue {
    let mut r = Record::new()
        .set("id", m.id.as_str())
        .set("draftId", m.draft_id.as_str())
        .set("slot", m.slot.as_str())
        .set("name", m.name.as_str())
        .set("mediaType", m.media_type.as_str())
        .set("size", m.size as f64)
        .set("createdAt", m.created_at)
        .set("blob", blob.clone());
    if let (Some(w), Some(h)) = (m.width, m.height) {
        r = r.set("width", w).set("height", h);
    }
    r.into_js()
}

impl Db {
    pub async fn put_attachment(&self, m: &AttachmentMeta, blob: &Blob) -> Result<(), StorageError> {
        self.put(ATTACHMENTS, None, &record(m, blob)).await
    }

    /// A draft's attachments, oldest first.
    pub async fn attachments_of(&self, draft_id: &str) -> Result<Vec<AttachmentMeta>, StorageError> {
        let tx = self.rexie.transaction(&[ATTACHMENTS], TransactionMode::ReadOnly)?;
        let range = KeyRange::only(&JsValue::from_str(draft_id))?;
        let records = tx.store(ATTACHMENTS)?.index("draftId")?.get_all(Some(range), None).await?;
        tx.done().await?;
        let mut out: Vec<AttachmentMeta> = records.iter().filter_map(meta).collect();
        out.sort_by(|a, b| a.created_at.total_cmp(&b.created_at));
        Ok(out)
    }

    /// The files of one document slot of a draft (through the `bySlot` index).
    pub async fn attachments_in_slot(&self, draft_id: &str, slot: &str) -> Result<Vec<AttachmentMeta>, StorageError> {
        let tx = self.rexie.transaction(&[ATTACHMENTS], TransactionMode::ReadOnly)?;
        let key = js_sys::Array::of2(&JsValue::from_str(draft_id), &JsValue::from_str(slot));
        let range = KeyRange::only(&key)?;
        let records = tx.store(ATTACHMENTS)?.index("bySlot")?.get_all(Some(range), None).await?;
        tx.done().await?;
        Ok(records.iter().filter_map(meta).collect())
    }

    pub async fn attachment_blob(&self, id: &str) -> Result<Option<Blob>, StorageError> {
        Ok(self.get(ATTACHMENTS, id).await?.and_then(|r| get(&r, "blob")).and_then(|b| b.dyn_into::<Blob>().ok()))
    }

    pub async fn delete_attachment(&self, id: &str) -> Result<(), StorageError> {
        self.delete(ATTACHMENTS, id).await
    }

    /// Copies a draft's attachments to another draft (for "Nhân bản"); `new_id`
    /// names each copy. Blobs are shared by reference, not duplicated in memory.
    pub async fn copy_attachments(
        &self,
        from: &str,
        to: &str,
        mut new_id: impl FnMut() -> String,
    ) -> Result<usize, StorageError> {
        let originals = self.attachments_of(from).await?;
        for m in &originals {
            let Some(blob) = self.attachment_blob(&m.id).await? else { continue };
            let copy = AttachmentMeta { id: new_id(), draft_id: to.to_owned(), ..m.clone() };
            self.put_attachment(&copy, &blob).await?;
        }
        Ok(originals.len())
    }
}
