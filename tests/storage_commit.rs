//! The one commit path (`storage::tx`) on real IndexedDB in headless Chromium:
//! a write is acknowledged only once its transaction committed.

use tokhai::storage::schema::{SESSIONS, SETTINGS};
use tokhai::storage::{tx, Db, StorageError};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::DomException;

wasm_bindgen_test_configure!(run_in_browser);

fn unique(name: &str) -> String {
    format!("tokhai-test-{name}-{}", js_sys::Math::random().to_bits())
}

#[wasm_bindgen_test]
async fn a_transaction_that_aborts_is_an_error_and_keeps_nothing() {
    let db = Db::open(&unique("abort")).await.unwrap();
    let tx = db.write(&[SETTINGS]).unwrap();
    let store = tx.store(SETTINGS).unwrap();
    // The request itself succeeds: only the transaction's end tells.
    store.put(&JsValue::from_str("value"), Some(&JsValue::from_str("k"))).unwrap().await.unwrap();
    store.transaction().abort().unwrap();
    match tx.commit().await {
        Err(StorageError::Aborted(_)) => {}
        other => panic!("an aborted transaction must be an error, got {other:?}"),
    }
    assert_eq!(db.get(SETTINGS, "k").await.unwrap(), None);
    db.close();
}

/// A failure part-way through a write: nothing of it is kept (without the
/// abort on drop, IndexedDB would commit the first put).
#[wasm_bindgen_test]
async fn an_error_part_way_through_keeps_none_of_the_transaction() {
    let db = Db::open(&unique("partial")).await.unwrap();
    async fn two_puts(db: &Db) -> Result<(), StorageError> {
        let tx = db.write(&[SETTINGS, SESSIONS])?;
        tx.store(SETTINGS)?.put(&JsValue::from_str("first"), Some(&JsValue::from_str("k")))?.await?;
        // The sessions store keys records in-line by "id": a string has none (DataError).
        tx.store(SESSIONS)?.put(&JsValue::from_str("no key"), None)?.await?;
        tx.commit().await
    }
    assert!(two_puts(&db).await.is_err());
    assert_eq!(db.get(SETTINGS, "k").await.unwrap(), None, "the first put must not be kept");
    db.close();
}

#[wasm_bindgen_test]
async fn a_committed_write_reads_back() {
    let db = Db::open(&unique("commit")).await.unwrap();
    let tx = db.write(&[SETTINGS]).unwrap();
    tx.store(SETTINGS).unwrap().put(&JsValue::from_str("value"), Some(&JsValue::from_str("k"))).unwrap().await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(db.get(SETTINGS, "k").await.unwrap().and_then(|v| v.as_string()).as_deref(), Some("value"));
    db.close();
}

/// What an abort's DOMException means: a full quota is `Quota` (the app then
/// says the phone is full), anything else `Aborted`.
#[wasm_bindgen_test]
fn abort_reasons_are_classified() {
    let quota = DomException::new_with_message_and_name("The quota has been exceeded.", "QuotaExceededError").unwrap();
    assert_eq!(tx::aborted(Some(quota)), StorageError::Quota);
    let other = DomException::new_with_message_and_name("Version change", "AbortError").unwrap();
    assert!(matches!(tx::aborted(Some(other)), StorageError::Aborted(m) if m.contains("AbortError")));
    assert!(matches!(tx::aborted(None), StorageError::Aborted(_)));
}
