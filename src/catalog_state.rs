//! The procedure catalog as the app sees it: shown from IndexedDB at once,
//! then refreshed from the portal; a failed refresh keeps the saved copy.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tokhai_core::catalog::Catalog;
use tokhai_core::i18n::Text;

use crate::messages;
use crate::net::{self, CatalogFetch};
use crate::storage::{self, catalog::CachedCatalog};

/// Where the catalog on screen came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Saved on this device; the portal has not confirmed it (yet).
    Saved,
    /// Received or revalidated from the portal in this visit.
    Portal,
}

/// Separate signals, so a status change does not re-render the procedure list.
#[derive(Clone, Copy)]
pub struct CatalogState {
    pub catalog: RwSignal<Option<Arc<Catalog>>>,
    pub source: RwSignal<Option<Source>>,
    /// Still waiting for the portal.
    pub refreshing: RwSignal<bool>,
    /// Problems worth telling the user, oldest first.
    pub problems: RwSignal<Vec<Text>>,
}

impl CatalogState {
    fn problem(&self, t: Text) {
        self.problems.update(|p| p.push(t));
    }

    fn show(&self, catalog: Catalog, source: Source) {
        self.catalog.set(Some(Arc::new(catalog)));
        self.source.set(Some(source));
    }
}

/// Provides the catalog state to the component tree and starts loading it.
pub fn provide() -> CatalogState {
    let state = CatalogState {
        catalog: RwSignal::new(None),
        source: RwSignal::new(None),
        refreshing: RwSignal::new(true),
        problems: RwSignal::new(Vec::new()),
    };
    provide_context(state);
    spawn_local(load(state));
    state
}

pub fn use_catalog() -> CatalogState {
    expect_context::<CatalogState>()
}

async fn load(state: CatalogState) {
    let db = match storage::db().await {
        Ok(db) => Some(db),
        Err(e) => {
            state.problem(messages::storage(&e));
            None
        }
    };
    let mut saved: Option<CachedCatalog> = None;
    if let Some(db) = &db {
        match db.cached_catalog().await {
            Ok(Some(c)) => {
                if let Ok(parsed) = Catalog::parse(&c.body, crate::patterns::patterns()) {
                    state.show(parsed, Source::Saved);
                    saved = Some(c);
                }
            }
            Ok(None) => {}
            Err(e) => state.problem(messages::storage(&e)),
        }
    }

    let now = js_sys::Date::now();
    match net::fetch_catalog(saved.as_ref().map(|c| c.etag.as_str())).await {
        Ok(CatalogFetch::NotModified) => {
            state.source.set(Some(Source::Portal));
            if let (Some(db), Some(mut c)) = (&db, saved) {
                c.fetched_at = now;
                if let Err(e) = db.save_catalog(&c).await {
                    state.problem(messages::storage(&e));
                }
            }
        }
        Ok(CatalogFetch::Fresh { etag, body }) => match Catalog::parse(&body, crate::patterns::patterns()) {
            Ok(parsed) => {
                state.show(parsed, Source::Portal);
                if let Some(db) = &db {
                    let record = CachedCatalog { etag, body, fetched_at: now };
                    if let Err(e) = db.save_catalog(&record).await {
                        state.problem(messages::storage(&e));
                    }
                }
            }
            Err(e) => state.problem(messages::catalog(&e)),
        },
        Err(_) if state.catalog.with_untracked(Option::is_some) => state.problem(messages::using_saved_catalog()),
        Err(e) => state.problem(messages::network(&e)),
    }
    state.refreshing.set(false);
}
