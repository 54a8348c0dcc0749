//! The outbox store: each sealed bundle (a Blob, never changed again) with its
//! delivery state (`tokhai_core::outbox::Entry`) and what the outbox page
//! shows. Filing a draft moves it here in one transaction: the bundle is
//! queued and the draft and its attachments deleted together, or nothing is.

use idb::{KeyRange, Query};
use serde::{Deserialize, Serialize};
use tokhai_core::outbox::Entry;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

use super::records::{get, get_str, Record};
use super::schema::{ATTACHMENTS, DRAFTS, OUTBOX};
use super::{Db, StorageError};

/// What the outbox page shows about a bundle without opening it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleInfo {
    pub procedure: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen: Option<String>,
    /// Unix ms.
    pub sealed_at: i64,
    pub size: u64,
    /// Receiving office: the agency part of its case number (`01.00004`, `79`, `TW`).
    pub agency: String,
    /// Filed on this device (false: imported from a file).
    #[serde(default = "yes")]
    pub local: bool,
    /// The citizen session it was filed in (on shared devices, PIN-locked phones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The citizen's name, encrypted under the session key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen_enc: Option<tokhai_core::session::Sealed>,
    /// The operator who filed it (team dashboard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// When the local copy of the bundle was wiped after the retention
    /// (Unix ms); the receipt stays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wiped_at: Option<i64>,
}

fn yes() -> bool {
    true
}

/// One outbox record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outboxed {
    pub entry: Entry,
    pub info: BundleInfo,
}

/// The record of `o`; `bundle` is `None` once its local copy was wiped.
fn record(o: &Outboxed, bundle: Option<&Blob>) -> Result<JsValue, StorageError> {
    let entry = serde_json::to_string(&o.entry).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let info = serde_json::to_string(&o.info).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let r = Record::new().set("id", o.entry.id.as_str()).set("state", o.entry.state.name()).set("entry", entry).set("info", info);
    Ok(match bundle {
        Some(b) => r.set("bundle", b.clone()),
        None => r,
    }
    .into_js())
}

fn bundle_of(r: &JsValue) -> Option<Blob> {
    get(r, "bundle").and_then(|b| b.dyn_into().ok())
}

fn parse(r: &JsValue) -> Result<Outboxed, StorageError> {
    let field = |k: &str| get_str(r, k).ok_or_else(|| StorageError::Corrupt(format!("outbox record without {k}")));
    Ok(Outboxed {
        entry: serde_json::from_str(&field("entry")?).map_err(|e| StorageError::Corrupt(e.to_string()))?,
        info: serde_json::from_str(&field("info")?).map_err(|e| StorageError::Corrupt(e.to_string()))?,
    })
}

impl Db {
    /// Queues a bundle that did not come from a draft on this device (imported from a file).
    pub async fn queue_bundle(&self, o: &Outboxed, bundle: &Blob) -> Result<bool, StorageError> {
        let tx = self.write(&[OUTBOX])?;
        let store = tx.store(OUTBOX)?;
        let exists = store.get_key(JsValue::from_str(&o.entry.id))?.await?.is_some();
        if !exists {
            store.put(&record(o, Some(bundle))?, None)?.await?;
        }
        tx.commit().await?;
        Ok(!exists)
    }

    /// Files a draft: queues its sealed bundle and deletes the draft and its
    /// attachments, in one transaction.
    pub async fn file_draft(&self, draft_id: &str, o: &Outboxed, bundle: &Blob) -> Result<(), StorageError> {
        let tx = self.write(&[OUTBOX, DRAFTS, ATTACHMENTS])?;
        tx.store(OUTBOX)?.put(&record(o, Some(bundle))?, None)?.await?;
        let attachments = tx.store(ATTACHMENTS)?;
        let range = Query::from(KeyRange::only(&JsValue::from_str(draft_id))?);
        for key in attachments.index("draftId")?.get_all_keys(Some(range), None)?.await? {
            attachments.delete(key)?.await?;
        }
        tx.store(DRAFTS)?.delete(JsValue::from_str(draft_id))?.await?;
        // The draft is gone only if the bundle replacing it committed with it.
        tx.commit().await
    }

    /// Saves a new delivery state, keeping the bundle as it is.
    pub async fn update_outbox_entry(&self, entry: &Entry) -> Result<(), StorageError> {
        let tx = self.write(&[OUTBOX])?;
        let store = tx.store(OUTBOX)?;
        let Some(r) = store.get(JsValue::from_str(&entry.id))?.await? else {
            return tx.commit().await;
        };
        let current = parse(&r)?;
        let bundle = bundle_of(&r);
        if bundle.is_none() && current.info.wiped_at.is_none() {
            return Err(StorageError::Corrupt("outbox record without bundle".into()));
        }
        store.put(&record(&Outboxed { entry: entry.clone(), info: current.info }, bundle.as_ref())?, None)?.await?;
        tx.commit().await
    }

    /// Deletes the local copy of an accepted bundle, keeping its receipt and
    /// what the outbox shows. Refuses (does nothing) for a bundle not accepted.
    pub async fn wipe_bundle(&self, id: &str, at: i64) -> Result<bool, StorageError> {
        let tx = self.write(&[OUTBOX])?;
        let store = tx.store(OUTBOX)?;
        let Some(r) = store.get(JsValue::from_str(id))?.await? else {
            tx.commit().await?;
            return Ok(false);
        };
        let mut o = parse(&r)?;
        if !matches!(o.entry.state, tokhai_core::outbox::State::Accepted { .. }) || o.info.wiped_at.is_some() {
            tx.commit().await?;
            return Ok(false);
        }
        o.info.wiped_at = Some(at);
        store.put(&record(&o, None)?, None)?.await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Every outbox record (bundles stay in IndexedDB), newest first; and how
    /// many records could not be read (kept, not dropped).
    pub async fn outbox(&self) -> Result<(Vec<Outboxed>, usize), StorageError> {
        let mut out = Vec::new();
        let mut bad = 0;
        for r in self.get_all(OUTBOX).await? {
            match parse(&r) {
                Ok(o) => out.push(o),
                Err(_) => bad += 1,
            }
        }
        out.sort_by(|a, b| b.info.sealed_at.cmp(&a.info.sealed_at));
        Ok((out, bad))
    }

    pub async fn outboxed(&self, id: &str) -> Result<Option<Outboxed>, StorageError> {
        self.get(OUTBOX, id).await?.map(|r| parse(&r)).transpose()
    }

    pub async fn outbox_bundle(&self, id: &str) -> Result<Option<Blob>, StorageError> {
        Ok(self.get(OUTBOX, id).await?.as_ref().and_then(bundle_of))
    }
}
