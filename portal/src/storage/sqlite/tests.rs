use super::*;
use crate::cases::{Agency, ReceiptProcedure};
use crate::storage::Storage;
use tokhai_core::bundle::OperatorRole;

fn open(dir: &Path) -> Sqlite {
    Sqlite::open(&dir.join("data/p.sqlite3"), &dir.join("keys/data-key.json"), OpenMode::Create).unwrap()
}

fn new_case(id: &str, kid: &str, manifest: &str, bytes: &[u8], at: Instant) -> NewCase {
    NewCase {
        bundle_id: id.into(),
        signer_kid: kid.into(),
        sha256: tokhai_core::bundle::sha256_hex(bytes),
        manifest_sha256: tokhai_core::bundle::sha256_hex(manifest.as_bytes()),
        bytes: bytes.to_vec(),
        manifest: manifest.into(),
        catalog_etag: "\"e\"".into(),
        procedure: ReceiptProcedure {
            code: "1.001193".into(),
            name: tokhai_core::i18n::Text::new("Đăng ký khai sinh", "Birth registration"),
            catalog_version: "2026.11.1".into(),
            schema_version: "1.0.0".into(),
        },
        agency: Agency {
            code: "01.00004".into(),
            province: Some("01".into()),
            ward: Some("00004".into()),
            name: "Phường Ba Đình".into(),
        },
        received_at: at,
        working_days: 3,
        operator: None,
    }
}

fn t() -> Instant {
    // 2026-11-22T17:30Z is already the 23rd (a Monday) in Vietnam.
    Instant::parse_rfc3339("2026-11-22T17:30:00Z").unwrap()
}

fn created(s: Stored) -> Receipt {
    match s {
        Stored::Created(r) => serde_json::from_str(&r).unwrap(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn creates_private_files_migrates_once_and_commits_durably() {
    let tmp = tempfile::tempdir().unwrap();
    let db = open(tmp.path());
    assert_eq!(db.durability().unwrap(), "FULL");
    let path = db.path().to_path_buf();
    db.store(&new_case("a", "k1", "{}", b"one", t())).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(mode(&tmp.path().join("keys")), 0o700);
        assert_eq!(mode(&tmp.path().join("keys/data-key.json")), 0o600);
        for f in [path.clone(), private_fs::sibling(&path, "-wal"), private_fs::sibling(&path, "-shm")] {
            assert_eq!(mode(&f), 0o600, "{}", f.display());
        }
    }
    drop(db);
    // Reopening must not run the migrations again (they would fail on existing tables).
    let db = open(tmp.path());
    let v: i64 = db.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, MIGRATIONS.len() as i64);
    assert_eq!(db.list().unwrap().len(), 1);
}

#[test]
fn refuses_a_newer_database() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("p.sqlite3");
    Connection::open(&path).unwrap().pragma_update(None, "user_version", 999).unwrap();
    let r = Sqlite::open(&path, &tmp.path().join("k.json"), OpenMode::Create);
    assert!(matches!(r, Err(StorageError::TooNew { found: 999, .. })));
}

#[test]
fn numbers_per_agency_and_day_and_a_filing_is_its_id_and_its_key() {
    let tmp = tempfile::tempdir().unwrap();
    let db = open(tmp.path());
    let r1 = created(db.store(&new_case("a", "k1", r#"{"m":1}"#, b"one", t())).unwrap());
    assert_eq!(r1.case_number, "01.00004-261123-0001");
    assert_eq!(r1.expected_result_date, "2026-11-26");
    assert_eq!(r1.received_at, "2026-11-22T17:30:00.000Z");
    let r2 = created(db.store(&new_case("b", "k1", r#"{"m":2}"#, b"two", t())).unwrap());
    assert_eq!(r2.case_number, "01.00004-261123-0002");

    // The same signed manifest again, even in other container bytes: the first receipt.
    let again = db.store(&new_case("a", "k1", r#"{"m":1}"#, b"one, re-encoded", t().plus_millis(5000))).unwrap();
    assert_eq!(again, Stored::Duplicate(serde_json::to_string(&r1).unwrap()));
    // Another manifest under the same id by the same key: refused.
    assert_eq!(db.store(&new_case("a", "k1", r#"{"m":9}"#, b"other", t())).unwrap(), Stored::Conflict);
    // Another key's bundle under a taken id is another filing: never refused because of the first.
    let squatted = created(db.store(&new_case("a", "k2", r#"{"m":1}"#, b"genuine", t())).unwrap());
    assert_eq!(squatted.case_number, "01.00004-261123-0003");
    assert_eq!(
        db.previous("a", "k2", &tokhai_core::bundle::sha256_hex(br#"{"m":1}"#)).unwrap(),
        Some(Stored::Duplicate(serde_json::to_string(&squatted).unwrap()))
    );

    // Lookups: by case number, by bundle id and device key; an id two keys used is ambiguous without one.
    assert!(matches!(db.find("01.00004-261123-0003", None).unwrap(), Lookup::One(v) if v.bundle_id == "a"));
    assert!(matches!(db.find("a", Some("k2")).unwrap(), Lookup::One(v) if v.case_number == squatted.case_number));
    assert_eq!(
        db.find("a", None).unwrap(),
        Lookup::Several(vec!["01.00004-261123-0001".into(), "01.00004-261123-0003".into()])
    );
    assert_eq!(db.find("a", Some("k3")).unwrap(), Lookup::None);
    assert_eq!(
        db.bundle_file("a", Some("k2")).unwrap(),
        Lookup::One((squatted.case_number.clone(), b"genuine".to_vec()))
    );
    assert!(matches!(db.bundle_file("a", None).unwrap(), Lookup::Several(n) if n.len() == 2));
    assert_eq!(db.bundle_file("b", None).unwrap(), Lookup::One((r2.case_number.clone(), b"two".to_vec())));

    // Cases advance by case number; a bundle id two keys used must not be guessed at.
    assert_eq!(db.advance(&r1.case_number, t()).unwrap().1, CaseStatus::Processing);
    assert!(matches!(db.advance("a", t()), Err(AdvanceError::Ambiguous { .. })));
    assert_eq!(db.advance("b", t()).unwrap(), (r2.case_number.clone(), CaseStatus::Processing));
    assert_eq!(db.advance(&r1.case_number, t().plus_millis(1)).unwrap().1, CaseStatus::ResultReady);
    assert!(matches!(db.advance(&r1.case_number, t()), Err(AdvanceError::Final(_))));
    assert!(matches!(db.advance("zzz", t()), Err(AdvanceError::Unknown(_))));
    let Lookup::One(view) = db.find(&r1.case_number, None).unwrap() else { panic!() };
    assert_eq!(view.history.iter().map(|h| h.status).collect::<Vec<_>>(), CaseStatus::ALL);
    assert_eq!(db.list().unwrap().len(), 3);
}

/// A central-level case has no province or ward: its number starts `TW`,
/// counts apart from the provinces' cases, reads back without a province and
/// is found by its number like any other.
#[test]
fn a_central_agency_numbers_and_reads_back_without_a_province() {
    let tmp = tempfile::tempdir().unwrap();
    let db = open(tmp.path());
    let central = |id: &str| {
        let mut c = new_case(id, "k1", &format!(r#"{{"m":"{id}"}}"#), id.as_bytes(), t());
        c.agency = Agency { code: "TW".into(), province: None, ward: None, name: "Cục Sở hữu trí tuệ".into() };
        c
    };
    created(db.store(&new_case("a", "k1", r#"{"m":1}"#, b"one", t())).unwrap());
    let r1 = created(db.store(&central("c1")).unwrap());
    let r2 = created(db.store(&central("c2")).unwrap());
    assert_eq!((r1.case_number.as_str(), r2.case_number.as_str()), ("TW-261123-0001", "TW-261123-0002"));
    assert_eq!((r1.agency.province.as_deref(), r1.agency.ward.as_deref()), (None, None));
    let Stored::Duplicate(json) = db.store(&central("c1")).unwrap() else { panic!("the first receipt again") };
    assert!(!json.contains("province") && !json.contains("ward"), "{json}");
    assert!(matches!(db.find("TW-261123-0002", None).unwrap(), Lookup::One(v) if v.bundle_id == "c2" && v.agency == "TW"));
    assert_eq!(db.advance(&r1.case_number, t()).unwrap(), (r1.case_number.clone(), CaseStatus::Processing));
}

#[test]
fn dossiers_are_sealed_at_rest_and_the_operator_reads_back() {
    let tmp = tempfile::tempdir().unwrap();
    let db = open(tmp.path());
    let op = Operator {
        name: "Trần Thị Bình".into(),
        role: OperatorRole::Counter,
        station: "Bộ phận một cửa phường Ba Đình".into(),
        home_ward: "00004".into(),
        consent_at: "2026-11-23T07:55:00.000Z".into(),
        consent_text: "Tôi, Lê Thị Riêng Tư, đồng ý".into(),
    };
    let manifest = r#"{"data":{"hoTen":"Lê Thị Riêng Tư","soCCCD":"001090099999"}}"#;
    let bundle = b"PK... CCCD 001090099999 Le Thi Rieng Tu";
    db.store(&NewCase { operator: Some(op.clone()), ..new_case("a", "k1", manifest, bundle, t()) }).unwrap();
    let Lookup::One((view, receipt)) = db.detail("a").unwrap() else { panic!() };
    assert_eq!(view.operator, Some(op));
    assert_eq!(receipt.bundle_id, "a");
    drop(db);
    // Nothing personal in the database file or its WAL.
    let path = tmp.path().join("data/p.sqlite3");
    for f in [path.clone(), private_fs::sibling(&path, "-wal")] {
        let bytes = std::fs::read(&f).unwrap_or_default();
        for secret in ["Riêng Tư".as_bytes(), b"001090099999", b"Le Thi Rieng Tu", "Trần Thị Bình".as_bytes()] {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret), "{} holds plaintext", f.display());
        }
    }
    // Without its key file the database does not open (and no new key is made over it).
    std::fs::rename(tmp.path().join("keys/data-key.json"), tmp.path().join("elsewhere.json")).unwrap();
    assert!(matches!(
        Sqlite::open(&path, &tmp.path().join("keys/data-key.json"), OpenMode::Create),
        Err(StorageError::MissingKeyFile { .. })
    ));
    assert!(!tmp.path().join("keys/data-key.json").exists());
    // With another key file, neither.
    let other = tmp.path().join("other.json");
    DataKeys::generate("t").unwrap().write_new(&other).unwrap();
    assert!(matches!(Sqlite::open(&path, &other, OpenMode::Create), Err(StorageError::KeyNotInFile { .. })));
    let db = Sqlite::open(&path, &tmp.path().join("elsewhere.json"), OpenMode::Existing).unwrap();
    assert_eq!(db.bundle_file("a", None).unwrap(), Lookup::One((receipt.case_number, bundle.to_vec())));
}

#[test]
fn a_version_3_database_is_sealed_on_upgrade() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("p.sqlite3");
    {
        let c = Connection::open(&path).unwrap();
        for m in &MIGRATIONS[..3] {
            let Migration::Sql(sql) = m else { unreachable!() };
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 3).unwrap();
        let manifest = r#"{"device":{"kid":"kid-a"},"id":"a","operator":{"name":"Trần Thị Bình"}}"#;
        c.execute(
            "INSERT INTO bundles (id, sha256, size, bytes, manifest, procedure_code, catalog_version, schema_version,
                                  catalog_etag, signer_kid, received_at, operator_name, operator_role, operator_station,
                                  operator_home_ward, consent_text, consent_at)
             VALUES ('a', 'x', 9, CAST('Bí Mật PK' AS BLOB), ?1, '1.001193', 'v', '1', 'e', NULL, 't',
                     'Trần Thị Bình', 'outreach', 'Tổ 5', '00166', 'Tôi, Bí Mật, …', '2026-11-22T02:55:00.000Z')",
            params![manifest],
        )
        .unwrap();
        c.execute(
            "INSERT INTO cases (case_number, bundle_id, agency, day, seq, status, received_at, expected_result_date,
                                updated_at, receipt)
             VALUES ('01.00166-261122-0001', 'a', '01.00166', '261122', 1, 'received', 't', 'd', 't', '{}')",
            [],
        )
        .unwrap();
        c.execute(
            "INSERT INTO case_history (case_number, status, at) VALUES ('01.00166-261122-0001', 'received', 't')",
            [],
        )
        .unwrap();
    }
    let db = Sqlite::open(&path, &tmp.path().join("k.json"), OpenMode::Create).unwrap();
    let Lookup::One(view) = db.find("a", Some("kid-a")).unwrap() else { panic!("the signer comes from the manifest") };
    let op = view.operator.unwrap();
    assert_eq!(
        (op.name.as_str(), op.role, op.consent_text.as_str()),
        ("Trần Thị Bình", OperatorRole::Outreach, "Tôi, Bí Mật, …")
    );
    assert_eq!(view.history.len(), 1);
    assert_eq!(
        db.bundle_file("a", None).unwrap(),
        Lookup::One(("01.00166-261122-0001".into(), "Bí Mật PK".as_bytes().to_vec()))
    );
    drop(db);
    for f in [path.clone(), private_fs::sibling(&path, "-wal")] {
        let bytes = std::fs::read(&f).unwrap_or_default();
        assert!(!bytes.windows("Bí Mật".len()).any(|w| w == "Bí Mật".as_bytes()), "{} holds plaintext", f.display());
    }
}

#[tokio::test]
async fn rotating_the_data_key_reseals_everything_even_while_the_portal_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let (db_path, key_path) = (tmp.path().join("p.sqlite3"), tmp.path().join("keys/data-key.json"));
    // The running portal, and the clerk's command on the same files.
    let portal = Storage::open(&db_path, &key_path, OpenMode::Create).unwrap();
    for i in 0..45 {
        portal
            .store(new_case(&format!("id-{i}"), "k1", &format!("{{\"n\":{i}}}"), format!("bundle {i}").as_bytes(), t()))
            .await
            .unwrap();
    }
    let old = DataKeys::load(&key_path).unwrap().unwrap().current();
    let cli = Storage::open(&db_path, &key_path, OpenMode::Existing).unwrap();
    let rotation = cli.rotate_data_key(t()).await.unwrap();
    assert_eq!(rotation.resealed, 45);
    assert_eq!(rotation.dropped, [old.hex()]);
    let keys = DataKeys::load(&key_path).unwrap().unwrap();
    assert_eq!(keys.ids().len(), 1, "the old key left the file");
    assert_ne!(keys.current(), old);
    // The portal that was running reads the resealed values and seals new ones under the new key.
    assert!(matches!(portal.bundle_file("id-3".into(), None).await.unwrap(), Lookup::One((_, b)) if b == b"bundle 3"));
    portal.store(new_case("new", "k1", "{}", b"after", t())).await.unwrap();
    let blob: Vec<u8> =
        cli.inner.conn().query_row("SELECT bytes FROM filings WHERE bundle_id = 'new'", [], |r| r.get(0)).unwrap();
    assert_eq!(KeyId::of_sealed(&blob), Some(keys.current()));
    assert_eq!(cli.list().await.unwrap().len(), 46);
}
