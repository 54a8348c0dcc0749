//! `tokhai-portal`: the reference portal. Serves the built app, the catalog and
//! the API on one origin, backed by one SQLite file.

use std::process::ExitCode;

use clap::Parser;
use tokhai_portal::config::Cli;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "tokhai_portal=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match tokhai_portal::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tokhai-portal: {e:#}");
            ExitCode::FAILURE
        }
    }
}
