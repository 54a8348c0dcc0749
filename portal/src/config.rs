//! Command line. Defaults are what `make run` needs: the sample catalog, the
//! Trunk output and a database under `./data/`, on 127.0.0.1:8080.
//!
//! Without a subcommand the portal serves (`tokhai-portal --addr … --db …`);
//! `tokhai-portal case advance|list|show` manages the cases in the database,
//! `signing-key` and `data-key` the portal's two keys (`docs/keys.md`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::builder::TypedValueParser;
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
    /// The app must be built to trust it (TOKHAI_PORTAL_KEY, see docs/keys.md).
    /// Default: portal-signing-key.json beside the database.
    #[arg(long, value_name = "PATH")]
    pub signing_key: Option<PathBuf>,
    /// Data key file: seals the dossiers in the database (created 0600 with a
    /// new database). Keep it apart from the database and back it up on its own.
    /// Default: $XDG_CONFIG_HOME/tokhai-portal/data-key.json (~/.config/…).
    #[arg(long, value_name = "PATH")]
    pub data_key: Option<PathBuf>,
    /// Largest bundle accepted by POST /api/bundles, in MiB (larger: 413).
    /// Published in the catalog (`intake.maxBundleBytes`) and /api/health.
    #[arg(long, value_name = "MIB", default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_bundle_mb: u64,
    /// Seconds a request's head may take to arrive (from the connection, or
    /// from the request's first byte); then the connection is closed.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_secs)]
    pub header_timeout: Duration,
    /// Seconds an idle connection is kept open for its next request.
    #[arg(long, value_name = "SECS", default_value = "15", value_parser = parse_secs)]
    pub keep_alive_timeout: Duration,
    /// Least average rate of a request body, in bytes per second over each
    /// --body-rate-window (slower: 408 too_slow). 0: no minimum.
    #[arg(long, value_name = "BYTES", default_value_t = 1024)]
    pub body_min_rate: u64,
    /// The window over which --body-min-rate is measured, in seconds.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_secs)]
    pub body_rate_window: Duration,
    /// Most connections served at once (kept under the descriptor limit);
    /// more get 503 with Retry-After at once.
    #[arg(long, value_name = "N", default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=1_000_000).map(|n| n as usize))]
    pub max_connections: usize,
    /// Most bundles received at once (each may be held in memory whole);
    /// more get 503 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_UPLOADS, value_parser = clap::value_parser!(u64).range(1..=10_000).map(|n| n as usize))]
    pub max_uploads: usize,
    /// Reads of a bundle by id (GET /api/bundles/{id}[/file]) per client
    /// address and minute, as a burst or spread out (more: 429 with Retry-After).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_LOOKUPS_PER_MINUTE, value_parser = clap::value_parser!(u32).range(1..))]
    pub lookups_per_minute: u32,
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

    /// Where the data key lives: `--data-key`, else the user's configuration directory.
    pub fn data_key_path(&self) -> Result<PathBuf, String> {
        match &self.data_key {
            Some(p) => Ok(p.clone()),
            None => default_data_key_path(),
        }
    }
}

/// `--max-bundle-mb`'s default, in bytes.
pub const DEFAULT_MAX_BUNDLE_BYTES: usize = 64 << 20;
/// `--max-uploads`'s default.
pub const DEFAULT_MAX_UPLOADS: usize = 8;
/// `--lookups-per-minute`'s default.
pub const DEFAULT_LOOKUPS_PER_MINUTE: u32 = 60;
/// Client addresses a rate limit tracks at most.
pub const RATE_LIMIT_KEYS: usize = 100_000;

/// `$XDG_CONFIG_HOME/tokhai-portal/data-key.json`, or `~/.config/…`: outside
/// the data directory, so a copy of that directory holds no key.
pub fn default_data_key_path() -> Result<PathBuf, String> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".config")))
        .ok_or("no --data-key, and neither XDG_CONFIG_HOME nor HOME is set to find the default")?;
    Ok(base.join("tokhai-portal").join("data-key.json"))
}

fn parse_secs(s: &str) -> Result<Duration, String> {
    let v: f64 = s.trim().parse().map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if v.is_finite() && (0.1..=86_400.0).contains(&v) {
        Ok(Duration::from_secs_f64(v))
    } else {
        Err(format!("{s} is not between 0.1 and 86400 seconds"))
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
    /// The catalog signing key (the key the app is built to trust).
    #[command(subcommand)]
    SigningKey(SigningKeyCommand),
    /// The data key that seals dossiers at rest.
    #[command(subcommand)]
    DataKey(DataKeyCommand),
}

#[derive(Debug, Clone, Subcommand)]
pub enum SigningKeyCommand {
    /// Creates the key if there is none; prints its path and kid (build the
    /// app with TOKHAI_PORTAL_KEY=<that path>).
    Init {
        /// The key file (default: the top-level --signing-key, or beside --db).
        #[arg(long)]
        signing_key: Option<PathBuf>,
    },
    /// Replaces the key with a new one, by a rotation statement signed with the
    /// old key (apps built with the old key follow it). The old file is kept,
    /// retired. Restart the portal afterwards.
    Rotate {
        #[arg(long)]
        signing_key: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum DataKeyCommand {
    /// Makes a new data key, reseals every dossier under it and drops the keys
    /// no dossier uses any more. Safe while the portal runs.
    Rotate {
        /// SQLite database file (default: the top-level --db).
        #[arg(long)]
        db: Option<PathBuf>,
        /// The data key file (default: the top-level --data-key).
        #[arg(long)]
        data_key: Option<PathBuf>,
    },
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
        assert_eq!(cli.serve.header_timeout, Duration::from_secs(10));
        assert_eq!(cli.serve.keep_alive_timeout, Duration::from_secs(15));
        assert_eq!((cli.serve.body_min_rate, cli.serve.body_rate_window), (1024, Duration::from_secs(10)));
        assert_eq!((cli.serve.max_connections, cli.serve.max_uploads, cli.serve.lookups_per_minute), (512, 8, 60));
        assert!(Cli::try_parse_from(["tokhai-portal", "--header-timeout", "0.5"]).is_ok());
        assert!(Cli::try_parse_from(["tokhai-portal", "--header-timeout", "0"]).is_err());
        assert!(Cli::try_parse_from(["tokhai-portal", "--max-connections", "0"]).is_err());
        let cli = Cli::try_parse_from(["tokhai-portal", "--data-key", "/k/d.json", "data-key", "rotate"]).unwrap();
        assert_eq!(cli.serve.data_key_path().unwrap(), PathBuf::from("/k/d.json"));
        assert!(matches!(cli.command, Some(Command::DataKey(DataKeyCommand::Rotate { db: None, data_key: None }))));
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
