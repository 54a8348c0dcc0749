//! Sessions: whose data the device is working on now.
//!
//! On an operator's shared tablet every citizen gets a session; on a citizen's
//! own phone, turning on the PIN lock makes one personal session. Drafts and
//! attachments saved while a session is open are encrypted under its key (see
//! `storage`), and the key exists only in memory, in the "vault" here, while
//! the session is open. Locking (idle) or closing ("Công dân tiếp theo")
//! forgets the key; only the citizen's PIN brings it back.

pub mod cipher;
pub mod idle;

use std::cell::RefCell;

use leptos::prelude::*;
use tokhai_core::i18n::Text;
use tokhai_core::jose::{b64u_decode, b64u_encode};
use tokhai_core::session::{check_pin, wait_text, Attempts, SessionKind, SessionRecord, CHECK_TEXT, PBKDF2_ITERATIONS};
use web_sys::CryptoKey;

use crate::messages;
use crate::storage;

/// The open session's id and key.
#[derive(Clone)]
pub struct Vault {
    pub session: String,
    pub key: CryptoKey,
}

/// What the interface shows about the open session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Open {
    pub id: String,
    pub kind: SessionKind,
    pub started_at: i64,
}

thread_local! {
    static VAULT: RefCell<Option<Vault>> = const { RefCell::new(None) };
    static OPEN: RwSignal<Option<Open>> = RwSignal::new(None);
    /// Bumped whenever sessions open, lock or close: lists re-read IndexedDB.
    static CHANGED: RwSignal<u64> = RwSignal::new(0);
}

pub fn vault() -> Option<Vault> {
    VAULT.with(|v| v.borrow().clone())
}

pub fn open_session() -> RwSignal<Option<Open>> {
    OPEN.with(|s| *s)
}

pub fn changed() -> RwSignal<u64> {
    CHANGED.with(|s| *s)
}

fn now() -> i64 {
    js_sys::Date::now() as i64
}

fn set_open(v: Option<(Vault, Open)>) {
    match v {
        Some((vault, open)) => {
            VAULT.with(|x| *x.borrow_mut() = Some(vault));
            open_session().set(Some(open));
        }
        None => {
            VAULT.with(|x| *x.borrow_mut() = None);
            open_session().set(None);
        }
    }
    changed().update(|c| *c += 1);
}

/// Starts a session protected by `pin` and opens it.
pub async fn start(kind: SessionKind, pin: &str, operator: Option<String>) -> Result<String, Text> {
    check_pin(pin)?;
    let db = storage::db().await.map_err(|e| messages::storage(&e))?;
    let salt = cipher::random_bytes::<16>().map_err(|e| messages::crypto(&e))?;
    let key = cipher::derive_key(pin, &salt, PBKDF2_ITERATIONS).await.map_err(|e| messages::crypto(&e))?;
    let check = cipher::seal(&key, CHECK_TEXT.as_bytes()).await.map_err(|e| messages::crypto(&e))?;
    let record = SessionRecord {
        id: crate::ids::new_id(),
        kind,
        salt: b64u_encode(&salt),
        iterations: PBKDF2_ITERATIONS,
        check,
        created_at: now(),
        closed_at: None,
        operator,
        attempts: Attempts::default(),
    };
    db.save_session(&record).await.map_err(|e| messages::storage(&e))?;
    // Anything still open is locked first: one citizen at a time.
    lock().await;
    let open = Open { id: record.id.clone(), kind, started_at: record.created_at };
    set_open(Some((Vault { session: record.id.clone(), key }, open)));
    Ok(record.id)
}

/// Opens a locked session with its PIN. Wrong PINs are counted and slowed down
/// (stored, so reloading the page does not reset the count).
pub async fn unlock(id: &str, pin: &str) -> Result<(), Text> {
    let db = storage::db().await.map_err(|e| messages::storage(&e))?;
    let mut record = db.session(id).await.map_err(|e| messages::storage(&e))?.ok_or_else(messages::session_missing)?;
    if let Err(wait) = record.attempts.can_try(now()) {
        return Err(wait_text(wait));
    }
    crate::perf::mark("tokhai:unlock:start");
    let salt = b64u_decode(&record.salt).map_err(|_| messages::session_missing())?;
    let key = cipher::derive_key(pin, &salt, record.iterations).await.map_err(|e| messages::crypto(&e))?;
    let right = cipher::open(&key, &record.check).await.is_ok_and(|p| p == CHECK_TEXT.as_bytes());
    if !right {
        record.attempts.failed(now());
        db.save_session(&record).await.map_err(|e| messages::storage(&e))?;
        return Err(match record.attempts.can_try(now()) {
            Err(wait) => wait_text(wait),
            Ok(()) => messages::wrong_pin(),
        });
    }
    crate::perf::measure_now("tokhai:unlock", "tokhai:unlock:start");
    record.attempts.succeeded();
    record.closed_at = None;
    // The right PIN opens the session even on a full phone: only the reset
    // of the wrong-PIN count is not recorded then.
    let _ = db.save_session(&record).await;
    lock().await;
    let open = Open { id: record.id.clone(), kind: record.kind, started_at: record.created_at };
    set_open(Some((Vault { session: record.id, key }, open)));
    Ok(())
}

/// Forgets the open session's key (after saving what is unsaved). The
/// session stays on the device; its PIN opens it again.
pub async fn lock() {
    if vault().is_none() {
        return;
    }
    crate::autosave::flush_all_now().await;
    forget();
}

/// Forgets the open session's key and every trace of its citizen in memory
/// (changes a full phone could not store go too: the next person must not
/// see them).
fn forget() {
    crate::autosave::drop_all_unsaved();
    set_open(None);
}

/// "Công dân tiếp theo": ends the open session. `discard` deletes the
/// citizen's unfiled drafts (and their files); otherwise they stay, locked.
pub async fn close(discard: bool) -> Result<(), Text> {
    let Some(v) = vault() else { return Ok(()) };
    crate::autosave::flush_all_now().await;
    // Whatever storage answers, the session ends on screen: a full phone
    // must never keep one citizen's dossier open for the next.
    let stored = async {
        let db = storage::db().await?;
        if discard {
            db.delete_session_drafts(&v.session).await?;
        }
        if let Some(mut record) = db.session(&v.session).await? {
            record.closed_at = Some(now());
            db.save_session(&record).await?;
        }
        Ok::<(), storage::StorageError>(())
    }
    .await;
    forget();
    stored.map_err(|e| messages::storage(&e))
}

/// Takes the drafts (and their files) that are not in any session into the
/// open one: when a citizen turns on the PIN lock on their own phone, what
/// they already typed is encrypted too.
pub async fn adopt_unlocked_drafts() {
    let Some(_) = vault() else { return };
    let Ok(db) = storage::db().await else { return };
    for id in db.plain_draft_ids().await.unwrap_or_default() {
        let Ok(Some(draft)) = db.draft(&id).await else { continue };
        let Ok(files) = db.attachments_of(&id).await else { continue };
        for f in files {
            if let Ok(Some(blob)) = db.attachment_blob(&f.id).await {
                let _ = db.put_attachment(&f, &blob).await;
            }
        }
        let _ = db.save_draft(&draft).await;
    }
    changed().update(|c| *c += 1);
}

/// Whether this phone's owner turned on the PIN lock (a personal session exists).
pub async fn personal_lock_on() -> bool {
    let Ok(db) = storage::db().await else { return false };
    db.sessions().await.unwrap_or_default().iter().any(|s| s.kind == SessionKind::Personal && s.closed_at.is_none())
}
