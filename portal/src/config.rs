//! Command line. Defaults are what `make run` needs: the sample catalog, the
//! Trunk output and a database under `./data/`, on 127.0.0.1:8080.
//!
//! Without a subcommand the portal serves (`tokhai-portal --addr … --db …`);
//! `tokhai-portal case advance|list|show` manages the cases in the database.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Clone, Parser)]
#[command(
    name = "tokhai-portal",
    version,
    about = "Reference portal for Tờ khai: serves the app, the catalog and the bundle intake"
)]
pub struct Cli {
    #[command(flatten)]
    pub serve: Serve,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options of the server (the default command).
#[derive(Debug, Clone, Args)]
pub struct Serve {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// SQLite database file (created if missing, with its directory).
    #[arg(long, default_value = "data/tokhai-portal.sqlite3")]
    pub db: PathBuf,
    /// Catalog to serve: a catalog JSON file, or a directory with catalog.json and procedures/*.json.
    #[arg(long, default_value = "catalog")]
    pub catalog: PathBuf,
    /// Directory of the built app (Trunk's output).
    #[arg(long, default_value = "dist")]
    pub dist: PathBuf,
    /// Catalog signing key (ES256, JSON, created with mode 0600 if missing).
    /// Default: portal-signing-key.json beside the database.
    #[arg(long, value_name = "PATH")]
    pub signing_key: Option<PathBuf>,
    /// Largest bundle accepted by POST /api/bundles, in MiB (larger: 413).
    #[arg(long, value_name = "MIB", default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_bundle_mb: u64,
    /// Testing only: probability (0.0–1.0) that POST /api/bundles meets a fault
    /// (503, connection dropped before or after storing, or a 1–3 s delay).
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_rate)]
    pub fault_rate: f64,
    /// Seed of the fault mode's random choices, to reproduce a run.
    #[arg(long, value_name = "N")]
    pub fault_seed: Option<u64>,
}

impl Serve {
    /// Where the signing key lives: `--signing-key`, else beside the database.
    pub fn signing_key_path(&self) -> PathBuf {
        self.signing_key.clone().unwrap_or_else(|| default_signing_key_path(&self.db))
    }

    pub fn max_bundle_bytes(&self) -> usize {
        usize::try_from(self.max_bundle_mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX)
    }
}

/// `portal-signing-key.json` in the database's directory.
pub fn default_signing_key_path(db: &Path) -> PathBuf {
    match db.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir.join("portal-signing-key.json"),
        None => PathBuf::from("portal-signing-key.json"),
    }
}

fn parse_rate(s: &str) -> Result<f64, String> {
    let p: f64 = s.trim().parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{s} is not between 0.0 and 1.0"))
    }
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Cases (hồ sơ) received by the portal.
    #[command(subcommand)]
    Case(CaseCommand),
}

#[derive(Debug, Clone, Subcommand)]
pub enum CaseCommand {
    /// Moves a case one step: received → processing → result_ready. Prints the new status.
    Advance {
        /// The case number (e.g. 01.00004-261122-0001) or the bundle id.
        case: String,
        /// SQLite database file (default: the top-level --db).
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Prints the cases, newest first (with who filed for the citizen, if anyone).
    List {
        /// SQLite database file (default: the top-level --db).
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Prints one case: procedure, agency, dates, history, and for assisted
    /// filing the operator and the citizen's consent.
    Show {
        /// The case number (e.g. 01.00004-261122-0001) or the bundle id.
        case: String,
        /// SQLite database file (default: the top-level --db).
        #[arg(long)]
        db: Option<PathBuf>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serving_is_the_default_command() {
        let cli = Cli::try_parse_from(["tokhai-portal", "--addr", "127.0.0.1:0", "--db", "x.sqlite3"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.serve.db, PathBuf::from("x.sqlite3"));
        assert_eq!(cli.serve.signing_key_path(), PathBuf::from("portal-signing-key.json"));
        assert_eq!(cli.serve.max_bundle_bytes(), 64 << 20);
        assert_eq!(cli.serve.fault_rate, 0.0);
    }

    #[test]
    fn case_commands_take_db_before_or_after() {
        let cli =
            Cli::try_parse_from(["tokhai-portal", "case", "advance", "01.00004-261122-0001", "--db", "a/b.sqlite3"])
                .unwrap();
        match cli.command {
            Some(Command::Case(CaseCommand::Advance { case, db })) => {
                assert_eq!(case, "01.00004-261122-0001");
                assert_eq!(db, Some(PathBuf::from("a/b.sqlite3")));
            }
            other => panic!("{other:?}"),
        }
        let cli = Cli::try_parse_from(["tokhai-portal", "--db", "c.sqlite3", "case", "list"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Case(CaseCommand::List { db: None }))));
        assert_eq!(cli.serve.db, PathBuf::from("c.sqlite3"));
        let cli = Cli::try_parse_from(["tokhai-portal", "case", "show", "79-261122-0042"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Case(CaseCommand::Show { case, db: None })) if case == "79-261122-0042")
        );
    }

    #[test]
    fn fault_rate_is_a_probability() {
        assert!(Cli::try_parse_from(["tokhai-portal", "--fault-rate", "0.3", "--fault-seed", "7"]).is_ok());
        assert!(Cli::try_parse_from(["tokhai-portal", "--fault-rate", "1.5"]).is_err());
        assert!(Cli::try_parse_from(["tokhai-portal", "--fault-rate", "x"]).is_err());
        assert_eq!(
            default_signing_key_path(Path::new("data/p.sqlite3")),
            PathBuf::from("data/portal-signing-key.json")
        );
    }
}
