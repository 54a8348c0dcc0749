//! Everything the portal keeps, behind one interface: the catalogs it
//! served, the filings (bundles) and their cases. All SQL lives below this
//! module (`sqlite.rs` today; a PostgreSQL backend is a second implementation
//! of the same methods), and so does the sealing of dossiers at rest
//! (`sealing.rs`): callers hand over and get back plain values.
//!
//! Methods are async: the SQLite backend runs each call on the blocking
//! thread pool, so the server never stalls on disk.

pub mod sealing;
mod sqlite;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokhai_core::time::Instant;

use crate::cases::{CaseStatus, CaseView, NewCase, Receipt, Stored};
use crate::catalog::ServedCatalog;
pub use sealing::{DataKeys, KeyFileError, KeyId};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("cannot create {path}: {source}")]
    Create { path: PathBuf, source: std::io::Error },
    #[error("{path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("the database {path} is at schema version {found}, newer than this portal knows ({known}); refusing to touch it")]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("no database at {0} (start the portal once, or pass --db)")]
    Missing(PathBuf),
    #[error(transparent)]
    KeyFile(#[from] KeyFileError),
    #[error(
        "the database holds dossiers sealed with data key(s) {ids}, but there is no key file at {path}: restore it from its backup (see docs/keys.md) or name it with --data-key; the portal will not start without it"
    )]
    MissingKeyFile { path: PathBuf, ids: String },
    #[error("the database needs data key {id}, which {path} does not hold (another key file?)")]
    KeyNotInFile { id: String, path: PathBuf },
    #[error("a sealed value does not open: {0}")]
    Sealed(#[from] sealing::OpenError),
    #[error("database: {0}")]
    Backend(String),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("database worker failed: {0}")]
    Worker(String),
}

/// How a lookup by bundle id came out: bundle ids are unique per device key
/// only, so an id may name several filings (one of them a squatter's).
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup<T> {
    None,
    One(T),
    /// Several device keys filed under this id: their case numbers.
    Several(Vec<String>),
}

/// Why a case cannot advance.
#[derive(Debug, thiserror::Error)]
pub enum AdvanceError {
    #[error("no case {0}")]
    Unknown(String),
    #[error("case {0} already has its result (result_ready); nothing to advance")]
    Final(String),
    #[error("bundle id {key} names several cases ({}); give the case number", .cases.join(", "))]
    Ambiguous { key: String, cases: Vec<String> },
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// What `tokhai-portal data-key rotate` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rotation {
    pub new_key: String,
    pub resealed: usize,
    pub dropped: Vec<String>,
}

/// Whether opening may create what is missing (serving) or not (the CLI).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// Creates the database, its directory and the data key file if missing.
    Create,
    /// The database and its key file must exist.
    Existing,
}

/// The portal's storage.
#[derive(Clone)]
pub struct Storage {
    inner: Arc<sqlite::Sqlite>,
}

impl Storage {
    /// Opens (creating it with `mode` Create) the database at `db`, whose
    /// dossiers are sealed with the data keys in `data_key`, and brings its
    /// schema up to date.
    pub fn open(db: &Path, data_key: &Path, mode: OpenMode) -> Result<Storage, StorageError> {
        Ok(Storage { inner: Arc::new(sqlite::Sqlite::open(db, data_key, mode)?) })
    }

    pub fn path(&self) -> &Path {
        self.inner.path()
    }

    /// The SQLite `synchronous` level in force (`FULL`: a commit is on disk
    /// before the answer).
    pub async fn durability(&self) -> Result<String, StorageError> {
        self.call(|s| s.durability()).await
    }

    /// Remembers the catalog document being served (once per distinct ETag).
    pub async fn record_catalog(&self, served: &ServedCatalog, now: Instant) -> Result<(), StorageError> {
        let (etag, body) = (served.etag.clone(), served.body.clone());
        let (id, version) = (served.catalog.header.id.clone(), served.catalog.header.version.clone());
        self.call(move |s| s.record_catalog(&etag, &id, &version, &body, now)).await
    }

    /// The catalog document recorded for catalog `id` at `version` (the most
    /// recently loaded one if the same version was served with different bytes).
    pub async fn catalog_version(
        &self,
        id: String,
        version: String,
    ) -> Result<Option<(String, Vec<u8>)>, StorageError> {
        self.call(move |s| s.catalog_version(&id, &version)).await
    }

    /// What this device key filed before under this bundle id: the same
    /// signed manifest (`Duplicate`, with its receipt), another one
    /// (`Conflict`), or nothing.
    pub async fn previous(
        &self,
        bundle_id: String,
        signer_kid: String,
        manifest_sha256: String,
    ) -> Result<Option<Stored>, StorageError> {
        self.call(move |s| s.previous(&bundle_id, &signer_kid, &manifest_sha256)).await
    }

    /// Stores the filing and opens its case, in one durable transaction.
    pub async fn store(&self, new: NewCase) -> Result<Stored, StorageError> {
        self.call(move |s| s.store(&new)).await
    }

    /// The case of a case number, or of a bundle id (of one device key's
    /// filing when `device` names it).
    pub async fn find(&self, key: String, device: Option<String>) -> Result<Lookup<CaseView>, StorageError> {
        self.call(move |s| s.find(&key, device.as_deref())).await
    }

    /// The stored bundle bytes and its case number, by bundle id.
    pub async fn bundle_file(
        &self,
        bundle_id: String,
        device: Option<String>,
    ) -> Result<Lookup<(String, Vec<u8>)>, StorageError> {
        self.call(move |s| s.bundle_file(&bundle_id, device.as_deref())).await
    }

    /// A case with its receipt, by case number or bundle id.
    pub async fn detail(&self, key: String) -> Result<Lookup<(CaseView, Receipt)>, StorageError> {
        self.call(move |s| s.detail(&key)).await
    }

    /// Every case, newest first.
    pub async fn list(&self) -> Result<Vec<CaseView>, StorageError> {
        self.call(|s| s.list()).await
    }

    /// Moves a case one step forward; its case number and new status.
    pub async fn advance(&self, key: String, at: Instant) -> Result<(String, CaseStatus), AdvanceError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || inner.advance(&key, at))
            .await
            .map_err(|e| AdvanceError::Storage(StorageError::Worker(e.to_string())))?
    }

    /// A new data key: added to the key file, made current, every sealed
    /// value resealed under it, and the keys no value needs any more dropped.
    pub async fn rotate_data_key(&self, now: Instant) -> Result<Rotation, StorageError> {
        self.call(move |s| s.rotate_data_key(now)).await
    }

    async fn call<T, F>(&self, f: F) -> Result<T, StorageError>
    where
        T: Send + 'static,
        F: FnOnce(&sqlite::Sqlite) -> Result<T, StorageError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || f(&inner)).await.map_err(|e| StorageError::Worker(e.to_string()))?
    }
}
