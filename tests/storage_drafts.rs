//! Drafts, attachments and migrations on real IndexedDB in headless Chromium.

use js_sys::{Array, Function, Reflect, Uint8Array};
use serde_json::json;
use tokhai::storage::attachments::AttachmentMeta;
use tokhai::storage::catalog::CachedCatalog;
use tokhai::storage::drafts::Revision;
use tokhai::storage::schema::{self, DB_VERSION};
use tokhai::storage::settings::PhotoSettings;
use tokhai::storage::{Db, StorageError};
use tokhai_core::draft::{Draft, Filing, Summary};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Blob, BlobPropertyBag};

wasm_bindgen_test_configure!(run_in_browser);

fn unique(name: &str) -> String {
    format!("tokhai-test-{name}-{}", js_sys::Math::random().to_bits())
}

fn draft(id: &str, name: &str, updated: i64) -> Draft {
    Draft {
        id: id.into(),
        procedure: "1.001193".into(),
        catalog_version: "2026.11.1".into(),
        schema_version: "1.0.0".into(),
        data: json!({"nguoiDuocKhaiSinh": {"hoTen": name}}),
        filing: Filing { province: Some("01".into()), ward: Some("00004".into()), delivery: None },
        step: 2,
        created_at: 1,
        updated_at: updated,
        set_aside: vec![],
        summary: Summary { citizen: Some(name.into()), percent: 40, attachments: 1, started: true },
    }
}

fn blob(bytes: &[u8], media_type: &str) -> Blob {
    let parts = Array::of1(&Uint8Array::from(bytes).into());
    let opts = BlobPropertyBag::new();
    opts.set_type(media_type);
    Blob::new_with_u8_array_sequence_and_options(&parts, &opts).unwrap()
}

async fn bytes_of(b: &Blob) -> Vec<u8> {
    let buf = JsFuture::from(b.array_buffer()).await.unwrap();
    Uint8Array::new(&buf).to_vec()
}

fn attachment(id: &str, draft: &str, slot: &str, created: f64) -> AttachmentMeta {
    AttachmentMeta {
        id: id.into(),
        draft_id: draft.into(),
        slot: slot.into(),
        name: format!("{id}.jpg"),
        media_type: "image/jpeg".into(),
        size: 4,
        created_at: created,
        width: Some(2000),
        height: Some(1500),
    }
}

#[wasm_bindgen_test]
async fn drafts_round_trip_and_list_newest_first() {
    let db = Db::open(&unique("drafts")).await.unwrap();
    db.save_draft(&draft("a", "Nguyễn Văn An", 10)).await.unwrap();
    db.save_draft(&draft("b", "Trần Thị Bình", 20)).await.unwrap();
    assert_eq!(db.draft("a").await.unwrap(), Some(draft("a", "Nguyễn Văn An", 10)));
    let list = db.drafts().await.unwrap();
    assert_eq!(list.unreadable, 0);
    assert!(list.locked.is_empty());
    assert_eq!(list.drafts.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["b", "a"]);
    db.close();
}

#[wasm_bindgen_test]
async fn an_older_snapshot_finishing_late_never_replaces_a_newer_one() {
    let db = Db::open(&unique("revisions")).await.unwrap();
    let editor = |seq| Revision { writer: "editor-1".into(), seq };
    assert!(db.save_draft_revision(&draft("r", "Bản thứ hai", 2), Some(&editor(2))).await.unwrap());
    // The first snapshot's write commits after the second's (a slow encryption).
    assert!(!db.save_draft_revision(&draft("r", "Bản thứ nhất", 1), Some(&editor(1))).await.unwrap());
    assert_eq!(db.draft("r").await.unwrap(), Some(draft("r", "Bản thứ hai", 2)));
    // The same snapshot again is not newer either; a later one is written.
    assert!(!db.save_draft_revision(&draft("r", "Bản thứ hai", 2), Some(&editor(2))).await.unwrap());
    assert!(db.save_draft_revision(&draft("r", "Bản thứ ba", 3), Some(&editor(3))).await.unwrap());
    assert_eq!(db.draft("r").await.unwrap(), Some(draft("r", "Bản thứ ba", 3)));
    // Another editor (the draft opened again later) starts its own count.
    let reopened = Revision { writer: "editor-2".into(), seq: 1 };
    assert!(db.save_draft_revision(&draft("r", "Mở lại", 4), Some(&reopened)).await.unwrap());
    assert_eq!(db.draft("r").await.unwrap(), Some(draft("r", "Mở lại", 4)));
    db.close();
}

#[wasm_bindgen_test]
async fn blobs_round_trip_and_go_with_their_draft() {
    let db = Db::open(&unique("blobs")).await.unwrap();
    db.save_draft(&draft("d", "Lê Văn C", 1)).await.unwrap();
    db.save_draft(&draft("other", "Phạm D", 1)).await.unwrap();
    let photo = blob(&[0xff, 0xd8, 0xff, 0xe0], "image/jpeg");
    db.put_attachment(&attachment("p1", "d", "giay-chung-sinh", 1.0), &photo).await.unwrap();
    db.put_attachment(&attachment("p2", "d", "giay-uy-quyen", 2.0), &photo).await.unwrap();
    db.put_attachment(&attachment("q1", "other", "giay-chung-sinh", 3.0), &photo).await.unwrap();

    let back = db.attachment_blob("p1").await.unwrap().unwrap();
    assert_eq!(back.type_(), "image/jpeg");
    assert_eq!(bytes_of(&back).await, vec![0xff, 0xd8, 0xff, 0xe0]);
    assert_eq!(db.attachments_of("d").await.unwrap().iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["p1", "p2"]);
    assert_eq!(db.attachments_in_slot("d", "giay-chung-sinh").await.unwrap()[0].id, "p1");
    assert_eq!(db.attachments_in_slot("d", "giay-chung-sinh").await.unwrap().len(), 1);

    // Deleting is undoable, then final: the draft's attachments go with it, others stay.
    db.mark_draft_deleted("d", 100.0).await.unwrap();
    assert_eq!(db.draft("d").await.unwrap(), None);
    db.restore_draft("d").await.unwrap();
    assert!(db.draft("d").await.unwrap().is_some());
    db.mark_draft_deleted("d", 100.0).await.unwrap();
    assert_eq!(db.purge_deleted(50.0).await.unwrap(), 0, "not yet: marked after the cut-off");
    assert_eq!(db.purge_deleted(200.0).await.unwrap(), 1);
    assert!(db.attachments_of("d").await.unwrap().is_empty());
    assert_eq!(db.attachments_of("other").await.unwrap().len(), 1);
    assert_eq!(db.count(schema::DRAFTS).await.unwrap(), 1);
    db.close();
}

#[wasm_bindgen_test]
async fn settings_have_defaults_and_are_clamped() {
    let db = Db::open(&unique("settings")).await.unwrap();
    assert_eq!(db.photo_settings().await.unwrap(), PhotoSettings::default());
    db.save_photo_settings(PhotoSettings { long_edge: 99_999, quality: 0.7 }).await.unwrap();
    assert_eq!(db.photo_settings().await.unwrap(), PhotoSettings { long_edge: 4096, quality: 0.7 });
    db.close();
}

/// A database written by version 1 of the app, with a record in every store,
/// is upgraded to the current version with every record intact.
#[wasm_bindgen_test]
async fn upgrading_from_every_previous_version_keeps_every_record() {
    assert!(DB_VERSION >= 2, "this test needs a previous version to upgrade from");
    for from in 1..DB_VERSION {
        upgrade_keeps_every_record(from).await;
    }
}

/// Writes a database exactly as version `from` did, with data in every store
/// it had, opens it with this build and reads every record back.
async fn upgrade_keeps_every_record(from: u32) {
    let name = unique(&format!("migrate-v{from}"));
    {
        let old = Db::open_at(&name, from).await.unwrap();
        let mut stores = old.store_names();
        stores.sort();
        let mut expected: Vec<&str> = schema::STORES.iter().filter(|s| s.since <= from).map(|s| s.name).collect();
        expected.sort();
        assert_eq!(stores, expected, "version {from}");
        if from == 1 {
            assert_eq!(stores, ["attachments", "catalog", "drafts", "keys", "outbox", "settings"]);
        }
        old.save_catalog(&CachedCatalog { etag: "\"e1\"".into(), body: "{}".into(), fetched_at: 5.0, signature: None }).await.unwrap();
        old.save_draft(&draft("d1", "Đỗ Thị Lan", 7)).await.unwrap();
        old.put_attachment(&attachment("a1", "d1", "giay-to-cho-o", 1.0), &blob(b"%PDF-1.4", "application/pdf")).await.unwrap();
        let outbox = js_sys::Object::new();
        Reflect::set(&outbox, &"id".into(), &"b1".into()).unwrap();
        Reflect::set(&outbox, &"state".into(), &"queued".into()).unwrap();
        old.put(schema::OUTBOX, None, &outbox).await.unwrap();
        old.put(schema::KEYS, Some("device"), &JsValue::from_str("key material")).await.unwrap();
        old.save_photo_settings(PhotoSettings { long_edge: 1600, quality: 0.75 }).await.unwrap();
        if from >= 3 {
            let session = js_sys::Object::new();
            Reflect::set(&session, &"id".into(), &"s1".into()).unwrap();
            old.put(schema::SESSIONS, None, &session).await.unwrap();
        }
        old.close();
    }
    let db = Db::open(&name).await.unwrap();
    assert_eq!(db.cached_catalog().await.unwrap().unwrap().etag, "\"e1\"", "version {from}");
    assert_eq!(db.draft("d1").await.unwrap(), Some(draft("d1", "Đỗ Thị Lan", 7)), "version {from}");
    let blob = db.attachment_blob("a1").await.unwrap().unwrap();
    assert_eq!(bytes_of(&blob).await, b"%PDF-1.4".to_vec());
    // The indexes added later cover records written before them.
    assert_eq!(db.attachments_in_slot("d1", "giay-to-cho-o").await.unwrap().len(), 1, "version {from}");
    let outbox = db.get(schema::OUTBOX, "b1").await.unwrap().unwrap();
    assert_eq!(Reflect::get(&outbox, &"state".into()).unwrap().as_string().as_deref(), Some("queued"));
    assert_eq!(db.get(schema::KEYS, "device").await.unwrap().and_then(|v| v.as_string()).as_deref(), Some("key material"));
    assert_eq!(db.photo_settings().await.unwrap(), PhotoSettings { long_edge: 1600, quality: 0.75 });
    if from >= 3 {
        assert!(db.get(schema::SESSIONS, "s1").await.unwrap().is_some(), "version {from}");
    }
    let mut stores = db.store_names();
    stores.sort();
    let mut all: Vec<&str> = schema::STORES.iter().map(|s| s.name).collect();
    all.sort();
    assert_eq!(stores, all);
    db.close();
}

/// The browser refusing to store more is reported as such, and what was saved
/// before stays readable. (The refusal is simulated: headless Chromium's real
/// quota is far larger than a test should fill.)
#[wasm_bindgen_test]
async fn a_full_disk_is_reported_and_loses_nothing() {
    let db = Db::open(&unique("quota")).await.unwrap();
    db.save_draft(&draft("kept", "Vũ Văn E", 1)).await.unwrap();
    let install = Function::new_no_args(
        "const orig = IDBObjectStore.prototype.put;
         IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
         return () => { IDBObjectStore.prototype.put = orig; };",
    );
    let restore: Function = install.call0(&JsValue::NULL).unwrap().dyn_into().unwrap();
    let result = db.save_draft(&draft("new", "Hồ Thị F", 2)).await;
    restore.call0(&JsValue::NULL).unwrap();
    assert_eq!(result, Err(StorageError::Quota));
    assert_eq!(db.draft("kept").await.unwrap().map(|d| d.id), Some("kept".to_owned()));
    assert_eq!(db.draft("new").await.unwrap(), None);
    db.close();
}
