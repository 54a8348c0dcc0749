//! Real IndexedDB in headless Chromium, through idb: the storage module's
//! stores, records and upgrade guard.

use idb::builder::ObjectStoreBuilder;
use idb::{Database, TransactionMode};
use tokhai::storage::catalog::CachedCatalog;
use tokhai::storage::schema::{self, DB_VERSION, STORES};
use tokhai::storage::{Db, StorageError};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh database name per test, so tests never see each other's data.
fn unique(name: &str) -> String {
    format!("tokhai-test-{name}-{}", js_sys::Math::random().to_bits())
}

#[wasm_bindgen_test]
async fn creates_every_declared_store() {
    let name = unique("stores");
    let db = Db::open(&name).await.expect("open");
    let mut found = db.store_names();
    found.sort();
    let mut expected: Vec<String> = STORES.iter().map(|s| s.name.to_owned()).collect();
    expected.sort();
    assert_eq!(found, expected);
    db.close();
}

#[wasm_bindgen_test]
async fn catalog_round_trip_survives_reopening() {
    let name = unique("catalog");
    let record = CachedCatalog { etag: "\"abc\"".into(), body: "{\"x\": \"Đăng ký khai sinh\"}".into(), fetched_at: 1.5e12, signature: None };
    {
        let db = Db::open(&name).await.unwrap();
        assert_eq!(db.cached_catalog().await.unwrap(), None);
        db.save_catalog(&record).await.unwrap();
        db.close();
    }
    let db = Db::open(&name).await.unwrap();
    assert_eq!(db.cached_catalog().await.unwrap(), Some(record));
    assert_eq!(db.count(schema::CATALOG).await.unwrap(), 1);
    db.close();
}

#[wasm_bindgen_test]
async fn refuses_to_upgrade_over_an_unknown_store() {
    let name = unique("guard");
    // A database holding a store this build has never heard of, with data in it.
    let foreign = Database::builder(&name).version(1).add_object_store(ObjectStoreBuilder::new("mystery")).build().await.unwrap();
    let tx = foreign.transaction(&["mystery"], TransactionMode::ReadWrite).unwrap();
    tx.object_store("mystery").unwrap().put(&JsValue::from_str("keep me"), Some(&JsValue::from_str("k"))).unwrap().await.unwrap();
    assert!(tx.await.unwrap().is_committed());
    foreign.close();

    // An upgrade through idb's builder would delete "mystery"; the storage module refuses.
    match Db::open_at(&name, 2).await {
        Err(StorageError::UnknownStore(store)) => assert_eq!(store, "mystery"),
        Err(e) => panic!("expected UnknownStore, got {e:?}"),
        Ok(_) => panic!("upgraded over an unknown store"),
    }
    let after = Database::builder(&name).build().await.unwrap();
    assert_eq!(after.version().unwrap(), 1, "the database was not upgraded");
    let tx = after.transaction(&["mystery"], TransactionMode::ReadOnly).unwrap();
    let kept = tx.object_store("mystery").unwrap().get(JsValue::from_str("k")).unwrap().await.unwrap();
    assert_eq!(kept.and_then(|v| v.as_string()).as_deref(), Some("keep me"));
    after.close();
}

#[wasm_bindgen_test]
async fn a_newer_database_is_left_alone() {
    let name = unique("newer");
    let newer = Database::builder(&name).version(DB_VERSION + 5).add_object_store(ObjectStoreBuilder::new("drafts")).build().await.unwrap();
    newer.close();
    match Db::open(&name).await {
        Err(StorageError::TooNew { found }) => assert_eq!(found, DB_VERSION + 5),
        Err(e) => panic!("expected TooNew, got {e:?}"),
        Ok(_) => panic!("opened a database written by a newer version"),
    }
}
