//! Drafts in IndexedDB. A record holds the draft as JSON plus the few fields
//! the store indexes. Deleting is two-phase: a draft is first marked deleted
//! (the list hides it and offers "Hoàn tác"), then purged with its attachments
//! in one transaction.

use rexie::{KeyRange, TransactionMode};
use tokhai_core::draft::Draft;
use wasm_bindgen::JsValue;

use super::records::{get_f64, get_str, Record};
use super::schema::{ATTACHMENTS, DRAFTS};
use super::{Db, StorageError};

fn record(draft: &Draft, deleted_at: Option<f64>) -> Result<JsValue, StorageError> {
    let body = serde_json::to_string(draft).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let mut r = Record::new()
        .set("id", draft.id.as_str())
        .set("procedure", draft.procedure.as_str())
        .set("updatedAt", draft.updated_at as f64)
        .set("body", body);
    if let Some(at) = deleted_at {
        r = r.set("deletedAt", at);
    }
    Ok(r.into_js())
}

fn parse(record: &JsValue) -> Result<Draft, StorageError> {
    let body = get_str(record, "body").ok_or_else(|| StorageError::Corrupt("draft record without body".into()))?;
    serde_json::from_str(&body).map_err(|e| StorageError::Corrupt(e.to_string()))
}

impl Db {
    /// Saves (creates or replaces) a draft; returns once committed.
    pub async fn save_draft(&self, draft: &Draft) -> Result<(), StorageError> {
        self.put(DRAFTS, None, &record(draft, None)?).await
    }

    /// The draft with this id, unless it was deleted.
    pub async fn draft(&self, id: &str) -> Result<Option<Draft>, StorageError> {
        match self.get(DRAFTS, id).await? {
            Some(r) if get_f64(&r, "deletedAt").is_none() => Ok(Some(parse(&r)?)),
            _ => Ok(None),
        }
    }

    /// Every draft not deleted, newest change first. A record that cannot be
    /// read is reported, not dropped (it stays in the database).
    pub async fn drafts(&self) -> Result<(Vec<Draft>, usize), StorageError> {
        let mut out = Vec::new();
        let mut unreadable = 0;
        for r in self.get_all(DRAFTS).await? {
            if get_f64(&r, "deletedAt").is_some() {
                continue;
            }
            match parse(&r) {
                Ok(d) => out.push(d),
                Err(_) => unreadable += 1,
            }
        }
        out.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
        Ok((out, unreadable))
    }

    /// Hides a draft (undoable until [`Db::purge_deleted`]).
    pub async fn mark_draft_deleted(&self, id: &str, at: f64) -> Result<(), StorageError> {
        let Some(r) = self.get(DRAFTS, id).await? else { return Ok(()) };
        let draft = parse(&r)?;
        self.put(DRAFTS, None, &record(&draft, Some(at))?).await
    }

    pub async fn restore_draft(&self, id: &str) -> Result<(), StorageError> {
        let Some(r) = self.get(DRAFTS, id).await? else { return Ok(()) };
        let draft = parse(&r)?;
        self.put(DRAFTS, None, &record(&draft, None)?).await
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
        let tx = self.rexie.transaction(&[DRAFTS, ATTACHMENTS], TransactionMode::ReadWrite)?;
        let attachments = tx.store(ATTACHMENTS)?;
        let range = KeyRange::only(&JsValue::from_str(id))?;
        let keys = attachments.index("draftId")?.get_all_keys(Some(range), None).await?;
        for key in keys {
            attachments.delete(key).await?;
        }
        tx.store(DRAFTS)?.delete(JsValue::from_str(id)).await?;
        tx.done().await?;
        Ok(())
    }
}
