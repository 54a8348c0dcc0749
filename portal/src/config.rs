//! Command line. Defaults are what `make run` needs: the sample catalog, the
//! Trunk output and a database under `./data/`, on 127.0.0.1:8080.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

#[derive(Debug, Clone, Parser)]
#[command(name = "tokhai-portal", version, about = "Reference portal for Tờ khai: serves the app, the catalog and the bundle intake")]
pub struct Cli {
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
}
