//! The procedure catalog: model, loading, and the checks that make a broken
//! procedure an error card instead of a broken app.

mod load;
mod model;
pub mod trust;
pub mod version;

pub use load::{assemble, Catalog, CatalogError, Entry, ProcedureError};
pub use model::*;
