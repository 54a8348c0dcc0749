//! The IndexedDB schema: every object store the app has ever had, with the
//! database version that introduced it.
//!
//! `idb`'s database builder deletes, on upgrade, every store it is not told about.
//! So the store list here only ever grows; a store that must go is listed in
//! [`REMOVED`] with the version that removed it, and [`guard`] refuses to
//! upgrade a database holding a store this list does not know.

use idb::builder::{IndexBuilder, ObjectStoreBuilder};
use idb::KeyPath;

/// The current database version: the highest `since` of any store or index.
///
/// History:
/// 1. catalog, drafts (by procedure, updatedAt), attachments (by draftId),
///    outbox (by state), keys, settings.
/// 2. attachments gain the `bySlot` index ([draftId, slot]): a document slot's
///    files are listed without reading every attachment of the draft.
/// 3. sessions (citizens served on a shared device, PIN-protected); drafts
///    gain the `session` index.
pub const DB_VERSION: u32 = 3;

pub const CATALOG: &str = "catalog";
pub const DRAFTS: &str = "drafts";
pub const ATTACHMENTS: &str = "attachments";
pub const OUTBOX: &str = "outbox";
pub const KEYS: &str = "keys";
pub const SETTINGS: &str = "settings";
pub const SESSIONS: &str = "sessions";

/// A store as it exists at [`DB_VERSION`].
pub struct StoreDef {
    pub name: &'static str,
    /// Database version that created it.
    pub since: u32,
    /// In-line key path; `None` means keys are given on each put.
    pub key_path: Option<&'static str>,
    pub indexes: &'static [IndexDef],
}

/// An index: name, key path (several for a compound key), version that created it.
pub struct IndexDef(pub &'static str, pub &'static [&'static str], pub u32);

pub const STORES: &[StoreDef] = &[
    StoreDef { name: CATALOG, since: 1, key_path: None, indexes: &[] },
    StoreDef {
        name: DRAFTS,
        since: 1,
        key_path: Some("id"),
        indexes: &[
            IndexDef("procedure", &["procedure"], 1),
            IndexDef("updatedAt", &["updatedAt"], 1),
            IndexDef("session", &["session"], 3),
        ],
    },
    StoreDef {
        name: ATTACHMENTS,
        since: 1,
        key_path: Some("id"),
        indexes: &[IndexDef("draftId", &["draftId"], 1), IndexDef("bySlot", &["draftId", "slot"], 2)],
    },
    StoreDef { name: OUTBOX, since: 1, key_path: Some("id"), indexes: &[IndexDef("state", &["state"], 1)] },
    StoreDef { name: KEYS, since: 1, key_path: None, indexes: &[] },
    StoreDef { name: SETTINGS, since: 1, key_path: None, indexes: &[] },
    StoreDef { name: SESSIONS, since: 3, key_path: Some("id"), indexes: &[] },
];

/// Stores deliberately dropped: (name, version that removed it).
pub const REMOVED: &[(&str, u32)] = &[];

/// Stores as they were at an older `version`, for migration tests that must
/// write a database exactly as a previous release did.
pub fn stores_at(version: u32) -> impl Iterator<Item = ObjectStoreBuilder> {
    STORES.iter().filter(move |s| s.since <= version).map(move |s| {
        let mut store = ObjectStoreBuilder::new(s.name).key_path(s.key_path.map(KeyPath::new_single));
        for IndexDef(name, path, since) in s.indexes {
            if *since <= version {
                let key_path = match path {
                    [one] => KeyPath::new_single(one),
                    many => KeyPath::new_array(many.iter().copied()),
                };
                store = store.add_index(IndexBuilder::new((*name).to_owned(), key_path));
            }
        }
        store
    })
}

/// Why an existing database must not be upgraded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuardError {
    /// The database holds a store this build does not know: upgrading would delete it.
    UnknownStore(String),
    /// The database was written by a newer app version.
    TooNew { found: u32 },
}

/// Checks an existing database (its version and store names) before an upgrade.
pub fn guard(found_version: u32, found_stores: &[String]) -> Result<(), GuardError> {
    if found_version > DB_VERSION {
        return Err(GuardError::TooNew { found: found_version });
    }
    for name in found_stores {
        let known = STORES.iter().any(|s| s.name == name);
        let removed = REMOVED.iter().any(|(n, v)| n == name && *v > found_version);
        if !known && !removed {
            return Err(GuardError::UnknownStore(name.clone()));
        }
    }
    Ok(())
}
