//! The reference portal as a library, so integration tests drive the same
//! router the binary serves.

pub mod cases;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod fault;
pub mod http;
pub mod intake;
pub mod schema_check;
pub mod signing;
pub mod static_files;

use std::sync::Arc;

use config::Serve;
use tokhai_core::time::Instant;

/// The portal's clock: the wall clock, or a fixed time in tests.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> Instant + Send + Sync>);

impl Clock {
    pub fn system() -> Clock {
        Clock(Arc::new(db::now))
    }

    pub fn fixed(t: Instant) -> Clock {
        Clock(Arc::new(move || t))
    }

    pub fn now(&self) -> Instant {
        (self.0)()
    }
}

/// Shared state of the running portal.
#[derive(Clone)]
pub struct AppState {
    pub catalog: Arc<catalog::ServedCatalog>,
    pub db: db::Db,
    pub key: Arc<signing::PortalKey>,
    /// The served catalog's signatures (made once, at start).
    pub signatures: Arc<signing::CatalogSignatures>,
    /// Older catalog versions, parsed on first use.
    pub catalogs: Arc<intake::CatalogCache>,
    /// Largest accepted bundle, in bytes.
    pub max_bundle_bytes: usize,
    pub faults: Option<Arc<fault::Faults>>,
    pub clock: Clock,
}

impl AppState {
    /// State over a catalog, a database and a key, with the defaults of the
    /// command line (64 MiB bundles, no faults, the wall clock).
    pub fn new(catalog: catalog::ServedCatalog, db: db::Db, key: signing::PortalKey) -> AppState {
        let signatures = signing::CatalogSignatures::new(&key, &catalog.body);
        AppState {
            catalog: Arc::new(catalog),
            db,
            key: Arc::new(key),
            signatures: Arc::new(signatures),
            catalogs: Arc::new(intake::CatalogCache::default()),
            max_bundle_bytes: 64 << 20,
            faults: None,
            clock: Clock::system(),
        }
    }
}

/// Errors that stop the portal from starting; printed for the operator.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("catalog: {0}")]
    Catalog(#[from] catalog::LoadError),
    #[error("database: {0}")]
    Db(#[from] db::DbError),
    #[error("signing key: {0}")]
    Key(#[from] signing::KeyError),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("server: {0}")]
    Serve(std::io::Error),
}

/// Opens everything the portal needs and serves until Ctrl-C / SIGTERM.
pub async fn run(cli: Serve) -> Result<(), StartError> {
    let catalog = catalog::ServedCatalog::load(&cli.catalog)?;
    for broken in catalog.catalog.broken() {
        tracing::warn!("catalog entry unusable: {broken}");
    }
    intake::warn_about_schemas(&catalog);
    let db = db::Db::open(&cli.db)?;
    db.record_catalog(&catalog).await?;
    let key_path = cli.signing_key_path();
    let key = signing::PortalKey::load_or_create(&key_path, db::now())?;
    if !cli.dist.join("index.html").is_file() {
        tracing::warn!("no app build in {} (run `make run` to build it); serving the API only", cli.dist.display());
    }
    let mut state = AppState::new(catalog, db, key);
    state.max_bundle_bytes = cli.max_bundle_bytes();
    state.faults = fault::Faults::new(cli.fault_rate, cli.fault_seed).map(Arc::new);
    let kid = state.key.kid().to_owned();
    let router = http::router(state, &cli.dist);
    let listener = tokio::net::TcpListener::bind(cli.addr)
        .await
        .map_err(|source| StartError::Listen { addr: cli.addr, source })?;
    let addr = listener.local_addr().map_err(StartError::Serve)?;
    println!("Tờ khai portal");
    println!("  database: {}", absolute(&cli.db).display());
    println!("  catalog:  {}", absolute(&cli.catalog).display());
    println!("  app:      {}", absolute(&cli.dist).display());
    println!("  key:      {} (kid {kid})", absolute(&key_path).display());
    if cli.fault_rate > 0.0 {
        println!(
            "  FAULT MODE: rate {}{}",
            cli.fault_rate,
            cli.fault_seed.map(|s| format!(", seed {s}")).unwrap_or_default()
        );
    }
    println!("  open      http://{addr}/");
    axum::serve(listener, router).with_graceful_shutdown(shutdown_signal()).await.map_err(StartError::Serve)
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
