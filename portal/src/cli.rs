//! `tokhai-portal case advance|list|show`: the clerk's side of a case, for
//! demonstrations and tests. Works on the database file directly, also while
//! the portal runs (SQLite's locking keeps the two apart).

use std::path::Path;

use tokhai_core::bundle::role_label;
use tokhai_core::vn::AddressBook;

use crate::cases::{self, AdvanceError, CaseView, Receipt};
use crate::config::CaseCommand;
use crate::db::Db;

/// Runs a `case` subcommand; `default_db` is the top-level `--db`.
pub async fn case(cmd: CaseCommand, default_db: &Path) -> Result<(), String> {
    match cmd {
        CaseCommand::Advance { case, db } => {
            let db = open(db.as_deref().unwrap_or(default_db))?;
            let key = case.clone();
            let result = db
                .call(move |c| match cases::advance_now(c, &key) {
                    Ok(done) => Ok(Ok(done)),
                    Err(AdvanceError::Db(e)) => Err(e),
                    Err(other) => Ok(Err(other.to_string())),
                })
                .await
                .map_err(|e| format!("database: {e}"))?;
            let (number, status) = result?;
            println!("{number} {} ({})", status.as_str(), status.label_vi());
            Ok(())
        }
        CaseCommand::List { db } => {
            let db = open(db.as_deref().unwrap_or(default_db))?;
            let rows = db.call(|c| cases::list(c)).await.map_err(|e| format!("database: {e}"))?;
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
            let db = open(db.as_deref().unwrap_or(default_db))?;
            let key = case.clone();
            let found = db.call(move |c| cases::detail(c, &key)).await.map_err(|e| format!("database: {e}"))?;
            let Some((view, receipt)) = found else {
                return Err(format!("no case {case}"));
            };
            print!("{}", show(&view, &receipt));
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
fn open(path: &Path) -> Result<Db, String> {
    if !path.is_file() {
        return Err(format!("no database at {} (start the portal once, or pass --db)", path.display()));
    }
    Db::open(path).map_err(|e| format!("database: {e}"))
}
