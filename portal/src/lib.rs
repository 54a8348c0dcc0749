//! The reference portal as a library, so integration tests drive the same
//! router the binary serves.

pub mod catalog;
pub mod config;
pub mod db;
pub mod error;
pub mod http;
pub mod static_files;

use std::sync::Arc;

use config::Cli;

/// Shared state of the running portal.
#[derive(Clone)]
pub struct AppState {
    pub catalog: Arc<catalog::ServedCatalog>,
    pub db: db::Db,
}

/// Errors that stop the portal from starting; printed for the operator.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("catalog: {0}")]
    Catalog(#[from] catalog::LoadError),
    #[error("database: {0}")]
    Db(#[from] db::DbError),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("server: {0}")]
    Serve(std::io::Error),
}

/// Opens everything the portal needs and serves until Ctrl-C / SIGTERM.
pub async fn run(cli: Cli) -> Result<(), StartError> {
    let catalog = catalog::ServedCatalog::load(&cli.catalog)?;
    for broken in catalog.catalog.broken() {
        tracing::warn!("catalog entry unusable: {broken}");
    }
    let db = db::Db::open(&cli.db)?;
    db.record_catalog(&catalog).await?;
    if !cli.dist.join("index.html").is_file() {
        tracing::warn!("no app build in {} (run `make run` to build it); serving the API only", cli.dist.display());
    }
    let state = AppState { catalog: Arc::new(catalog), db };
    let router = http::router(state, &cli.dist);
    let listener = tokio::net::TcpListener::bind(cli.addr)
        .await
        .map_err(|source| StartError::Listen { addr: cli.addr, source })?;
    let addr = listener.local_addr().map_err(StartError::Serve)?;
    println!("Tờ khai portal");
    println!("  database: {}", absolute(&cli.db).display());
    println!("  catalog:  {}", absolute(&cli.catalog).display());
    println!("  app:      {}", absolute(&cli.dist).display());
    println!("  open      http://{addr}/");
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartError::Serve)
}

fn absolute(p: &std::path::Path) -> std::path::PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
