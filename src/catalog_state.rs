//! The procedure catalog as the app sees it: shown from IndexedDB at once,
//! then refreshed from the portal; a failed refresh keeps the saved copy.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tokhai_core::catalog::Catalog;
use tokhai_core::i18n::Text;

use crate::messages;
use crate::net::{self, CatalogFetch, NetError};
use crate::storage::{self, catalog::CachedCatalog, Db};

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
    SHARED.with(|s| s.set(Some(state)));
    IN_FLIGHT.with(|f| f.set(true));
    spawn_local(load(state));
    // Back online after a failure: ask the portal again, in the background.
    crate::connectivity::on_online(move || refresh(state));
    state
}

thread_local! {
    /// A request for the catalog is under way (the first load or a refresh).
    static IN_FLIGHT: Cell<bool> = const { Cell::new(false) };
}

/// Revalidates the catalog with the portal in the background, using the saved
/// ETag; does nothing while a request is already under way. A failure is not
/// reported again (the connection indicator says it); a success replaces the
/// catalog on screen if it changed and clears the "using the saved copy" note.
pub fn refresh(state: CatalogState) {
    if IN_FLIGHT.with(|f| f.replace(true)) {
        return;
    }
    let nothing_shown = state.catalog.with_untracked(Option::is_none);
    if nothing_shown {
        state.refreshing.set(true);
    }
    spawn_local(async move {
        let db = storage::db().await.ok();
        // Only revalidate what is on screen; with nothing shown, ask for it all.
        let saved = match &db {
            Some(db) if !nothing_shown => db.cached_catalog().await.ok().flatten(),
            _ => None,
        };
        revalidate(state, db, saved, true).await;
        if nothing_shown {
            state.refreshing.set(false);
        }
        IN_FLIGHT.with(|f| f.set(false));
    });
}

thread_local! {
    static SHARED: std::cell::Cell<Option<CatalogState>> = const { std::cell::Cell::new(None) };
}

/// The catalog now on screen, from anywhere (also from tasks that run outside
/// the component tree).
pub fn use_catalog_untracked() -> Option<Arc<Catalog>> {
    SHARED.with(|s| s.get()).and_then(|state| state.catalog.get_untracked())
}

/// The catalog once the first load has settled: at once when one is shown,
/// else after the saved copy or the portal answered (or failed). A file opened
/// in the first seconds of a visit must not be refused as "unknown procedure"
/// only because the catalog was still on its way.
pub async fn settled_catalog() -> Option<Arc<Catalog>> {
    let state = SHARED.with(|s| s.get())?;
    let settled = move || state.catalog.with(Option::is_some) || !state.refreshing.get();
    if !leptos::prelude::untrack(settled) {
        let (tx, rx) = futures_channel::oneshot::channel::<()>();
        let tx = std::cell::RefCell::new(Some(tx));
        // Its own owner: the effect lives exactly as long as this wait.
        let owner = Owner::new();
        owner.with(|| {
            Effect::new(move |_| {
                if settled() {
                    if let Some(tx) = tx.borrow_mut().take() {
                        let _ = tx.send(());
                    }
                }
            })
        });
        let _ = rx.await;
        drop(owner);
    }
    state.catalog.get_untracked()
}

/// Uses a catalog carried on a file (already verified): shows and saves it.
pub async fn adopt_verified(body: String, signature: String) -> Result<String, Text> {
    let parsed = Catalog::parse(&body, crate::patterns::patterns()).map_err(|e| messages::catalog(&e))?;
    let version = parsed.header.version.clone();
    let db = storage::db().await.map_err(|e| messages::storage(&e))?;
    let record = CachedCatalog {
        etag: format!("\"file-{version}\""),
        body,
        fetched_at: js_sys::Date::now(),
        signature: Some(signature),
    };
    db.save_catalog(&record).await.map_err(|e| messages::catalog_not_saved(&e))?;
    if let Some(state) = SHARED.with(|s| s.get()) {
        state.show(parsed, Source::Saved);
    }
    Ok(version)
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
            // Only a catalog signed by a key this app trusts (or trusted) is shown.
            Ok(Some(c)) if crate::catalog_trust::vouches_for(Some(db), &c).await => {
                if let Ok(parsed) = Catalog::parse(&c.body, crate::patterns::patterns()) {
                    state.show(parsed, Source::Saved);
                    saved = Some(c);
                }
            }
            Ok(_) => {}
            Err(e) => state.problem(messages::storage(&e)),
        }
    }

    revalidate(state, db, saved, false).await;
    state.refreshing.set(false);
    IN_FLIGHT.with(|f| f.set(false));
}

/// Asks the portal for the catalog (conditionally when `saved` is set), shows
/// and saves a new one. `quiet`: a failure to reach the portal adds no note.
async fn revalidate(state: CatalogState, db: Option<Rc<Db>>, saved: Option<CachedCatalog>, quiet: bool) {
    let now = js_sys::Date::now();
    let result = net::fetch_catalog(saved.as_ref().map(|c| c.etag.as_str())).await;
    if result.is_ok() {
        // The portal answered: notes about not reaching it are out of date.
        let stale = [messages::using_saved_catalog(), messages::network(&NetError::Unreachable(String::new()))];
        if state.problems.with_untracked(|p| p.iter().any(|t| stale.contains(t))) {
            state.problems.update(|p| p.retain(|t| !stale.contains(t)));
        }
    }
    match result {
        Ok(CatalogFetch::NotModified) => {
            state.source.set(Some(Source::Portal));
            if let (Some(db), Some(mut c)) = (&db, saved) {
                c.fetched_at = now;
                // Only the time of the check changes: on failure the saved
                // catalog is still the one on screen; nothing to say.
                let _ = db.save_catalog(&c).await;
            }
        }
        Ok(CatalogFetch::Fresh { etag, body, signature, rotations }) => {
            // Only a catalog signed by a key this app trusts, not older than the
            // saved one, is used; otherwise the saved one stays.
            match crate::catalog_trust::accept(db.as_deref(), &body, signature.as_deref(), &rotations).await {
                Ok(parsed) => {
                    state.show(parsed, Source::Portal);
                    if let Some(db) = &db {
                        let record = CachedCatalog { etag, body, fetched_at: now, signature };
                        if let Err(e) = db.save_catalog(&record).await {
                            state.problem(messages::catalog_not_saved(&e));
                        }
                    }
                }
                Err(t) => state.problem(t),
            }
        }
        Err(NetError::Unreachable(_)) if quiet => {}
        Err(_) if state.catalog.with_untracked(Option::is_some) => state.problem(messages::using_saved_catalog()),
        Err(e) => state.problem(messages::network(&e)),
    }
}
