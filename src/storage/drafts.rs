//! Drafts in IndexedDB. A record holds the draft as JSON plus the few fields
//! the store indexes. While a session is open (a citizen on a shared device,
//! or a PIN-locked phone) the JSON is encrypted under the session's key and
//! the record names only the session: nothing in it identifies the citizen.
//! Deleting is two-phase: a draft is first marked deleted (the list hides it
//! and offers "Hoàn tác"), then purged with its attachments in one transaction.

use std::collections::BTreeMap;

use js_sys::Reflect;
use idb::{KeyRange, Query};
use tokhai_core::draft::Draft;
use tokhai_core::session::Sealed;
use wasm_bindgen::JsValue;

use super::records::{from_js, get, get_f64, get_str, to_js, Record};
use super::schema::{ATTACHMENTS, DRAFTS};
use super::{Db, StorageError};
use crate::session::{self, cipher};

/// The drafts this device can show now.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftList {
    /// Readable drafts (unencrypted, or of the open session), newest change first.
    pub drafts: Vec<Draft>,
    /// Drafts of locked sessions, counted per session id.
    pub locked: BTreeMap<String, usize>,
    /// Records that could not be read (kept, not dropped).
    pub unreadable: usize,
}

async fn record(draft: &Draft, rev: Option<&Revision>) -> Result<JsValue, StorageError> {
    let body = serde_json::to_string(draft).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let mut r = Record::new()
        .set("id", draft.id.as_str())
        .set("procedure", draft.procedure.as_str())
        .set("updatedAt", draft.updated_at as f64);
    if let Some(rev) = rev {
        r = r.set("writer", rev.writer.as_str()).set("seq", rev.seq as f64);
    }
    Ok(match session::vault() {
        Some(v) => {
            let sealed = cipher::seal(&v.key, body.as_bytes()).await.map_err(|e| StorageError::Other(e.to_string()))?;
            r.set("session", v.session.as_str()).set("enc", to_js(&sealed)?).into_js()
        }
        None => r.set("body", body).into_js(),
    })
}

async fn parse(record: &JsValue) -> Result<Draft, StorageError> {
    let body = match get_str(record, "session") {
        Some(sid) => {
            let vault = session::vault().filter(|v| v.session == sid).ok_or(StorageError::Locked(sid))?;
            let sealed: Sealed = from_js(get(record, "enc").ok_or_else(|| StorageError::Corrupt("no ciphertext".into()))?)?;
            let plain = cipher::open(&vault.key, &sealed).await.map_err(|_| StorageError::Corrupt("undecryptable draft".into()))?;
            String::from_utf8(plain).map_err(|e| StorageError::Corrupt(e.to_string()))?
        }
        None => get_str(record, "body").ok_or_else(|| StorageError::Corrupt("draft record without body".into()))?,
    };
    serde_json::from_str(&body).map_err(|e| StorageError::Corrupt(e.to_string()))
}

/// Whether a record may be written by the open session (a draft never moves
/// between sessions; an unencrypted draft may be taken into one).
fn writable(existing: &JsValue) -> Result<(), StorageError> {
    match get_str(existing, "session") {
        Some(sid) if session::vault().map(|v| v.session) != Some(sid.clone()) => Err(StorageError::Locked(sid)),
        _ => Ok(()),
    }
}

/// Which save of one editor a record holds: autosave's writes may finish out
/// of order (encryption is asynchronous), so each carries its editor and a
/// count that only grows, and an older write never replaces a newer one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    /// One editing of the draft (an autosave), random.
    pub writer: String,
    /// That editor's change count when the snapshot was taken.
    pub seq: u64,
}

impl Db {
    /// Saves (creates or replaces) a draft, encrypted if a session is open;
    /// returns once committed. A draft of another (locked) session is refused.
    pub async fn save_draft(&self, draft: &Draft) -> Result<(), StorageError> {
        self.save_draft_revision(draft, None).await.map(|_| ())
    }

    /// [`Db::save_draft`] for an editor's snapshot: skipped (`Ok(false)`) if
    /// the record already holds a later snapshot of the same editor.
    ///
    /// The check and the write share one transaction, opened as soon as the
    /// record is ready (at once for an unencrypted draft): a save issued by a
    /// page being closed gets its request in before the page is torn down.
    pub async fn save_draft_revision(&self, draft: &Draft, rev: Option<&Revision>) -> Result<bool, StorageError> {
        let value = record(draft, rev).await?;
        let tx = self.write(&[DRAFTS])?;
        let store = tx.store(DRAFTS)?;
        if let Some(existing) = store.get(JsValue::from_str(&draft.id))?.await?.filter(|v| !v.is_undefined()) {
            writable(&existing)?;
            let newer = rev.is_some_and(|rev| {
                get_str(&existing, "writer").as_deref() == Some(rev.writer.as_str())
                    && get_f64(&existing, "seq").is_some_and(|seq| seq >= rev.seq as f64)
            });
            if newer {
                tx.commit().await?;
                return Ok(false);
            }
        }
        store.put(&value, None)?.await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Stores a draft that is new to this device with its attachments, in one
    /// transaction: both are there, or neither (a copy, a file opened). The
    /// records are made (and encrypted, in a session) before it starts.
    pub async fn create_draft(&self, draft: &Draft, files: &[(super::attachments::AttachmentMeta, web_sys::Blob)]) -> Result<(), StorageError> {
        let value = record(draft, None).await?;
        let mut attachments = Vec::with_capacity(files.len());
        for (meta, blob) in files {
            attachments.push(super::attachments::record(meta, blob).await?);
        }
        let tx = self.write(&[DRAFTS, ATTACHMENTS])?;
        let drafts = tx.store(DRAFTS)?;
        if drafts.get_key(JsValue::from_str(&draft.id))?.await?.is_some() {
            tx.abort();
            return Err(StorageError::Other(format!("a draft {} already exists", draft.id)));
        }
        drafts.put(&value, None)?.await?;
        let store = tx.store(ATTACHMENTS)?;
        for r in &attachments {
            store.put(r, None)?.await?;
        }
        tx.commit().await
    }

    /// Whether a draft record with this id exists (deleted, locked or not).
    pub async fn draft_exists(&self, id: &str) -> Result<bool, StorageError> {
        Ok(self.get(DRAFTS, id).await?.is_some())
    }

    /// The draft with this id, unless it was deleted; `Err(Locked)` if it
    /// belongs to a session that is not open.
    pub async fn draft(&self, id: &str) -> Result<Option<Draft>, StorageError> {
        match self.get(DRAFTS, id).await? {
            Some(r) if get_f64(&r, "deletedAt").is_none() => Ok(Some(parse(&r).await?)),
            _ => Ok(None),
        }
    }

    /// Every draft not deleted that this device can read now, newest change
    /// first, and how many drafts each locked session holds.
    pub async fn drafts(&self) -> Result<DraftList, StorageError> {
        let mut list = DraftList::default();
        for r in self.get_all(DRAFTS).await? {
            if get_f64(&r, "deletedAt").is_some() {
                continue;
            }
            match parse(&r).await {
                Ok(d) => list.drafts.push(d),
                Err(StorageError::Locked(sid)) => *list.locked.entry(sid).or_default() += 1,
                Err(_) => list.unreadable += 1,
            }
        }
        list.drafts.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
        Ok(list)
    }

    /// For each draft not deleted, without opening it: its session (if it
    /// has one) and when it last changed (Unix ms). The team dashboard counts
    /// these, locked sessions included.
    pub async fn draft_stamps(&self) -> Result<Vec<(Option<String>, i64)>, StorageError> {
        Ok(self
            .get_all(DRAFTS)
            .await?
            .iter()
            .filter(|r| get_f64(r, "deletedAt").is_none())
            .map(|r| (get_str(r, "session"), get_f64(r, "updatedAt").unwrap_or(0.0) as i64))
            .collect())
    }

    /// Ids of the drafts kept in the clear (made before any PIN lock).
    pub async fn plain_draft_ids(&self) -> Result<Vec<String>, StorageError> {
        Ok(self.get_all(DRAFTS).await?.iter().filter(|r| get_str(r, "session").is_none()).filter_map(|r| get_str(r, "id")).collect())
    }

    /// Hides a draft (undoable until [`Db::purge_deleted`]).
    pub async fn mark_draft_deleted(&self, id: &str, at: f64) -> Result<(), StorageError> {
        self.set_deleted(id, Some(at)).await
    }

    pub async fn restore_draft(&self, id: &str) -> Result<(), StorageError> {
        self.set_deleted(id, None).await
    }

    /// Marks or unmarks a record as deleted without opening it (it may be encrypted).
    async fn set_deleted(&self, id: &str, at: Option<f64>) -> Result<(), StorageError> {
        let Some(r) = self.get(DRAFTS, id).await? else { return Ok(()) };
        writable(&r)?;
        let key = JsValue::from_str("deletedAt");
        let _ = match at {
            Some(at) => Reflect::set(&r, &key, &JsValue::from_f64(at)),
            None => Reflect::delete_property(&r.clone().into(), &key),
        };
        self.put(DRAFTS, None, &r).await
    }

    /// Deletes, with their attachments, the drafts marked deleted before `before`.
    pub async fn purge_deleted(&self, before: f64) -> Result<usize, StorageError> {
        let doomed: Vec<String> = self
            .get_all(DRAFTS)
            .await?
            .iter()
            .filter(|r| get_f64(r, "deletedAt").is_some_and(|at| at < before))
            .filter_map(|r| get_str(r, "id"))
            .collect();
        for id in &doomed {
            self.delete_draft_now(id).await?;
        }
        Ok(doomed.len())
    }

    /// Deletes a draft and its attachments in one transaction: either both go or neither.
    pub async fn delete_draft_now(&self, id: &str) -> Result<(), StorageError> {
        let tx = self.write(&[DRAFTS, ATTACHMENTS])?;
        let attachments = tx.store(ATTACHMENTS)?;
        let range = Query::from(KeyRange::only(&JsValue::from_str(id))?);
        let keys = attachments.index("draftId")?.get_all_keys(Some(range), None)?.await?;
        for key in keys {
            attachments.delete(key)?.await?;
        }
        tx.store(DRAFTS)?.delete(JsValue::from_str(id))?.await?;
        tx.commit().await
    }
}
