//! The reference portal as a library, so integration tests drive the same
//! router the binary serves.

pub mod cases;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod error;
pub mod fault;
pub mod http;
pub mod intake;
pub mod private_fs;
pub mod rate_limit;
pub mod schema_check;
pub mod server;
pub mod signing;
pub mod static_files;
pub mod storage;

use std::net::IpAddr;
use std::sync::Arc;

use config::Serve;
use tokhai_core::time::Instant;

/// The portal's clock: the wall clock, or a fixed time in tests.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> Instant + Send + Sync>);

impl Clock {
    pub fn system() -> Clock {
        Clock(Arc::new(now))
    }

    pub fn fixed(t: Instant) -> Clock {
        Clock(Arc::new(move || t))
    }

    pub fn now(&self) -> Instant {
        (self.0)()
    }
}

/// The wall clock, read only at the portal's edges.
pub fn now() -> Instant {
    let ms =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
    Instant(ms)
}

/// Shared state of the running portal.
#[derive(Clone)]
pub struct AppState {
    pub catalog: Arc<catalog::ServedCatalog>,
    pub storage: storage::Storage,
    pub key: Arc<signing::PortalKey>,
    /// The served catalog's signatures (made once, at start).
    pub signatures: Arc<signing::CatalogSignatures>,
    /// Older catalog versions, parsed on first use.
    pub catalogs: Arc<intake::CatalogCache>,
    /// Largest accepted bundle, in bytes.
    pub max_bundle_bytes: usize,
    /// Bundles being received at once (each may hold `max_bundle_bytes` in
    /// memory); past it, `503` with `Retry-After`.
    pub uploads: Arc<tokio::sync::Semaphore>,
    /// Reads by bundle id, per client address.
    pub lookups: Arc<rate_limit::RateLimiter<IpAddr>>,
    pub faults: Option<Arc<fault::Faults>>,
    pub clock: Clock,
}

impl AppState {
    /// State over a catalog, a storage and a key, with the defaults of the
    /// command line (64 MiB bundles, 8 uploads at once, 60 reads by id a
    /// minute, no faults, the wall clock). The catalog's `intake` says the
    /// bundle limit (see [`catalog::ServedCatalog::load`]).
    pub fn new(catalog: catalog::ServedCatalog, storage: storage::Storage, key: signing::PortalKey) -> AppState {
        let signatures = signing::CatalogSignatures::new(&key, &catalog.body);
        let max_bundle_bytes = catalog
            .catalog
            .header
            .intake
            .map(|i| usize::try_from(i.max_bundle_bytes).unwrap_or(usize::MAX))
            .unwrap_or(config::DEFAULT_MAX_BUNDLE_BYTES);
        AppState {
            catalog: Arc::new(catalog),
            storage,
            key: Arc::new(key),
            signatures: Arc::new(signatures),
            catalogs: Arc::new(intake::CatalogCache::default()),
            max_bundle_bytes,
            uploads: Arc::new(tokio::sync::Semaphore::new(config::DEFAULT_MAX_UPLOADS)),
            lookups: Arc::new(rate_limit::RateLimiter::new(
                config::DEFAULT_LOOKUPS_PER_MINUTE,
                config::DEFAULT_LOOKUPS_PER_MINUTE,
                config::RATE_LIMIT_KEYS,
            )),
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
    #[error("storage: {0}")]
    Storage(#[from] storage::StorageError),
    #[error("signing key: {0}")]
    Key(#[from] signing::KeyError),
    #[error("{0}")]
    Config(String),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("server: {0}")]
    Serve(std::io::Error),
}

/// Opens everything the portal needs and serves until Ctrl-C / SIGTERM.
pub async fn run(cli: Serve) -> Result<(), StartError> {
    let catalog = catalog::ServedCatalog::load(&cli.catalog, cli.max_bundle_bytes() as u64)?;
    for broken in catalog.catalog.broken() {
        tracing::warn!("catalog entry unusable: {broken}");
    }
    intake::warn_about_schemas(&catalog);
    let data_key = cli.data_key_path().map_err(StartError::Config)?;
    let storage = storage::Storage::open(&cli.db, &data_key, storage::OpenMode::Create)?;
    storage.record_catalog(&catalog, now()).await?;
    let key_path = cli.signing_key_path();
    let key = signing::PortalKey::load_or_create(&key_path, now())?;
    if key.is_test_key() {
        tracing::warn!(
            "the signing key {} is a PUBLISHED TEST KEY: anyone can sign catalogs with it; never serve real users with it",
            key_path.display()
        );
    }
    if !cli.dist.join("index.html").is_file() {
        tracing::warn!("no app build in {} (run `make run` to build it); serving the API only", cli.dist.display());
    }
    let mut state = AppState::new(catalog, storage, key);
    state.uploads = Arc::new(tokio::sync::Semaphore::new(cli.max_uploads));
    state.lookups =
        Arc::new(rate_limit::RateLimiter::new(cli.lookups_per_minute, cli.lookups_per_minute, config::RATE_LIMIT_KEYS));
    state.faults = fault::Faults::new(cli.fault_rate, cli.fault_seed).map(Arc::new);
    let kid = state.key.kid().to_owned();
    let durability = state.storage.durability().await?;
    let router = http::router(state, &cli.dist);
    let limits = server::ServerLimits {
        header_timeout: cli.header_timeout,
        keep_alive_timeout: cli.keep_alive_timeout,
        body_min_rate: cli.body_min_rate,
        body_rate_window: cli.body_rate_window,
        max_connections: server::fit_connections(cli.max_connections),
    };
    let listener = tokio::net::TcpListener::bind(cli.addr)
        .await
        .map_err(|source| StartError::Listen { addr: cli.addr, source })?;
    let addr = listener.local_addr().map_err(StartError::Serve)?;
    println!("Tờ khai portal");
    println!("  database: {} (synchronous={durability})", absolute(&cli.db).display());
    println!("  data key: {}", absolute(&data_key).display());
    println!("  catalog:  {}", absolute(&cli.catalog).display());
    println!("  app:      {}", absolute(&cli.dist).display());
    println!("  key:      {} (kid {kid})", absolute(&key_path).display());
    println!(
        "  limits:   {} connections, header {:?}, keep-alive {:?}, body ≥ {} B/s, bundles ≤ {} MiB, {} uploads at once",
        limits.max_connections,
        limits.header_timeout,
        limits.keep_alive_timeout,
        limits.body_min_rate,
        cli.max_bundle_mb,
        cli.max_uploads
    );
    if cli.fault_rate > 0.0 {
        println!(
            "  FAULT MODE: rate {}{}",
            cli.fault_rate,
            cli.fault_seed.map(|s| format!(", seed {s}")).unwrap_or_default()
        );
    }
    println!("  open      http://{addr}/");
    server::serve(listener, router, limits, shutdown_signal()).await.map_err(StartError::Serve)
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
