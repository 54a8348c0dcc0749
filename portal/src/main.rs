//! `tokhai-portal`: the reference portal. Serves the built app, the catalog and
//! the API on one origin, backed by one SQLite file; `tokhai-portal case …`
//! manages the cases in that file, `signing-key …` and `data-key …` its keys.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tokhai_portal::config::{Cli, Command};

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "tokhai_portal=info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    // Everything the portal writes (database, WAL, keys) is for its own user only.
    tokhai_portal::private_fs::private_umask();
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Case(cmd)) => tokhai_portal::cli::case(cmd, &cli.serve).await,
        Some(Command::SigningKey(cmd)) => tokhai_portal::cli::signing_key(cmd, &cli.serve),
        Some(Command::DataKey(cmd)) => tokhai_portal::cli::data_key(cmd, &cli.serve).await,
        None => tokhai_portal::run(cli.serve).await.map_err(|e| e.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tokhai-portal: {e}");
            ExitCode::FAILURE
        }
    }
}
