//! The one commit path. Every read and write of the app goes through a [`Tx`],
//! and a write counts as saved only when [`Tx::commit`] returns `Ok`.
//!
//! Why this exists: browsers check the storage quota when a transaction
//! *commits*, not at `put`. A write over the quota is therefore no exception
//! at the request: the transaction ends with an `abort` event whose
//! `error` is a `QuotaExceededError`. A wrapper that only waits for "done"
//! (rexie's `done()` answered `Ok(Aborted)`) lets the app say "Đã lưu" for
//! data the browser threw away. Here an aborted transaction is always an
//! error, classified from the transaction's own `DOMException`.

use std::future::IntoFuture;

use idb::{TransactionFuture, TransactionResult};
use web_sys::{DomException, IdbTransaction};

use super::StorageError;

/// An open transaction. Its completion is watched from the moment it is
/// created, so however late [`Tx::commit`] is awaited, the outcome is known.
///
/// Dropped without [`Tx::commit`] — an early return on an error — it aborts:
/// IndexedDB would otherwise commit the writes made so far, and a half-done
/// move (a bundle queued, its draft not yet deleted) would be kept.
pub struct Tx {
    raw: IdbTransaction,
    outcome: Option<TransactionFuture>,
}

impl Tx {
    pub(super) fn new(tx: idb::Transaction) -> Tx {
        let raw: IdbTransaction = tx.into();
        // A second handle on the same transaction carries the listeners;
        // `raw` stays for reading `error` after an abort.
        let outcome = idb::Transaction::from(raw.clone()).into_future();
        Tx { raw, outcome: Some(outcome) }
    }

    /// An object store in this transaction's scope.
    pub fn store(&self, name: &str) -> Result<idb::ObjectStore, StorageError> {
        self.raw.object_store(name).map(Into::into).map_err(|e| StorageError::Other(format!("no store {name}: {e:?}")))
    }

    /// Waits for the transaction to end: `Ok` only if it committed. An abort
    /// (quota, a failed request, the browser closing the database) is an
    /// error, so no caller can mistake lost data for saved data.
    pub async fn commit(mut self) -> Result<(), StorageError> {
        let Some(outcome) = self.outcome.take() else { return Err(StorageError::Aborted("transaction already ended".into())) };
        match outcome.await {
            Ok(TransactionResult::Committed) => Ok(()),
            Ok(TransactionResult::Aborted) => Err(aborted(self.raw.error())),
            Err(idb::Error::DomException(e)) => Err(aborted(Some(e))),
            Err(other) => Err(match self.raw.error() {
                Some(e) => aborted(Some(e)),
                None => StorageError::Aborted(other.to_string()),
            }),
        }
    }

    /// Ends the transaction without keeping its writes.
    pub fn abort(self) {
        // Dropping aborts.
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        if self.outcome.is_some() {
            // Fails harmlessly if the transaction already ended.
            let _ = self.raw.abort();
        }
    }
}

/// What an aborted transaction's `DOMException` means.
pub fn aborted(error: Option<DomException>) -> StorageError {
    match error {
        Some(e) if e.name() == "QuotaExceededError" => StorageError::Quota,
        Some(e) => StorageError::Aborted(format!("{}: {}", e.name(), e.message())),
        // Aborted with no error: `abort()` was called, or the connection closed.
        None => StorageError::Aborted("transaction aborted".into()),
    }
}
