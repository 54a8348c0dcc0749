//! Cases (hồ sơ): what a stored bundle becomes. Numbering, status, receipts.
//! (Storing them is `storage`'s work.)
//!
//! # Case numbers
//!
//! In the style of the official dossier codes (mã hồ sơ):
//! `<agency>-<yymmdd>-<seq>`, e.g. `01.00004-261122-0001`, where
//!
//! - `<agency>` is the receiving agency ([`tokhai_core::filing::agency_code`]):
//!   `<province>.<ward>` (`01.00004`, Phường Ba Đình, Hà Nội) for commune-level
//!   procedures, the two-digit province code alone (`79`) for province-level
//!   ones, `TW` for central-level ones;
//! - `<yymmdd>` is the Vietnam (UTC+7) date of receipt;
//! - `<seq>` counts the cases of that agency on that day from `0001` (a
//!   10,000th case that day simply gets five digits).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokhai_core::bundle::{OperatorBlock, OperatorRole};
use tokhai_core::date::Date;
use tokhai_core::time::Instant;

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
    tokhai_core::filing::is_agency_code(agency) && day.len() == 6 && digits(day) && seq.len() >= 4 && digits(seq)
}

/// The receiving agency as shown on receipts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agency {
    /// `01.00004`, `79` or `TW`: the prefix of the case number.
    pub code: String,
    /// Absent for central-level procedures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
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

/// A verified bundle, ready to be stored. A filing is identified by its
/// bundle id *and* the device key that signed it: the case belongs to that key.
pub struct NewCase {
    pub bundle_id: String,
    /// RFC 7638 thumbprint of the device key that signed the bundle.
    pub signer_kid: String,
    /// Lowercase hex SHA-256 of `bytes`.
    pub sha256: String,
    /// Lowercase hex SHA-256 of the signed `manifest.json`: what identifies
    /// the content (the container's bytes can differ for the same signed
    /// manifest: an ECDSA signature has two valid encodings).
    pub manifest_sha256: String,
    pub bytes: Vec<u8>,
    /// The bundle's manifest, as JSON text (for operators and later processing).
    pub manifest: String,
    pub catalog_etag: String,
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

pub(crate) fn parse_role(s: &str) -> Option<OperatorRole> {
    [OperatorRole::Volunteer, OperatorRole::Outreach, OperatorRole::Counter].into_iter().find(|r| role_str(*r) == s)
}

/// What storing a bundle came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    /// A new case; the receipt as JSON text.
    Created(String),
    /// The same bundle was stored before: its original receipt.
    Duplicate(String),
    /// This device key filed another manifest under this id.
    Conflict,
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
        assert_eq!(case_number("01.00004", d, 1), "01.00004-261122-0001");
        assert_eq!(case_number("79", d, 42), "79-261122-0042");
        assert_eq!(case_number("TW", d, 7), "TW-261122-0007");
        assert_eq!(case_number("01.00004", d, 12345), "01.00004-261122-12345");
        assert!(looks_like_case_number("01.00004-261122-0001"));
        assert!(looks_like_case_number("79-261122-0042"));
        assert!(looks_like_case_number("TW-261122-0007"));
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
}
