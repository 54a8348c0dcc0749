//! Local storage over IndexedDB (through the `idb` crate): one database,
//! explicit versioned stores (see [`schema`]), one commit path (see [`tx`]),
//! and errors a citizen can understand.

pub mod attachments;
pub mod catalog;
pub mod drafts;
pub mod outbox;
pub mod records;
pub mod schema;
pub mod sessions;
pub mod settings;
pub mod tx;

use std::cell::RefCell;
use std::rc::Rc;

use idb::{Database, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

pub use tx::Tx;

/// The app's database name.
pub const DB_NAME: &str = "tokhai";

/// Storage failures, classified for the user (see `messages`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StorageError {
    /// No IndexedDB at all (some private modes, very old browsers, blocked storage).
    #[error("IndexedDB is unavailable: {0}")]
    Unavailable(String),
    /// The browser refused to store more (a transaction aborted with
    /// `QuotaExceededError`): nothing of that write was kept.
    #[error("storage quota exceeded")]
    Quota,
    /// A transaction ended without committing for another reason: nothing
    /// of it was kept.
    #[error("the write was not committed: {0}")]
    Aborted(String),
    /// The database was written by a newer version of the app.
    #[error("the local database (version {found}) is newer than this app")]
    TooNew { found: u32 },
    /// The database holds a store this version does not know; upgrading would delete it.
    #[error("the local database holds an unknown store {0:?}; not upgrading, to keep its data")]
    UnknownStore(String),
    /// The record belongs to a session that is locked (the citizen's PIN opens it).
    #[error("locked by the PIN of session {0}")]
    Locked(String),
    /// A stored record could not be read back.
    #[error("a stored record is unreadable: {0}")]
    Corrupt(String),
    #[error("storage error: {0}")]
    Other(String),
}

impl From<idb::Error> for StorageError {
    /// `idb` wraps the browser's error; its text names the DOMException
    /// (`QuotaExceededError: …`), whichever request or transaction failed.
    fn from(e: idb::Error) -> Self {
        let quota = match &e {
            idb::Error::DomException(d) => d.name() == "QuotaExceededError",
            _ => false,
        };
        let text = e.to_string();
        if quota || text.contains("QuotaExceededError") {
            StorageError::Quota
        } else {
            StorageError::Other(text)
        }
    }
}

impl From<serde_wasm_bindgen::Error> for StorageError {
    fn from(e: serde_wasm_bindgen::Error) -> Self {
        StorageError::Corrupt(e.to_string())
    }
}

/// An open database.
pub struct Db {
    idb: Database,
}

thread_local! {
    static SHARED: RefCell<Option<Rc<Db>>> = const { RefCell::new(None) };
}

/// The app's database, opened once per page.
pub async fn db() -> Result<Rc<Db>, StorageError> {
    if let Some(db) = SHARED.with(|s| s.borrow().clone()) {
        return Ok(db);
    }
    let db = Rc::new(Db::open(DB_NAME).await?);
    SHARED.with(|s| *s.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// The app's database if it is already open (no waiting).
pub fn opened() -> Option<Rc<Db>> {
    SHARED.with(|s| s.borrow().clone())
}

impl Db {
    /// Opens (creating or upgrading) the database `name` at [`schema::DB_VERSION`].
    pub async fn open(name: &str) -> Result<Db, StorageError> {
        Self::open_at(name, schema::DB_VERSION).await
    }

    /// Opens at an explicit version with that version's stores. Only tests use
    /// a version other than the current one (to write an "old" database).
    pub async fn open_at(name: &str, version: u32) -> Result<Db, StorageError> {
        if let Some((found, stores)) = inspect(name).await? {
            if found < version {
                schema::guard(found, &stores).map_err(|e| match e {
                    schema::GuardError::UnknownStore(s) => StorageError::UnknownStore(s),
                    schema::GuardError::TooNew { found } => StorageError::TooNew { found },
                })?;
            } else if found > schema::DB_VERSION {
                return Err(StorageError::TooNew { found });
            }
        }
        let mut builder = Database::builder(name).version(version);
        for store in schema::stores_at(version) {
            builder = builder.add_object_store(store);
        }
        let idb = builder.build().await.map_err(|e| match StorageError::from(e) {
            StorageError::Other(m) if m.contains("VersionError") => StorageError::TooNew { found: version },
            StorageError::Other(m) => StorageError::Unavailable(m),
            other => other,
        })?;
        Ok(Db { idb })
    }

    pub fn close(self) {
        self.idb.close();
    }

    pub fn store_names(&self) -> Vec<String> {
        self.idb.store_names()
    }

    /// Opens a transaction over `stores`; see [`Tx`] for how it ends.
    pub fn tx(&self, stores: &[&str], mode: TransactionMode) -> Result<Tx, StorageError> {
        Ok(Tx::new(self.idb.transaction(stores, mode)?))
    }

    /// A read-write transaction.
    pub fn write(&self, stores: &[&str]) -> Result<Tx, StorageError> {
        self.tx(stores, TransactionMode::ReadWrite)
    }

    /// A read-only transaction.
    pub fn read(&self, stores: &[&str]) -> Result<Tx, StorageError> {
        self.tx(stores, TransactionMode::ReadOnly)
    }

    /// Reads one record from an out-of-line-keyed or in-line-keyed store.
    pub async fn get(&self, store: &str, key: &str) -> Result<Option<JsValue>, StorageError> {
        let tx = self.read(&[store])?;
        let value = tx.store(store)?.get(JsValue::from_str(key))?.await?;
        tx.commit().await?;
        Ok(value.filter(|v| !v.is_undefined()))
    }

    /// Writes one record and waits until the transaction has committed, so a
    /// successful return means the data is on disk as far as the browser goes.
    pub async fn put(&self, store: &str, key: Option<&str>, value: &JsValue) -> Result<(), StorageError> {
        let tx = self.write(&[store])?;
        let key = key.map(JsValue::from_str);
        tx.store(store)?.put(value, key.as_ref())?.await?;
        tx.commit().await
    }

    pub async fn delete(&self, store: &str, key: &str) -> Result<(), StorageError> {
        let tx = self.write(&[store])?;
        tx.store(store)?.delete(JsValue::from_str(key))?.await?;
        tx.commit().await
    }

    /// Every record of a store, in key order.
    pub async fn get_all(&self, store: &str) -> Result<Vec<JsValue>, StorageError> {
        let tx = self.read(&[store])?;
        let values = tx.store(store)?.get_all(None, None)?.await?;
        tx.commit().await?;
        Ok(values)
    }

    pub async fn count(&self, store: &str) -> Result<u32, StorageError> {
        let tx = self.read(&[store])?;
        let n = tx.store(store)?.count(None)?.await?;
        tx.commit().await?;
        Ok(n)
    }
}

/// The version and store names of an existing database, without creating or
/// upgrading it; `None` if there is no such database.
async fn inspect(name: &str) -> Result<Option<(u32, Vec<String>)>, StorageError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| StorageError::Unavailable("window.indexedDB is missing".into()))?;
    // `databases()` tells whether the database exists; opening it to look would create it.
    let list = js_sys::Reflect::get(&factory, &JsValue::from_str("databases"))
        .ok()
        .filter(|f| f.is_function())
        .and_then(|f| f.unchecked_into::<js_sys::Function>().call0(&factory).ok());
    let Some(promise) = list else { return Ok(None) };
    let list = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map_err(|e| StorageError::Unavailable(format!("{e:?}")))?;
    let exists = js_sys::Array::from(&list).iter().any(|info| {
        js_sys::Reflect::get(&info, &JsValue::from_str("name")).ok().and_then(|n| n.as_string()).as_deref() == Some(name)
    });
    if !exists {
        return Ok(None);
    }
    let db = Database::builder(name).build().await.map_err(|e| StorageError::Unavailable(e.to_string()))?;
    let found = db.version().map_err(StorageError::from)?;
    let stores = db.store_names();
    db.close();
    Ok(Some((found, stores)))
}
