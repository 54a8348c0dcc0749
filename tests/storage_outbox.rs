//! The outbox store on real IndexedDB in headless Chromium: delivery states,
//! wiping a delivered bundle's copy after the retention, and what the team
//! dashboard reads without opening anything.

use js_sys::{Array, Uint8Array};
use serde_json::json;
use tokhai::storage::outbox::{BundleInfo, Outboxed};
use tokhai::storage::Db;
use tokhai_core::draft::{Draft, Filing, Summary};
use tokhai_core::outbox::{Entry, Outcome, Receipt, State};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Blob, BlobPropertyBag};

wasm_bindgen_test_configure!(run_in_browser);

fn unique(name: &str) -> String {
    format!("tokhai-test-{name}-{}", js_sys::Math::random().to_bits())
}

fn blob(bytes: &[u8]) -> Blob {
    let parts = Array::of1(&Uint8Array::from(bytes).into());
    let opts = BlobPropertyBag::new();
    opts.set_type("application/vnd.tokhai.bundle+zip");
    Blob::new_with_u8_array_sequence_and_options(&parts, &opts).unwrap()
}

async fn bytes_of(b: &Blob) -> Vec<u8> {
    Uint8Array::new(&JsFuture::from(b.array_buffer()).await.unwrap()).to_vec()
}

fn item(id: &str, operator: &str) -> Outboxed {
    Outboxed {
        entry: Entry::new(id.into(), 1_000),
        info: BundleInfo {
            procedure: "2.000815".into(),
            citizen: None,
            sealed_at: 1_000,
            size: 3,
            agency: "01.00004".into(),
            local: true,
            session: Some("s1".into()),
            citizen_enc: None,
            operator: Some(operator.into()),
            wiped_at: None,
        },
    }
}

fn accept(e: &mut Entry, at: i64) {
    e.start(at).unwrap();
    let receipt = Receipt {
        bundle_id: e.id.clone(),
        case_number: "01.00004-261122-0001".into(),
        received_at: "2026-11-22T03:00:00.000Z".into(),
        expected_result_date: "2026-11-23".into(),
        status: "received".into(),
    };
    e.finish(Outcome::Accepted(receipt), at, 0.5).unwrap();
}

#[wasm_bindgen_test]
async fn a_delivered_copy_is_wiped_and_its_receipt_kept() {
    let db = Db::open(&unique("wipe")).await.unwrap();
    let (a, b) = (item("a", "Trần Thị Bình"), item("b", "Vũ Đức Hải"));
    assert!(db.queue_bundle(&a, &blob(b"AAA")).await.unwrap());
    assert!(db.queue_bundle(&b, &blob(b"BBB")).await.unwrap());
    assert!(!db.queue_bundle(&a, &blob(b"AAA")).await.unwrap(), "queued once");

    // Not accepted yet: never wiped.
    assert!(!db.wipe_bundle("a", 5_000).await.unwrap());
    assert_eq!(bytes_of(&db.outbox_bundle("a").await.unwrap().unwrap()).await, b"AAA");

    let mut entry = a.entry.clone();
    accept(&mut entry, 2_000);
    db.update_outbox_entry(&entry).await.unwrap();
    assert!(db.wipe_bundle("a", 5_000).await.unwrap());
    assert!(!db.wipe_bundle("a", 6_000).await.unwrap(), "once");
    assert!(db.outbox_bundle("a").await.unwrap().is_none(), "the bundle is gone");
    let kept = db.outboxed("a").await.unwrap().unwrap();
    assert_eq!(kept.info.wiped_at, Some(5_000));
    assert!(matches!(&kept.entry.state, State::Accepted { receipt } if receipt.case_number == "01.00004-261122-0001"));
    // A later status update of the wiped record still works.
    let mut later = kept.entry.clone();
    later.update_status("result_ready");
    db.update_outbox_entry(&later).await.unwrap();
    assert!(matches!(db.outboxed("a").await.unwrap().unwrap().entry.state, State::Accepted { receipt } if receipt.status == "result_ready"));
    // The other bundle is untouched.
    assert_eq!(bytes_of(&db.outbox_bundle("b").await.unwrap().unwrap()).await, b"BBB");
    let (all, bad) = db.outbox().await.unwrap();
    assert_eq!((all.len(), bad), (2, 0));
}

#[wasm_bindgen_test]
async fn draft_stamps_count_every_draft_without_opening_it() {
    let db = Db::open(&unique("stamps")).await.unwrap();
    for (id, at) in [("d1", 10), ("d2", 20), ("d3", 30)] {
        let d = Draft {
            id: id.into(),
            procedure: "2.000815".into(),
            catalog_version: "2026.11.1".into(),
            schema_version: "1.0.0".into(),
            data: json!({}),
            filing: Filing::default(),
            step: 0,
            created_at: at,
            updated_at: at,
            set_aside: vec![],
            summary: Summary::default(),
        };
        db.save_draft(&d).await.unwrap();
    }
    db.mark_draft_deleted("d2", 99.0).await.unwrap();
    let mut stamps = db.draft_stamps().await.unwrap();
    stamps.sort_by_key(|s| s.1);
    assert_eq!(stamps, vec![(None, 10), (None, 30)]);
}
