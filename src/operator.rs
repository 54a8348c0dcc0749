//! Operator mode: a shared device set up for assisted filing. The settings
//! are read once at start and kept in a signal; every part of the interface
//! that differs on an operator device (the session bar, consent, the team
//! dashboard) reads it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::storage::{self, settings::OperatorSettings};

thread_local! {
    static SETTINGS: RwSignal<Option<OperatorSettings>> = RwSignal::new(None);
    static LOADED: RwSignal<bool> = RwSignal::new(false);
}

/// The operator settings (`None`: a citizen's own device).
pub fn settings() -> RwSignal<Option<OperatorSettings>> {
    SETTINGS.with(|s| *s)
}

/// Whether the settings have been read from the device yet.
pub fn loaded() -> RwSignal<bool> {
    LOADED.with(|s| *s)
}

pub fn start() {
    spawn_local(async {
        if let Ok(db) = storage::db().await {
            settings().set(db.operator().await.ok().flatten());
        }
        loaded().set(true);
    });
}

/// Saves (or, with `None`, removes) the operator settings.
pub async fn save(s: Option<OperatorSettings>) -> Result<(), storage::StorageError> {
    let db = storage::db().await?;
    db.save_operator(s.as_ref()).await?;
    settings().set(s);
    Ok(())
}
