//! The 2025 administrative units (34 provinces, 3,321 wards and communes),
//! fetched the first time an address field appears rather than shipped in the
//! wasm: most visits never need them. The file is static, so the browser (and,
//! offline, the service worker) caches it.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tokhai_core::vn::AddressBook;

use crate::net;

/// Where the build puts `core/data/dvhc-2025.tsv` (see index.html).
pub const DATA_URL: &str = "/data/dvhc-2025.tsv";

/// Loading state of the address book.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Idle,
    Loading,
    Ready,
    Failed,
}

#[derive(Clone, Copy)]
struct Shared {
    book: RwSignal<Option<Arc<AddressBook>>>,
    status: RwSignal<Status>,
}

thread_local! {
    static SHARED: Shared = Shared {
        book: RwSignal::new(None),
        status: RwSignal::new(Status::Idle),
    };
}

/// The address book signal (`None` until loaded). Reading it does not start a load.
pub fn book() -> RwSignal<Option<Arc<AddressBook>>> {
    SHARED.with(|s| s.book)
}

pub fn status() -> RwSignal<Status> {
    SHARED.with(|s| s.status)
}

/// Starts loading the address book unless it is loaded or loading.
pub fn request() {
    let Shared { book, status } = SHARED.with(|s| *s);
    if matches!(status.get_untracked(), Status::Loading | Status::Ready) {
        return;
    }
    status.set(Status::Loading);
    spawn_local(async move {
        let loaded = match net::get_text(DATA_URL).await {
            Ok(text) => AddressBook::parse(&text).ok(),
            Err(_) => None,
        };
        match loaded {
            Some(b) => {
                book.set(Some(Arc::new(b)));
                status.set(Status::Ready);
            }
            None => status.set(Status::Failed),
        }
    });
}
