//! `tokhai-portal case …`: the clerk's side of a case, for demonstrations and
//! tests. Works on the database file directly, also while the portal runs
//! (SQLite's locking keeps the two apart).

use std::path::Path;

use crate::cases::{self, AdvanceError};
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
            println!("{:<22} {:<13} {:<25} {:<10} {:<9} bundle", "case", "status", "received", "expected", "procedure");
            for r in rows {
                println!(
                    "{:<22} {:<13} {:<25} {:<10} {:<9} {}",
                    r.case_number,
                    r.status.as_str(),
                    r.received_at,
                    r.expected_result_date,
                    r.procedure,
                    r.bundle_id
                );
            }
            Ok(())
        }
    }
}

/// Opens an existing database; a case command never creates one.
fn open(path: &Path) -> Result<Db, String> {
    if !path.is_file() {
        return Err(format!("no database at {} (start the portal once, or pass --db)", path.display()));
    }
    Db::open(path).map_err(|e| format!("database: {e}"))
}
