//! The portal's SQLite database: one file, numbered migrations tracked in
//! `PRAGMA user_version`, WAL journal so reads never wait for the intake.
//!
//! rusqlite is synchronous; calls go through [`Db::call`], which runs them on
//! the blocking pool so the async server never stalls on disk.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection};
use tokhai_core::time::Instant;

use crate::catalog::ServedCatalog;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot create directory {path}: {source}")]
    Dir { path: PathBuf, source: std::io::Error },
    #[error("{path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("the database {path} is at schema version {found}, newer than this portal knows ({known}); refusing to touch it")]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("{0}")]
    Sql(#[from] rusqlite::Error),
    #[error("database worker failed: {0}")]
    Worker(String),
}

/// Schema migrations, applied in order; index + 1 is the schema version.
/// Never edit a shipped migration: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: every catalog document the portal has served, so a bundle filed
    //    offline against an older catalog can be checked against that version.
    "CREATE TABLE catalogs (
        etag TEXT PRIMARY KEY,
        catalog_id TEXT NOT NULL,
        version TEXT NOT NULL,
        body BLOB NOT NULL,
        first_loaded_at TEXT NOT NULL
    );",
    // 2: the bundle intake. A bundle's id is its idempotency key; the bytes are
    //    kept verbatim (they carry the citizen's signature). One case per bundle,
    //    numbered per receiving agency and Vietnam day; its status history.
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
    // 3: assisted filing. When an operator (volunteer, outreach team member,
    //    counter officer) filed for the citizen, the manifest's operator block:
    //    who, in which role, where, their home ward, and the citizen's consent
    //    (its exact text and when it was confirmed). All NULL when the citizen
    //    filed alone. Bundles stored before this version get theirs from the
    //    manifest they were stored with.
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
];

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl Db {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Db, DbError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| DbError::Dir { path: dir.to_path_buf(), source })?;
        }
        let open_err = |source| DbError::Open { path: path.to_path_buf(), source };
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(open_err)?;
        migrate(&mut conn, path)?;
        Ok(Db { conn: Arc::new(Mutex::new(conn)), path: path.to_path_buf() })
    }

    /// The catalog document recorded for catalog `id` at `version` (the most
    /// recently loaded one if the same version was served with different bytes).
    pub async fn catalog_version(&self, id: String, version: String) -> Result<Option<(String, Vec<u8>)>, DbError> {
        self.call(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT etag, body FROM catalogs WHERE catalog_id = ?1 AND version = ?2
                 ORDER BY first_loaded_at DESC LIMIT 1",
            )?;
            let mut rows = stmt.query(params![id, version])?;
            match rows.next()? {
                Some(row) => Ok(Some((row.get(0)?, row.get(1)?))),
                None => Ok(None),
            }
        })
        .await
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with the connection on the blocking thread pool.
    pub async fn call<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock poisons it; the connection itself is still sound.
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| DbError::Worker(e.to_string()))?
    }

    /// Remembers the catalog document being served (once per distinct ETag).
    pub async fn record_catalog(&self, served: &ServedCatalog) -> Result<(), DbError> {
        let (etag, body) = (served.etag.clone(), served.body.clone());
        let (id, version) = (served.catalog.header.id.clone(), served.catalog.header.version.clone());
        let now = now().to_rfc3339();
        self.call(move |c| {
            c.execute(
                "INSERT OR IGNORE INTO catalogs (etag, catalog_id, version, body, first_loaded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![etag, id, version, body, now],
            )?;
            Ok(())
        })
        .await
    }
}

/// The wall clock, read only at the portal's edges.
pub fn now() -> Instant {
    let ms =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
    Instant(ms)
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), DbError> {
    let known = MIGRATIONS.len() as i64;
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > known {
        return Err(DbError::TooNew { path: path.to_path_buf(), found: current, known });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
        tracing::info!("database migrated to schema version {}", i + 1);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_the_directory_and_migrates_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/portal.sqlite3");
        let db = Db::open(&path).unwrap();
        assert!(path.is_file());
        drop(db);
        // Reopening must not re-run migrations (they would fail on existing tables).
        let db = Db::open(&path).unwrap();
        let v: i64 = db.conn.lock().unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
    }

    #[test]
    fn operators_of_bundles_stored_before_version_3_are_filled_in() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite3");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(MIGRATIONS[0]).unwrap();
            c.execute_batch(MIGRATIONS[1]).unwrap();
            c.pragma_update(None, "user_version", 2).unwrap();
            let manifest = r#"{"id":"a","operator":{"consent":{"confirmedAt":"2026-11-22T02:55:00.000Z","text":"Tôi, An, …"},"homeWard":"00166","name":"Trần Thị Bình","role":"outreach","station":"Tổ 5"}}"#;
            for (id, manifest) in [("a", manifest), ("b", r#"{"id":"b"}"#)] {
                c.execute(
                    "INSERT INTO bundles (id, sha256, size, bytes, manifest, procedure_code, catalog_version,
                                          schema_version, catalog_etag, received_at)
                     VALUES (?1, 'x', 0, x'', ?2, '1.001193', 'v', '1', 'e', 't')",
                    params![id, manifest],
                )
                .unwrap();
            }
        }
        let db = Db::open(&path).unwrap();
        let c = db.conn.lock().unwrap();
        let row = |id: &str| -> [Option<String>; 6] {
            c.query_row(
                "SELECT operator_name, operator_role, operator_station, operator_home_ward, consent_text, consent_at
                 FROM bundles WHERE id = ?1",
                params![id],
                |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?]),
            )
            .unwrap()
        };
        let filled = row("a").map(|v| v.unwrap());
        assert_eq!(
            filled,
            ["Trần Thị Bình", "outreach", "Tổ 5", "00166", "Tôi, An, …", "2026-11-22T02:55:00.000Z"].map(String::from)
        );
        assert_eq!(row("b"), [None, None, None, None, None, None]);
    }

    #[test]
    fn refuses_a_newer_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.sqlite3");
        {
            let c = Connection::open(&path).unwrap();
            c.pragma_update(None, "user_version", 999).unwrap();
        }
        assert!(matches!(Db::open(&path), Err(DbError::TooNew { found: 999, .. })));
    }
}
