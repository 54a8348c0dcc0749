//! `tokhai-portal`: the reference portal. Serves the built app, the catalog and
//! the API on one origin, backed by one SQLite file; `tokhai-portal case …`
//! manages the cases in that file.

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
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Case(cmd)) => tokhai_portal::cli::case(cmd, &cli.serve.db).await,
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
