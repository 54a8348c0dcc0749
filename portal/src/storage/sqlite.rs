//! The SQLite backend: one file, numbered migrations tracked in `PRAGMA
//! user_version`, WAL journal so reads never wait for the intake, and
//! `synchronous = FULL`: the WAL is synced at every commit, so a case
//! acknowledged with `201` survives an OS crash or a power cut (with NORMAL
//! the last commits can roll back, and the case number go to another bundle).
//!
//! The database file, its `-wal` and `-shm` are private (0600, in a 0700
//! directory when the portal creates it), and dossiers in it are sealed
//! (`sealing.rs`).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use tokhai_core::time::Instant;

use super::sealing::{self, DataKeys, KeyId, OpenError};
use super::{AdvanceError, Lookup, OpenMode, Rotation, StorageError};
use crate::cases::{
    case_number, parse_role, role_str, yymmdd, CaseStatus, CaseView, HistoryEntry, NewCase, Operator, Receipt, Stored,
};
use crate::private_fs;

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        StorageError::Backend(e.to_string())
    }
}

impl From<rusqlite::Error> for AdvanceError {
    fn from(e: rusqlite::Error) -> Self {
        AdvanceError::Storage(e.into())
    }
}

/// One schema migration; its index + 1 is the schema version. Never edit a
/// shipped migration: add a new one.
enum Migration {
    Sql(&'static str),
    /// Migrations that must seal what they move.
    Code(fn(&Transaction<'_>, &DataKeys) -> Result<(), StorageError>),
}

const MIGRATIONS: &[Migration] = &[
    // 1: every catalog document the portal has served, so a bundle filed
    //    offline against an older catalog can be checked against that version.
    Migration::Sql(
        "CREATE TABLE catalogs (
            etag TEXT PRIMARY KEY,
            catalog_id TEXT NOT NULL,
            version TEXT NOT NULL,
            body BLOB NOT NULL,
            first_loaded_at TEXT NOT NULL
        );",
    ),
    // 2: the bundle intake (replaced by version 4).
    Migration::Sql(
        "CREATE TABLE bundles (
            id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            bytes BLOB NOT NULL,
            manifest TEXT NOT NULL,
            procedure_code TEXT NOT NULL,
            catalog_version TEXT NOT NULL,
            schema_version TEXT NOT NULL,
            catalog_etag TEXT NOT NULL,
            signer_kid TEXT,
            received_at TEXT NOT NULL
        );
        CREATE TABLE cases (
            case_number TEXT PRIMARY KEY,
            bundle_id TEXT NOT NULL UNIQUE REFERENCES bundles(id),
            agency TEXT NOT NULL,
            day TEXT NOT NULL,
            seq INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('received', 'processing', 'result_ready')),
            received_at TEXT NOT NULL,
            expected_result_date TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            receipt TEXT NOT NULL,
            UNIQUE (agency, day, seq)
        );
        CREATE TABLE case_history (
            case_number TEXT NOT NULL REFERENCES cases(case_number),
            status TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (case_number, status)
        );",
    ),
    // 3: assisted filing: the manifest's operator block, in plain columns
    //    (sealed into `filings.operator` by version 4).
    Migration::Sql(
        "ALTER TABLE bundles ADD COLUMN operator_name TEXT;
        ALTER TABLE bundles ADD COLUMN operator_role TEXT;
        ALTER TABLE bundles ADD COLUMN operator_station TEXT;
        ALTER TABLE bundles ADD COLUMN operator_home_ward TEXT;
        ALTER TABLE bundles ADD COLUMN consent_text TEXT;
        ALTER TABLE bundles ADD COLUMN consent_at TEXT;
        UPDATE bundles SET
            operator_name = json_extract(manifest, '$.operator.name'),
            operator_role = json_extract(manifest, '$.operator.role'),
            operator_station = json_extract(manifest, '$.operator.station'),
            operator_home_ward = json_extract(manifest, '$.operator.homeWard'),
            consent_text = json_extract(manifest, '$.operator.consent.text'),
            consent_at = json_extract(manifest, '$.operator.consent.confirmedAt')
        WHERE json_valid(manifest) AND json_type(manifest, '$.operator') = 'object';",
    ),
    // 4: a filing is identified by its bundle id *and* the key that signed it
    //    (a bundle id learnt by someone else cannot be taken: another key's
    //    bundle under the same id is another filing), deduplicated on the
    //    signed manifest's digest; its bytes, manifest and operator block are
    //    sealed. `data_keys` records which data keys exist (ids only).
    Migration::Code(migrate_to_filings),
];

fn migrate_to_filings(tx: &Transaction<'_>, keys: &DataKeys) -> Result<(), StorageError> {
    tx.execute_batch(
        "CREATE TABLE data_keys (
            id TEXT PRIMARY KEY,
            added_at TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('current', 'retired', 'dropped'))
        );
        CREATE UNIQUE INDEX data_keys_one_current ON data_keys(state) WHERE state = 'current';
        CREATE TABLE filings (
            bundle_id TEXT NOT NULL,
            signer_kid TEXT NOT NULL,
            manifest_sha256 TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            bytes BLOB NOT NULL,
            manifest BLOB NOT NULL,
            operator BLOB,
            procedure_code TEXT NOT NULL,
            catalog_version TEXT NOT NULL,
            schema_version TEXT NOT NULL,
            catalog_etag TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (bundle_id, signer_kid)
        );
        CREATE TABLE cases_v4 (
            case_number TEXT PRIMARY KEY,
            bundle_id TEXT NOT NULL,
            signer_kid TEXT NOT NULL,
            agency TEXT NOT NULL,
            day TEXT NOT NULL,
            seq INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('received', 'processing', 'result_ready')),
            received_at TEXT NOT NULL,
            expected_result_date TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            receipt TEXT NOT NULL,
            UNIQUE (agency, day, seq),
            UNIQUE (bundle_id, signer_kid),
            FOREIGN KEY (bundle_id, signer_kid) REFERENCES filings(bundle_id, signer_kid)
        );",
    )?;
    {
        let mut read = tx.prepare(
            "SELECT id, COALESCE(signer_kid, json_extract(manifest, '$.device.kid'), ''), sha256, size, bytes, manifest,
                    procedure_code, catalog_version, schema_version, catalog_etag, received_at,
                    operator_name, operator_role, operator_station, operator_home_ward, consent_text, consent_at
             FROM bundles",
        )?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let (id, kid): (String, String) = (r.get(0)?, r.get(1)?);
            let manifest: String = r.get(5)?;
            let bytes: Vec<u8> = r.get(4)?;
            let operator = match (r.get::<_, Option<String>>(11)?, r.get::<_, Option<String>>(12)?) {
                (Some(name), Some(role)) => Some(StoredOperator {
                    name,
                    role,
                    station: r.get::<_, Option<String>>(13)?.unwrap_or_default(),
                    home_ward: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
                    consent_text: r.get::<_, Option<String>>(15)?.unwrap_or_default(),
                    consent_at: r.get::<_, Option<String>>(16)?.unwrap_or_default(),
                }),
                _ => None,
            };
            let sealed = Sealed::new(keys, &id, &kid, &bytes, manifest.as_bytes(), operator.as_ref());
            tx.execute(
                "INSERT INTO filings (bundle_id, signer_kid, manifest_sha256, sha256, size, bytes, manifest, operator,
                                      procedure_code, catalog_version, schema_version, catalog_etag, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    id,
                    kid,
                    tokhai_core::bundle::sha256_hex(manifest.as_bytes()),
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    sealed.bytes,
                    sealed.manifest,
                    sealed.operator,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                    r.get::<_, String>(10)?,
                ],
            )?;
        }
    }
    tx.execute_batch(
        "INSERT INTO cases_v4 (case_number, bundle_id, signer_kid, agency, day, seq, status, received_at,
                               expected_result_date, updated_at, receipt)
            SELECT c.case_number, c.bundle_id, f.signer_kid, c.agency, c.day, c.seq, c.status, c.received_at,
                   c.expected_result_date, c.updated_at, c.receipt
            FROM cases c JOIN filings f ON f.bundle_id = c.bundle_id;
        DROP TABLE cases;
        DROP TABLE bundles;
        ALTER TABLE cases_v4 RENAME TO cases;",
    )?;
    Ok(())
}

/// The operator block as sealed in `filings.operator`.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredOperator {
    name: String,
    role: String,
    station: String,
    home_ward: String,
    consent_text: String,
    consent_at: String,
}

impl StoredOperator {
    fn of(op: &Operator) -> StoredOperator {
        StoredOperator {
            name: op.name.clone(),
            role: role_str(op.role).to_owned(),
            station: op.station.clone(),
            home_ward: op.home_ward.clone(),
            consent_text: op.consent_text.clone(),
            consent_at: op.consent_at.clone(),
        }
    }

    fn into_operator(self) -> Operator {
        Operator {
            name: self.name,
            // Only the three roles are ever stored (the manifest admits no other).
            role: parse_role(&self.role).unwrap_or(tokhai_core::bundle::OperatorRole::Volunteer),
            station: self.station,
            home_ward: self.home_ward,
            consent_at: self.consent_at,
            consent_text: self.consent_text,
        }
    }
}

/// The sealed columns of one filing.
struct Sealed {
    bytes: Vec<u8>,
    manifest: Vec<u8>,
    operator: Option<Vec<u8>>,
}

fn column_aad(column: &str, bundle_id: &str, kid: &str) -> Vec<u8> {
    sealing::aad(&format!("filings.{column}"), &[bundle_id, kid])
}

impl Sealed {
    fn new(keys: &DataKeys, id: &str, kid: &str, bytes: &[u8], manifest: &[u8], op: Option<&StoredOperator>) -> Sealed {
        Sealed {
            bytes: keys.seal(&column_aad("bytes", id, kid), bytes),
            manifest: keys.seal(&column_aad("manifest", id, kid), manifest),
            operator: op.map(|o| {
                let json = serde_json::to_vec(o).expect("strings serialize");
                keys.seal(&column_aad("operator", id, kid), &json)
            }),
        }
    }
}

pub(super) struct Sqlite {
    conn: Mutex<Connection>,
    keys: RwLock<DataKeys>,
    key_path: PathBuf,
    path: PathBuf,
}

impl Sqlite {
    pub fn open(path: &Path, key_path: &Path, mode: OpenMode) -> Result<Sqlite, StorageError> {
        let created = !path.exists();
        if created && mode == OpenMode::Existing {
            return Err(StorageError::Missing(path.to_path_buf()));
        }
        if let Some(dir) = path.parent() {
            private_fs::create_dir(dir).map_err(|source| StorageError::Create { path: dir.to_path_buf(), source })?;
        }
        if created {
            // An empty file is an empty database; made here so it is 0600 from the start.
            private_fs::write_new(path, b"")
                .map_err(|source| StorageError::Create { path: path.to_path_buf(), source })?;
        }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let f = private_fs::sibling(path, suffix);
            private_fs::tighten(&f).map_err(|source| StorageError::Create { path: f, source })?;
        }
        let open_err = |e: rusqlite::Error| StorageError::Open { path: path.to_path_buf(), message: e.to_string() };
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;",
        )
        .map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(open_err)?;

        let now = crate::now().to_rfc3339();
        let mut keys = match DataKeys::load(key_path)? {
            Some(k) => k,
            None => {
                let needed = recorded_keys(&conn)?;
                if !needed.is_empty() || mode == OpenMode::Existing {
                    return Err(StorageError::MissingKeyFile { path: key_path.to_path_buf(), ids: needed.join(", ") });
                }
                let k = DataKeys::generate(&now)?;
                k.write_new(key_path)?;
                tracing::info!(
                    "created the data key {} (it seals the dossiers in the database: back it up, apart from the database)",
                    key_path.display()
                );
                k
            }
        };
        let sealed_plaintext = migrate(&mut conn, path, &keys)?;
        sync_key_records(&conn, &mut keys, key_path, &now)?;
        if sealed_plaintext {
            // Plaintext of the old tables must not linger in free pages or the WAL.
            conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
        }
        for suffix in ["-wal", "-shm"] {
            let f = private_fs::sibling(path, suffix);
            private_fs::tighten(&f).map_err(|source| StorageError::Create { path: f, source })?;
        }
        Ok(Sqlite {
            conn: Mutex::new(conn),
            keys: RwLock::new(keys),
            key_path: key_path.to_path_buf(),
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock poisons it; the connection itself is still sound.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn keys(&self) -> std::sync::RwLockReadGuard<'_, DataKeys> {
        self.keys.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Reads the key file again (a rotation by `tokhai-portal data-key rotate`
    /// while the portal runs) and makes `current` the sealing key.
    fn reload_keys(&self, current: Option<KeyId>) -> Result<(), StorageError> {
        let mut loaded = DataKeys::load(&self.key_path)?
            .ok_or_else(|| StorageError::MissingKeyFile { path: self.key_path.clone(), ids: String::new() })?;
        if let Some(id) = current {
            if !loaded.make_current(id) {
                return Err(StorageError::KeyNotInFile { id: id.hex(), path: self.key_path.clone() });
            }
        }
        *self.keys.write().unwrap_or_else(|p| p.into_inner()) = loaded;
        Ok(())
    }

    /// Makes sure the sealing key is the one the database names current.
    fn ensure_current_key(&self, conn: &Connection) -> Result<(), StorageError> {
        let current: Option<String> =
            conn.query_row("SELECT id FROM data_keys WHERE state = 'current'", [], |r| r.get(0)).optional()?;
        let Some(id) = current.as_deref().and_then(KeyId::parse) else {
            return Err(StorageError::Corrupt("no current data key is recorded".into()));
        };
        if self.keys().current() == id {
            return Ok(());
        }
        let switched = self.keys.write().unwrap_or_else(|p| p.into_inner()).make_current(id);
        if switched {
            Ok(())
        } else {
            self.reload_keys(Some(id))
        }
    }

    fn open_sealed(&self, column: &str, bundle_id: &str, kid: &str, blob: &[u8]) -> Result<Vec<u8>, StorageError> {
        let aad = column_aad(column, bundle_id, kid);
        let first = self.keys().open(&aad, blob);
        match first {
            Err(OpenError::UnknownKey(_)) => {
                let current = self.keys().current();
                self.reload_keys(Some(current)).or_else(|_| self.reload_keys(None))?;
                Ok(self.keys().open(&aad, blob)?)
            }
            other => Ok(other?),
        }
    }

    fn open_operator(
        &self,
        bundle_id: &str,
        kid: &str,
        blob: Option<Vec<u8>>,
    ) -> Result<Option<Operator>, StorageError> {
        let Some(blob) = blob else { return Ok(None) };
        let json = self.open_sealed("operator", bundle_id, kid, &blob)?;
        let op: StoredOperator =
            serde_json::from_slice(&json).map_err(|e| StorageError::Corrupt(format!("operator block: {e}")))?;
        Ok(Some(op.into_operator()))
    }

    pub fn durability(&self) -> Result<String, StorageError> {
        let level: i64 = self.conn().query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        Ok(match level {
            0 => "OFF",
            1 => "NORMAL",
            2 => "FULL",
            3 => "EXTRA",
            _ => "?",
        }
        .to_owned())
    }

    pub fn record_catalog(
        &self,
        etag: &str,
        id: &str,
        version: &str,
        body: &[u8],
        now: Instant,
    ) -> Result<(), StorageError> {
        self.conn().execute(
            "INSERT OR IGNORE INTO catalogs (etag, catalog_id, version, body, first_loaded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![etag, id, version, body, now.to_rfc3339()],
        )?;
        Ok(())
    }

    pub fn catalog_version(&self, id: &str, version: &str) -> Result<Option<(String, Vec<u8>)>, StorageError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT etag, body FROM catalogs WHERE catalog_id = ?1 AND version = ?2
             ORDER BY first_loaded_at DESC LIMIT 1",
        )?;
        Ok(stmt.query_row(params![id, version], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
    }

    pub fn previous(&self, bundle_id: &str, kid: &str, manifest_sha256: &str) -> Result<Option<Stored>, StorageError> {
        previous(&self.conn(), bundle_id, kid, manifest_sha256)
    }

    /// Stores the filing and opens its case, in one transaction. The write
    /// lock is taken first (`BEGIN IMMEDIATE`), so check-then-insert cannot
    /// race with another writer, and the keys would refuse a duplicate anyway.
    pub fn store(&self, new: &NewCase) -> Result<Stored, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(seen) = previous(&tx, &new.bundle_id, &new.signer_kid, &new.manifest_sha256)? {
            return Ok(seen);
        }
        self.ensure_current_key(&tx)?;
        let day = new.received_at.vietnam_date();
        let day_key = yymmdd(day);
        let seq: u32 = tx.query_row(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM cases WHERE agency = ?1 AND day = ?2",
            params![new.agency.code, day_key],
            |r| r.get(0),
        )?;
        let number = case_number(&new.agency.code, day, seq);
        let received_at = new.received_at.to_rfc3339();
        let receipt = Receipt {
            bundle_id: new.bundle_id.clone(),
            case_number: number.clone(),
            received_at: received_at.clone(),
            expected_result_date: day.add_working_days(new.working_days).to_string(),
            status: CaseStatus::Received,
            procedure: new.procedure.clone(),
            agency: new.agency.clone(),
        };
        let receipt_json = serde_json::to_string(&receipt).map_err(|e| StorageError::Worker(e.to_string()))?;
        let sealed = Sealed::new(
            &self.keys(),
            &new.bundle_id,
            &new.signer_kid,
            &new.bytes,
            new.manifest.as_bytes(),
            new.operator.as_ref().map(StoredOperator::of).as_ref(),
        );
        tx.execute(
            "INSERT INTO filings (bundle_id, signer_kid, manifest_sha256, sha256, size, bytes, manifest, operator,
                                  procedure_code, catalog_version, schema_version, catalog_etag, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                new.bundle_id,
                new.signer_kid,
                new.manifest_sha256,
                new.sha256,
                new.bytes.len() as i64,
                sealed.bytes,
                sealed.manifest,
                sealed.operator,
                new.procedure.code,
                new.procedure.catalog_version,
                new.procedure.schema_version,
                new.catalog_etag,
                received_at,
            ],
        )?;
        tx.execute(
            "INSERT INTO cases (case_number, bundle_id, signer_kid, agency, day, seq, status, received_at,
                                expected_result_date, updated_at, receipt)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'received', ?7, ?8, ?7, ?9)",
            params![
                number,
                new.bundle_id,
                new.signer_kid,
                new.agency.code,
                day_key,
                seq,
                received_at,
                receipt.expected_result_date,
                receipt_json
            ],
        )?;
        tx.execute(
            "INSERT INTO case_history (case_number, status, at) VALUES (?1, 'received', ?2)",
            params![number, received_at],
        )?;
        tx.commit()?;
        Ok(Stored::Created(receipt_json))
    }

    /// Cases matching a case number or a bundle id (and `device`), oldest first.
    fn matching(&self, conn: &Connection, key: &str, device: Option<&str>) -> Result<Vec<CaseView>, StorageError> {
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases c JOIN filings f ON f.bundle_id = c.bundle_id AND f.signer_kid = c.signer_kid
             WHERE (c.case_number = ?1 OR c.bundle_id = ?1) AND (?2 IS NULL OR c.signer_kid = ?2)
             ORDER BY c.case_number = ?1 DESC, c.received_at, c.case_number"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![key, device], case_row)?.collect::<Result<Vec<_>, _>>()?;
        // A case number matches one case, which wins over bundle ids.
        let rows = match rows.iter().position(|(v, _, _)| v.case_number == key) {
            Some(i) => vec![rows.into_iter().nth(i).expect("found")],
            None => rows,
        };
        rows.into_iter()
            .map(|(mut view, kid, op)| {
                view.operator = self.open_operator(&view.bundle_id, &kid, op)?;
                Ok(view)
            })
            .collect()
    }

    pub fn find(&self, key: &str, device: Option<&str>) -> Result<Lookup<CaseView>, StorageError> {
        let conn = self.conn();
        let mut rows = self.matching(&conn, key, device)?;
        match rows.len() {
            0 => Ok(Lookup::None),
            1 => {
                let mut view = rows.remove(0);
                view.history = history(&conn, &view.case_number)?;
                Ok(Lookup::One(view))
            }
            _ => Ok(Lookup::Several(rows.into_iter().map(|v| v.case_number).collect())),
        }
    }

    pub fn detail(&self, key: &str) -> Result<Lookup<(CaseView, Receipt)>, StorageError> {
        let view = match self.find(key, None)? {
            Lookup::One(v) => v,
            Lookup::None => return Ok(Lookup::None),
            Lookup::Several(n) => return Ok(Lookup::Several(n)),
        };
        let receipt: String = self.conn().query_row(
            "SELECT receipt FROM cases WHERE case_number = ?1",
            params![view.case_number],
            |r| r.get(0),
        )?;
        let receipt =
            serde_json::from_str(&receipt).map_err(|e| StorageError::Corrupt(format!("stored receipt: {e}")))?;
        Ok(Lookup::One((view, receipt)))
    }

    pub fn bundle_file(
        &self,
        bundle_id: &str,
        device: Option<&str>,
    ) -> Result<Lookup<(String, Vec<u8>)>, StorageError> {
        let rows: Vec<(String, String, Vec<u8>)> = {
            let conn = self.conn();
            let mut stmt = conn.prepare_cached(
                "SELECT c.case_number, f.signer_kid, f.bytes FROM filings f
                 JOIN cases c ON c.bundle_id = f.bundle_id AND c.signer_kid = f.signer_kid
                 WHERE f.bundle_id = ?1 AND (?2 IS NULL OR f.signer_kid = ?2) ORDER BY c.received_at, c.case_number",
            )?;
            let rows = stmt.query_map(params![bundle_id, device], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        match rows.len() {
            0 => Ok(Lookup::None),
            1 => {
                let (number, kid, sealed) = rows.into_iter().next().expect("one row");
                Ok(Lookup::One((number, self.open_sealed("bytes", bundle_id, &kid, &sealed)?)))
            }
            _ => Ok(Lookup::Several(rows.into_iter().map(|(n, _, _)| n).collect())),
        }
    }

    pub fn list(&self) -> Result<Vec<CaseView>, StorageError> {
        let rows = {
            let conn = self.conn();
            let sql = format!(
                "SELECT {CASE_COLUMNS} FROM cases c
                 JOIN filings f ON f.bundle_id = c.bundle_id AND f.signer_kid = c.signer_kid
                 ORDER BY c.received_at DESC, c.case_number DESC"
            );
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map([], case_row)?.collect::<Result<Vec<_>, _>>()?;
            rows
        };
        rows.into_iter()
            .map(|(mut view, kid, op)| {
                view.operator = self.open_operator(&view.bundle_id, &kid, op)?;
                Ok(view)
            })
            .collect()
    }

    pub fn advance(&self, key: &str, at: Instant) -> Result<(String, CaseStatus), AdvanceError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let rows: Vec<(String, String)> = {
            let mut stmt = tx.prepare(
                "SELECT case_number, status FROM cases WHERE case_number = ?1 OR bundle_id = ?1
                     ORDER BY case_number = ?1 DESC, received_at",
            )?;
            let rows = stmt.query_map(params![key], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let (number, status) = match rows.as_slice() {
            [] => return Err(AdvanceError::Unknown(key.to_owned())),
            [(n, _), ..] if n == key => rows[0].clone(),
            [one] => one.clone(),
            several => {
                return Err(AdvanceError::Ambiguous {
                    key: key.to_owned(),
                    cases: several.iter().map(|(n, _)| n.clone()).collect(),
                })
            }
        };
        let current = CaseStatus::parse(&status).unwrap_or(CaseStatus::Received);
        let Some(next) = current.next() else {
            return Err(AdvanceError::Final(number));
        };
        let at = at.to_rfc3339();
        tx.execute(
            "UPDATE cases SET status = ?2, updated_at = ?3 WHERE case_number = ?1",
            params![number, next.as_str(), at],
        )?;
        tx.execute(
            "INSERT INTO case_history (case_number, status, at) VALUES (?1, ?2, ?3)",
            params![number, next.as_str(), at],
        )?;
        tx.commit()?;
        Ok((number, next))
    }

    /// See [`super::Storage::rotate_data_key`]. Safe while the portal runs:
    /// the new key is in the file before the database names it current, the
    /// portal checks the current key in every storing transaction, and a key
    /// leaves the file only once no sealed value uses it.
    pub fn rotate_data_key(&self, now: Instant) -> Result<Rotation, StorageError> {
        let now = now.to_rfc3339();
        // 1. The new key goes into the key file (old keys stay).
        let new_id = {
            let mut keys = self.keys.write().unwrap_or_else(|p| p.into_inner());
            let id = keys.add_new(&now)?;
            keys.replace(&self.key_path)?;
            id
        };
        // 2. The database names it current.
        {
            let mut conn = self.conn();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute("UPDATE data_keys SET state = 'retired' WHERE state = 'current'", [])?;
            tx.execute(
                "INSERT INTO data_keys (id, added_at, state) VALUES (?1, ?2, 'current')",
                params![new_id.hex(), now],
            )?;
            tx.commit()?;
        }
        // 3. Every value sealed under another key is sealed again, a batch per transaction.
        let prefix = {
            let mut p = vec![1u8];
            p.extend_from_slice(&new_id.0);
            p
        };
        let mut resealed = 0;
        loop {
            let mut conn = self.conn();
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            self.ensure_current_key(&tx)?;
            let batch: Vec<(String, String, Vec<u8>, Vec<u8>, Option<Vec<u8>>)> = {
                let mut stmt = tx.prepare(
                    "SELECT bundle_id, signer_kid, bytes, manifest, operator FROM filings
                     WHERE substr(bytes, 1, 9) != ?1 OR substr(manifest, 1, 9) != ?1
                        OR (operator IS NOT NULL AND substr(operator, 1, 9) != ?1)
                     LIMIT 20",
                )?;
                let rows =
                    stmt.query_map(params![prefix], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
                rows.collect::<Result<_, _>>()?
            };
            if batch.is_empty() {
                break;
            }
            for (id, kid, bytes, manifest, operator) in batch {
                let keys = self.keys();
                let reseal = |column: &str, blob: &[u8]| -> Result<Vec<u8>, StorageError> {
                    let aad = column_aad(column, &id, &kid);
                    Ok(keys.seal(&aad, &keys.open(&aad, blob)?))
                };
                let (bytes, manifest) = (reseal("bytes", &bytes)?, reseal("manifest", &manifest)?);
                let operator = operator.map(|o| reseal("operator", &o)).transpose()?;
                tx.execute(
                    "UPDATE filings SET bytes = ?3, manifest = ?4, operator = ?5 WHERE bundle_id = ?1 AND signer_kid = ?2",
                    params![id, kid, bytes, manifest, operator],
                )?;
                resealed += 1;
            }
            tx.commit()?;
        }
        // 4. Keys no value uses any more leave the key file (the database keeps their ids).
        let mut dropped = Vec::new();
        {
            let conn = self.conn();
            let retired: Vec<String> = {
                let mut stmt = conn.prepare("SELECT id FROM data_keys WHERE state = 'retired'")?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                rows.collect::<Result<_, _>>()?
            };
            let mut keys = self.keys.write().unwrap_or_else(|p| p.into_inner());
            for hex in retired {
                let Some(id) = KeyId::parse(&hex) else { continue };
                let mut p = vec![1u8];
                p.extend_from_slice(&id.0);
                let used: bool = conn.query_row(
                    "SELECT EXISTS (SELECT 1 FROM filings WHERE substr(bytes, 1, 9) = ?1 OR substr(manifest, 1, 9) = ?1
                                    OR substr(operator, 1, 9) = ?1)",
                    params![p],
                    |r| r.get(0),
                )?;
                if !used {
                    keys.remove(id);
                    dropped.push(hex);
                }
            }
            keys.replace(&self.key_path)?;
            for hex in &dropped {
                conn.execute("UPDATE data_keys SET state = 'dropped' WHERE id = ?1", params![hex])?;
            }
        }
        Ok(Rotation { new_key: new_id.hex(), resealed, dropped })
    }
}

const CASE_COLUMNS: &str = "c.bundle_id, c.case_number, c.status, c.received_at, c.expected_result_date, c.updated_at,
     f.procedure_code, c.agency, c.signer_kid, f.operator";

/// A case row: the view (operator not yet opened), the signer, the sealed operator block.
fn case_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(CaseView, String, Option<Vec<u8>>)> {
    let status: String = r.get(2)?;
    let view = CaseView {
        bundle_id: r.get(0)?,
        case_number: r.get(1)?,
        status: CaseStatus::parse(&status).unwrap_or(CaseStatus::Received),
        received_at: r.get(3)?,
        expected_result_date: r.get(4)?,
        updated_at: r.get(5)?,
        procedure: r.get(6)?,
        agency: r.get(7)?,
        history: Vec::new(),
        operator: None,
    };
    Ok((view, r.get(8)?, r.get(9)?))
}

fn history(conn: &Connection, case_number: &str) -> Result<Vec<HistoryEntry>, StorageError> {
    let mut stmt = conn.prepare_cached("SELECT status, at FROM case_history WHERE case_number = ?1 ORDER BY rowid")?;
    let rows = stmt.query_map(params![case_number], |r| {
        let status: String = r.get(0)?;
        Ok(HistoryEntry { status: CaseStatus::parse(&status).unwrap_or(CaseStatus::Received), at: r.get(1)? })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What this key filed before under `bundle_id`: the same manifest again
/// (`Duplicate`, whatever the container's bytes: an ECDSA signature can be
/// re-encoded by anyone), another manifest (`Conflict`), or nothing.
fn previous(
    conn: &Connection,
    bundle_id: &str,
    kid: &str,
    manifest_sha256: &str,
) -> Result<Option<Stored>, StorageError> {
    let existing: Option<(String, String)> = conn
        .query_row(
            "SELECT f.manifest_sha256, c.receipt FROM filings f
             JOIN cases c ON c.bundle_id = f.bundle_id AND c.signer_kid = f.signer_kid
             WHERE f.bundle_id = ?1 AND f.signer_kid = ?2",
            params![bundle_id, kid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(existing
        .map(|(sha, receipt)| if sha == manifest_sha256 { Stored::Duplicate(receipt) } else { Stored::Conflict }))
}

/// The data key ids the database records as needed (current or retired).
fn recorded_keys(conn: &Connection) -> Result<Vec<String>, StorageError> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data_keys')",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare("SELECT id FROM data_keys WHERE state != 'dropped' ORDER BY added_at")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records the key file's current key in a new database; in an existing one,
/// makes the database's current key the sealing key and checks that every
/// key still needed is in the file.
fn sync_key_records(conn: &Connection, keys: &mut DataKeys, key_path: &Path, now: &str) -> Result<(), StorageError> {
    let rows: Vec<(String, String)> = {
        let mut stmt = conn.prepare("SELECT id, state FROM data_keys WHERE state != 'dropped'")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    if rows.is_empty() {
        conn.execute(
            "INSERT INTO data_keys (id, added_at, state) VALUES (?1, ?2, 'current')",
            params![keys.current().hex(), now],
        )?;
        return Ok(());
    }
    for (hex, state) in &rows {
        let id = KeyId::parse(hex).ok_or_else(|| StorageError::Corrupt(format!("data key id {hex}")))?;
        if !keys.contains(id) {
            return Err(StorageError::KeyNotInFile { id: hex.clone(), path: key_path.to_path_buf() });
        }
        if state == "current" {
            keys.make_current(id);
        }
    }
    Ok(())
}

/// Applies the missing migrations; whether one of them sealed plaintext rows.
fn migrate(conn: &mut Connection, path: &Path, keys: &DataKeys) -> Result<bool, StorageError> {
    let known = MIGRATIONS.len() as i64;
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > known {
        return Err(StorageError::TooNew { path: path.to_path_buf(), found: current, known });
    }
    if current == known {
        return Ok(false);
    }
    // Tables are rebuilt: foreign keys are checked once, after every step.
    conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
    let mut sealed = false;
    for (i, step) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        match step {
            Migration::Sql(sql) => tx.execute_batch(sql)?,
            Migration::Code(f) => {
                f(&tx, keys)?;
                sealed = true;
            }
        }
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        let broken: Option<String> =
            tx.query_row("SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1", [], |r| r.get(0)).optional()?;
        if let Some(table) = broken {
            return Err(StorageError::Corrupt(format!("migration {} leaves a broken reference in {table}", i + 1)));
        }
        tx.commit()?;
        tracing::info!("database migrated to schema version {}", i + 1);
    }
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    Ok(sealed && current > 0)
}

#[cfg(test)]
mod tests;
