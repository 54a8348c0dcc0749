//! `tokhai-portal case advance|list|show`: the clerk's side of a case, for
//! demonstrations and tests. Works on the database file directly, also while
//! the portal runs (SQLite's locking keeps the two apart).

use std::path::Path;

use tokhai_core::bundle::role_label;
use tokhai_core::vn::AddressBook;

use crate::cases::{self, CaseView, Receipt};
use crate::config::{CaseCommand, DataKeyCommand, Serve, SigningKeyCommand};
use crate::signing::PortalKey;
use crate::storage::{AdvanceError, Lookup, OpenMode, Storage};

/// Runs a `case` subcommand; `top` holds the top-level `--db` and `--data-key`.
pub async fn case(cmd: CaseCommand, top: &Serve) -> Result<(), String> {
    match cmd {
        CaseCommand::Advance { case, db } => {
            let storage = open(db.as_deref().unwrap_or(&top.db), top)?;
            let (number, status) = match storage.advance(case.clone(), crate::now()).await {
                Ok(done) => done,
                Err(AdvanceError::Storage(e)) => return Err(format!("database: {e}")),
                Err(other) => return Err(other.to_string()),
            };
            println!("{number} {} ({})", status.as_str(), status.label_vi());
            Ok(())
        }
        CaseCommand::List { db } => {
            let storage = open(db.as_deref().unwrap_or(&top.db), top)?;
            let rows = storage.list().await.map_err(|e| format!("database: {e}"))?;
            if rows.is_empty() {
                println!("no cases");
                return Ok(());
            }
            println!(
                "{:<22} {:<13} {:<25} {:<10} {:<9} {:<36} operator",
                "case", "status", "received", "expected", "procedure", "bundle"
            );
            for r in rows {
                let operator = match &r.operator {
                    Some(op) => format!("{} ({})", op.name, cases::role_str(op.role)),
                    None => "-".to_owned(),
                };
                println!(
                    "{:<22} {:<13} {:<25} {:<10} {:<9} {:<36} {}",
                    r.case_number,
                    r.status.as_str(),
                    r.received_at,
                    r.expected_result_date,
                    r.procedure,
                    r.bundle_id,
                    operator
                );
            }
            Ok(())
        }
        CaseCommand::Show { case, db } => {
            let storage = open(db.as_deref().unwrap_or(&top.db), top)?;
            match storage.detail(case.clone()).await.map_err(|e| format!("database: {e}"))? {
                Lookup::One((view, receipt)) => {
                    print!("{}", show(&view, &receipt));
                    Ok(())
                }
                Lookup::None => Err(format!("no case {case}")),
                Lookup::Several(numbers) => {
                    Err(format!("bundle id {case} names several cases ({}); give the case number", numbers.join(", ")))
                }
            }
        }
    }
}

/// `signing-key init|rotate`.
pub fn signing_key(cmd: SigningKeyCommand, top: &Serve) -> Result<(), String> {
    match cmd {
        SigningKeyCommand::Init { signing_key } => {
            let path = signing_key.unwrap_or_else(|| top.signing_key_path());
            let key = PortalKey::load_or_create(&path, crate::now()).map_err(|e| e.to_string())?;
            println!("{} {}", path.display(), key.kid());
            Ok(())
        }
        SigningKeyCommand::Rotate { signing_key } => {
            let path = signing_key.unwrap_or_else(|| top.signing_key_path());
            let (old, new) = PortalKey::rotate(&path, crate::now()).map_err(|e| e.to_string())?;
            println!("rotated {}: {} → {}", path.display(), old.kid(), new.kid());
            println!("restart the portal to sign with the new key; apps built with an earlier key follow the rotation");
            Ok(())
        }
    }
}

/// `data-key rotate`.
pub async fn data_key(cmd: DataKeyCommand, top: &Serve) -> Result<(), String> {
    match cmd {
        DataKeyCommand::Rotate { db, data_key } => {
            let key_path = match data_key {
                Some(p) => p,
                None => top.data_key_path()?,
            };
            let storage = Storage::open(db.as_deref().unwrap_or(&top.db), &key_path, OpenMode::Existing)
                .map_err(|e| format!("database: {e}"))?;
            let r = storage.rotate_data_key(crate::now()).await.map_err(|e| format!("database: {e}"))?;
            println!("data key {} is current: {} filing(s) resealed", r.new_key, r.resealed);
            if !r.dropped.is_empty() {
                println!("dropped from {}: {}", key_path.display(), r.dropped.join(", "));
            }
            Ok(())
        }
    }
}

/// The text of `case show`: one labelled line per fact, then the operator and
/// the consent for assisted filing.
pub fn show(view: &CaseView, receipt: &Receipt) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut line = |label: &str, value: &str| {
        let _ = writeln!(out, "{label:<12}{value}");
    };
    let p = &receipt.procedure;
    line("case", &view.case_number);
    line("bundle", &view.bundle_id);
    line("status", &format!("{} ({})", view.status.as_str(), view.status.label_vi()));
    line("procedure", &format!("{} {} (catalog {}, form {})", p.code, p.name.vi, p.catalog_version, p.schema_version));
    line("agency", &format!("{} {}", receipt.agency.code, receipt.agency.name));
    line("received", &view.received_at);
    line("expected", &view.expected_result_date);
    line("updated", &view.updated_at);
    for (i, h) in view.history.iter().enumerate() {
        line(if i == 0 { "history" } else { "" }, &format!("{} {} ({})", h.at, h.status.as_str(), h.status.label_vi()));
    }
    match &view.operator {
        None => line("filed by", "the citizen (no operator)"),
        Some(op) => {
            let role = role_label(op.role);
            let ward = AddressBook::embedded()
                .ward(&op.home_ward)
                .map(|(w, p)| format!(" {}, {}", w.full_name(), p.full_name()))
                .unwrap_or_default();
            line("filed by", &format!("operator {}", op.name));
            line("role", &format!("{} ({}, {})", cases::role_str(op.role), role.vi, role.en));
            line("station", &op.station);
            line("home ward", &format!("{}{ward}", op.home_ward));
            line("consent at", &op.consent_at);
            line("consent", &op.consent_text);
        }
    }
    out
}

/// Opens an existing database; a case command never creates one.
fn open(path: &Path, top: &Serve) -> Result<Storage, String> {
    let key = top.data_key_path()?;
    Storage::open(path, &key, OpenMode::Existing).map_err(|e| match e {
        crate::storage::StorageError::Missing(_) => e.to_string(),
        other => format!("database: {other}"),
    })
}
