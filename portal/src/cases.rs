//! Cases (hồ sơ): what a stored bundle becomes. Numbering, status, receipts,
//! and the SQL that stores a bundle and its case in one transaction.
//!
//! # Case numbers
//!
//! In the style of the official dossier codes (mã hồ sơ):
//! `<agency>-<yymmdd>-<seq>`, e.g. `01.00004-261122-0001`, where
//!
//! - `<agency>` is the receiving agency: `<province>.<ward>` (`01.00004`,
//!   Phường Ba Đình, Hà Nội) for commune-level procedures, the two-digit province
//!   code alone (`79`) for province- and central-level ones filed with a province;
//! - `<yymmdd>` is the Vietnam (UTC+7) date of receipt;
//! - `<seq>` counts the cases of that agency on that day from `0001` (a
//!   10,000th case that day simply gets five digits).

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokhai_core::bundle::{OperatorBlock, OperatorRole};
use tokhai_core::date::Date;
use tokhai_core::time::Instant;

use crate::db::{now, DbError};

/// Where a case is in its life. Only ever moves forward, one step at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Đã tiếp nhận.
    Received,
    /// Đang giải quyết.
    Processing,
    /// Có kết quả.
    ResultReady,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 3] = [CaseStatus::Received, CaseStatus::Processing, CaseStatus::ResultReady];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Received => "received",
            CaseStatus::Processing => "processing",
            CaseStatus::ResultReady => "result_ready",
        }
    }

    pub fn parse(s: &str) -> Option<CaseStatus> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The label citizens see.
    pub fn label_vi(self) -> &'static str {
        match self {
            CaseStatus::Received => "Đã tiếp nhận",
            CaseStatus::Processing => "Đang giải quyết",
            CaseStatus::ResultReady => "Có kết quả",
        }
    }

    /// The next status, `None` when final.
    pub fn next(self) -> Option<CaseStatus> {
        match self {
            CaseStatus::Received => Some(CaseStatus::Processing),
            CaseStatus::Processing => Some(CaseStatus::ResultReady),
            CaseStatus::ResultReady => None,
        }
    }
}

/// The receiving agency's part of a case number: `01.00004` or `79`.
pub fn agency_code(province: &str, ward: Option<&str>) -> String {
    match ward {
        Some(w) => format!("{province}.{w}"),
        None => province.to_owned(),
    }
}

/// `yymmdd` of a date.
pub fn yymmdd(d: Date) -> String {
    format!("{:02}{:02}{:02}", d.year.rem_euclid(100), d.month, d.day)
}

/// `<agency>-<yymmdd>-<seq>`.
pub fn case_number(agency: &str, day: Date, seq: u32) -> String {
    format!("{agency}-{}-{seq:04}", yymmdd(day))
}

/// Whether `s` has the shape of a case number (for telling them from bundle ids).
pub fn looks_like_case_number(s: &str) -> bool {
    let mut parts = s.rsplitn(3, '-');
    let (Some(seq), Some(day), Some(agency)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let agency_ok = match agency.split_once('.') {
        Some((p, w)) => p.len() == 2 && digits(p) && w.len() == 5 && digits(w),
        None => agency.len() == 2 && digits(agency),
    };
    agency_ok && day.len() == 6 && digits(day) && seq.len() >= 4 && digits(seq)
}

/// The receiving agency as shown on receipts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agency {
    /// `01.00004` or `79`: the prefix of the case number.
    pub code: String,
    pub province: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ward: Option<String>,
    /// e.g. `Phường Ba Đình, Thành phố Hà Nội`.
    pub name: String,
}

/// The procedure a case was filed under.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptProcedure {
    pub code: String,
    pub name: tokhai_core::i18n::Text,
    pub catalog_version: String,
    pub schema_version: String,
}

/// The answer to an accepted bundle. Stored verbatim: a retry gets these same bytes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub bundle_id: String,
    pub case_number: String,
    /// RFC 3339, UTC.
    pub received_at: String,
    /// ISO date.
    pub expected_result_date: String,
    /// Always `received`: the status at receipt (`GET /api/bundles/{id}` has the current one).
    pub status: CaseStatus,
    pub procedure: ReceiptProcedure,
    pub agency: Agency,
}

/// A verified bundle, ready to be stored.
pub struct NewCase {
    pub bundle_id: String,
    /// Lowercase hex SHA-256 of `bytes`.
    pub sha256: String,
    pub bytes: Vec<u8>,
    /// The bundle's manifest, as JSON text (for operators and later processing).
    pub manifest: String,
    pub catalog_etag: String,
    pub signer_kid: Option<String>,
    pub procedure: ReceiptProcedure,
    pub agency: Agency,
    pub received_at: Instant,
    /// Working days of the procedure (the expected result date is computed from them).
    pub working_days: u32,
    /// Who filed for the citizen (assisted filing), from the manifest; `None`
    /// when the citizen filed alone.
    pub operator: Option<Operator>,
}

/// Assisted filing: the operator who filed for the citizen and the citizen's
/// consent, as the signed manifest has them. `GET /api/bundles/{id}` shows
/// all but the consent text; `tokhai-portal case show` shows everything.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operator {
    pub name: String,
    /// `volunteer`, `outreach` or `counter`.
    pub role: OperatorRole,
    /// Where the filing happened.
    pub station: String,
    /// The ward code (5 digits) the operator works in.
    pub home_ward: String,
    /// When the citizen confirmed the consent (RFC 3339, UTC).
    pub consent_at: String,
    /// The consent sentence the citizen confirmed.
    #[serde(skip)]
    pub consent_text: String,
}

impl Operator {
    /// The summary of a manifest's operator block.
    pub fn of(block: &OperatorBlock) -> Operator {
        Operator {
            name: block.name.clone(),
            role: block.role,
            station: block.station.clone(),
            home_ward: block.home_ward.clone(),
            consent_at: block.consent.confirmed_at.to_rfc3339(),
            consent_text: block.consent.text.clone(),
        }
    }
}

/// `volunteer`, `outreach`, `counter`: the manifest's (and the database's) words.
pub fn role_str(role: OperatorRole) -> &'static str {
    match role {
        OperatorRole::Volunteer => "volunteer",
        OperatorRole::Outreach => "outreach",
        OperatorRole::Counter => "counter",
    }
}

fn parse_role(s: &str) -> Option<OperatorRole> {
    [OperatorRole::Volunteer, OperatorRole::Outreach, OperatorRole::Counter].into_iter().find(|r| role_str(*r) == s)
}

/// What storing a bundle came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    /// A new case; the receipt as JSON text.
    Created(String),
    /// The same bundle was stored before: its original receipt.
    Duplicate(String),
    /// Another bundle with this id (different bytes) is stored.
    Conflict,
}

/// Stores the bundle and opens its case, in one transaction. The bundle id
/// decides: a second copy gets the first receipt back, other bytes under the
/// same id are refused. The transaction takes the write lock first
/// (`BEGIN IMMEDIATE`), so check-then-insert cannot race with another writer,
/// and the primary keys would refuse a duplicate anyway.
pub fn store(conn: &mut Connection, new: &NewCase) -> Result<Stored, DbError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(seen) = previous(&tx, &new.bundle_id, &new.sha256)? {
        return Ok(seen);
    }
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
    let receipt_json = serde_json::to_string(&receipt).map_err(|e| DbError::Worker(e.to_string()))?;
    let op = new.operator.as_ref();
    tx.execute(
        "INSERT INTO bundles (id, sha256, size, bytes, manifest, procedure_code, catalog_version, schema_version,
                              catalog_etag, signer_kid, received_at, operator_name, operator_role, operator_station,
                              operator_home_ward, consent_text, consent_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            new.bundle_id,
            new.sha256,
            new.bytes.len() as i64,
            new.bytes,
            new.manifest,
            new.procedure.code,
            new.procedure.catalog_version,
            new.procedure.schema_version,
            new.catalog_etag,
            new.signer_kid,
            received_at,
            op.map(|o| &o.name),
            op.map(|o| role_str(o.role)),
            op.map(|o| &o.station),
            op.map(|o| &o.home_ward),
            op.map(|o| &o.consent_text),
            op.map(|o| &o.consent_at),
        ],
    )?;
    tx.execute(
        "INSERT INTO cases (case_number, bundle_id, agency, day, seq, status, received_at, expected_result_date,
                            updated_at, receipt)
         VALUES (?1, ?2, ?3, ?4, ?5, 'received', ?6, ?7, ?6, ?8)",
        params![
            number,
            new.bundle_id,
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

/// What was stored before under `bundle_id`: `Duplicate` (same SHA-256) with
/// the original receipt, `Conflict` (other bytes), or nothing.
pub fn previous(conn: &Connection, bundle_id: &str, sha256: &str) -> Result<Option<Stored>, DbError> {
    let existing: Option<(String, String)> = conn
        .query_row(
            "SELECT b.sha256, c.receipt FROM bundles b JOIN cases c ON c.bundle_id = b.id WHERE b.id = ?1",
            params![bundle_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(existing.map(|(sha, receipt)| if sha == sha256 { Stored::Duplicate(receipt) } else { Stored::Conflict }))
}

/// One status change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub status: CaseStatus,
    pub at: String,
}

/// A case as `GET /api/bundles/{id}` shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseView {
    pub bundle_id: String,
    pub case_number: String,
    pub status: CaseStatus,
    pub received_at: String,
    pub expected_result_date: String,
    pub updated_at: String,
    pub procedure: String,
    pub agency: String,
    pub history: Vec<HistoryEntry>,
    /// Who filed for the citizen; absent when the citizen filed alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<Operator>,
}

const CASE_COLUMNS: &str = "c.bundle_id, c.case_number, c.status, c.received_at, c.expected_result_date, c.updated_at,
     b.procedure_code, c.agency, b.operator_name, b.operator_role, b.operator_station, b.operator_home_ward,
     b.consent_text, b.consent_at";

fn case_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseView> {
    let status: String = r.get(2)?;
    let operator = match (r.get::<_, Option<String>>(8)?, r.get::<_, Option<String>>(9)?) {
        (Some(name), Some(role)) => Some(Operator {
            name,
            // Only the three roles are ever stored (the manifest admits no other).
            role: parse_role(&role).unwrap_or(OperatorRole::Volunteer),
            station: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            home_ward: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
            consent_text: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
            consent_at: r.get::<_, Option<String>>(13)?.unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(CaseView {
        bundle_id: r.get(0)?,
        case_number: r.get(1)?,
        status: CaseStatus::parse(&status).unwrap_or(CaseStatus::Received),
        received_at: r.get(3)?,
        expected_result_date: r.get(4)?,
        updated_at: r.get(5)?,
        procedure: r.get(6)?,
        agency: r.get(7)?,
        history: Vec::new(),
        operator,
    })
}

/// The case of a bundle id or a case number, with its history.
pub fn find(conn: &Connection, key: &str) -> Result<Option<CaseView>, DbError> {
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases c JOIN bundles b ON b.id = c.bundle_id
         WHERE c.bundle_id = ?1 OR c.case_number = ?1 ORDER BY c.bundle_id = ?1 DESC LIMIT 1"
    );
    let Some(mut view) = conn.query_row(&sql, params![key], case_row).optional()? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached("SELECT status, at FROM case_history WHERE case_number = ?1 ORDER BY rowid")?;
    view.history = stmt
        .query_map(params![view.case_number], |r| {
            let status: String = r.get(0)?;
            Ok(HistoryEntry { status: CaseStatus::parse(&status).unwrap_or(CaseStatus::Received), at: r.get(1)? })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(view))
}

/// The case of a bundle id or a case number with its receipt (procedure
/// name, agency name), for `tokhai-portal case show`.
pub fn detail(conn: &Connection, key: &str) -> Result<Option<(CaseView, Receipt)>, DbError> {
    let Some(view) = find(conn, key)? else {
        return Ok(None);
    };
    let receipt: String =
        conn.query_row("SELECT receipt FROM cases WHERE case_number = ?1", params![view.case_number], |r| r.get(0))?;
    let receipt = serde_json::from_str(&receipt).map_err(|e| DbError::Worker(format!("stored receipt: {e}")))?;
    Ok(Some((view, receipt)))
}

/// The stored bundle bytes and the case number, by bundle id.
pub fn bundle_file(conn: &Connection, bundle_id: &str) -> Result<Option<(String, Vec<u8>)>, DbError> {
    Ok(conn
        .query_row(
            "SELECT c.case_number, b.bytes FROM bundles b JOIN cases c ON c.bundle_id = b.id WHERE b.id = ?1",
            params![bundle_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Every case, newest first.
pub fn list(conn: &Connection) -> Result<Vec<CaseView>, DbError> {
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases c JOIN bundles b ON b.id = c.bundle_id
         ORDER BY c.received_at DESC, c.case_number DESC"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], case_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Why a case cannot advance.
#[derive(Debug, thiserror::Error)]
pub enum AdvanceError {
    #[error("no case {0}")]
    Unknown(String),
    #[error("case {0} already has its result (result_ready); nothing to advance")]
    Final(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for AdvanceError {
    fn from(e: rusqlite::Error) -> Self {
        AdvanceError::Db(DbError::Sql(e))
    }
}

/// Moves the case (by case number or bundle id) one step forward; returns its
/// case number and new status.
pub fn advance(conn: &mut Connection, key: &str, at: Instant) -> Result<(String, CaseStatus), AdvanceError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let row: Option<(String, String)> = tx
        .query_row(
            "SELECT case_number, status FROM cases WHERE case_number = ?1 OR bundle_id = ?1
             ORDER BY case_number = ?1 DESC LIMIT 1",
            params![key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((number, status)) = row else {
        return Err(AdvanceError::Unknown(key.to_owned()));
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

/// `advance` at the wall clock.
pub fn advance_now(conn: &mut Connection, key: &str) -> Result<(String, CaseStatus), AdvanceError> {
    advance(conn, key, now())
}

/// The receipt JSON as a value (for tests and tools).
pub fn receipt_value(json: &str) -> Option<Value> {
    serde_json::from_str(json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_have_the_documented_shape() {
        let d = Date::new(2026, 11, 22).unwrap();
        assert_eq!(case_number(&agency_code("01", Some("00004")), d, 1), "01.00004-261122-0001");
        assert_eq!(case_number(&agency_code("79", None), d, 42), "79-261122-0042");
        assert_eq!(case_number("01.00004", d, 12345), "01.00004-261122-12345");
        assert!(looks_like_case_number("01.00004-261122-0001"));
        assert!(looks_like_case_number("79-261122-0042"));
        assert!(!looks_like_case_number("6f1c8a52-1b2e-4c55-9d0e-3f3c5a1e2b7d"));
        assert!(!looks_like_case_number("01.0004-261122-0001"));
    }

    #[test]
    fn statuses_move_forward_only() {
        assert_eq!(CaseStatus::Received.next(), Some(CaseStatus::Processing));
        assert_eq!(CaseStatus::Processing.next(), Some(CaseStatus::ResultReady));
        assert_eq!(CaseStatus::ResultReady.next(), None);
        for s in CaseStatus::ALL {
            assert_eq!(CaseStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(CaseStatus::Processing.label_vi(), "Đang giải quyết");
    }

    fn new_case(id: &str, bytes: &[u8], at: Instant) -> NewCase {
        NewCase {
            bundle_id: id.into(),
            sha256: crate::catalog::hex(&<sha2::Sha256 as sha2::Digest>::digest(bytes)),
            bytes: bytes.to_vec(),
            manifest: "{}".into(),
            catalog_etag: "\"e\"".into(),
            signer_kid: None,
            procedure: ReceiptProcedure {
                code: "1.001193".into(),
                name: tokhai_core::i18n::Text::new("Đăng ký khai sinh", "Birth registration"),
                catalog_version: "2026.11.1".into(),
                schema_version: "1.0.0".into(),
            },
            agency: Agency {
                code: "01.00004".into(),
                province: "01".into(),
                ward: Some("00004".into()),
                name: "Phường Ba Đình".into(),
            },
            received_at: at,
            working_days: 3,
            operator: None,
        }
    }

    #[test]
    fn store_numbers_per_agency_and_day_and_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(&dir.path().join("p.sqlite3")).unwrap();
        // 2026-11-22T17:30Z is already the 23rd (a Monday) in Vietnam.
        let t = Instant::parse_rfc3339("2026-11-22T17:30:00Z").unwrap();
        let mut conn = Connection::open(db.path()).unwrap();
        let Stored::Created(r1) = store(&mut conn, &new_case("a", b"one", t)).unwrap() else { panic!() };
        let r1: Receipt = serde_json::from_str(&r1).unwrap();
        assert_eq!(r1.case_number, "01.00004-261123-0001");
        assert_eq!(r1.expected_result_date, "2026-11-26");
        assert_eq!(r1.received_at, "2026-11-22T17:30:00.000Z");
        let Stored::Created(r2) = store(&mut conn, &new_case("b", b"two", t)).unwrap() else { panic!() };
        assert!(r2.contains("01.00004-261123-0002"));
        let Stored::Duplicate(again) = store(&mut conn, &new_case("a", b"one", t.plus_millis(5000))).unwrap() else {
            panic!()
        };
        assert_eq!(serde_json::from_str::<Receipt>(&again).unwrap(), r1);
        assert_eq!(store(&mut conn, &new_case("a", b"other", t)).unwrap(), Stored::Conflict);

        assert_eq!(advance(&mut conn, "01.00004-261123-0001", t).unwrap().1, CaseStatus::Processing);
        assert_eq!(advance(&mut conn, "a", t.plus_millis(1)).unwrap().1, CaseStatus::ResultReady);
        assert!(matches!(advance(&mut conn, "a", t), Err(AdvanceError::Final(_))));
        assert!(matches!(advance(&mut conn, "zzz", t), Err(AdvanceError::Unknown(_))));
        let view = find(&conn, "a").unwrap().unwrap();
        assert_eq!(view.status, CaseStatus::ResultReady);
        let statuses: Vec<_> = view.history.iter().map(|h| h.status).collect();
        assert_eq!(statuses, CaseStatus::ALL);
        assert_eq!(list(&conn).unwrap().len(), 2);
        assert_eq!(bundle_file(&conn, "b").unwrap().unwrap().1, b"two");
        assert_eq!(view.operator, None);
        assert!(serde_json::to_value(&view).unwrap().get("operator").is_none(), "absent, not null");
    }

    #[test]
    fn the_operator_is_stored_and_shown_without_the_consent_text() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(&dir.path().join("p.sqlite3")).unwrap();
        let mut conn = Connection::open(db.path()).unwrap();
        let t = Instant::parse_rfc3339("2026-11-24T02:00:00Z").unwrap();
        let op = Operator {
            name: "Trần Thị Bình".into(),
            role: OperatorRole::Counter,
            station: "Bộ phận một cửa phường Ba Đình".into(),
            home_ward: "00004".into(),
            consent_at: "2026-11-23T07:55:00.000Z".into(),
            consent_text: "Tôi, …".into(),
        };
        store(&mut conn, &NewCase { operator: Some(op.clone()), ..new_case("a", b"one", t) }).unwrap();
        let (view, receipt) = detail(&conn, "01.00004-261124-0001").unwrap().unwrap();
        assert_eq!(view.operator, Some(op));
        assert_eq!(receipt.bundle_id, "a");
        assert_eq!(
            serde_json::to_value(&view).unwrap()["operator"],
            serde_json::json!({"name": "Trần Thị Bình", "role": "counter", "station": "Bộ phận một cửa phường Ba Đình",
                               "homeWard": "00004", "consentAt": "2026-11-23T07:55:00.000Z"})
        );
        assert_eq!(list(&conn).unwrap()[0].operator.as_ref().unwrap().consent_text, "Tôi, …");
        assert_eq!(detail(&conn, "zzz").unwrap(), None);
    }
}
