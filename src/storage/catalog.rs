//! The catalog as last received from the portal, so the app works offline.

use serde::{Deserialize, Serialize};

use super::{schema::CATALOG, Db, StorageError};

/// Key of the single record in the catalog store.
const CURRENT: &str = "current";

/// The catalog document exactly as the portal sent it, with its validator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CachedCatalog {
    pub etag: String,
    /// The catalog JSON text, byte for byte as received.
    pub body: String,
    /// Unix milliseconds of the last successful fetch or revalidation.
    pub fetched_at: f64,
    /// The portal's signature over `body` (checked when it was received).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

impl Db {
    pub async fn cached_catalog(&self) -> Result<Option<CachedCatalog>, StorageError> {
        match self.get(CATALOG, CURRENT).await? {
            Some(v) => Ok(Some(serde_wasm_bindgen::from_value(v)?)),
            None => Ok(None),
        }
    }

    pub async fn save_catalog(&self, c: &CachedCatalog) -> Result<(), StorageError> {
        let v = serde_wasm_bindgen::to_value(c)?;
        self.put(CATALOG, Some(CURRENT), &v).await
    }
}
