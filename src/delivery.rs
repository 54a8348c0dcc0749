//! Delivering the outbox: every due bundle is sent on its own (one failing
//! bundle never blocks the others), at app start, when the network comes
//! back, and when its backoff timer fires. The rules — what is due, what an
//! answer means, how long to wait — live in `tokhai_core::outbox`; this module
//! only moves bytes and keeps IndexedDB and the screen up to date.
//!
//! Uploads use XMLHttpRequest rather than `fetch` for its upload progress
//! events: a 20 MB dossier on 3G takes minutes, and a bar that moves is how a
//! citizen knows the app has not hung.
//!
//! What the scheduler is doing is published on `<html>` for tests, which wait
//! on it instead of on time: `data-delivery-pass` (scheduling passes done),
//! `data-delivery-in-flight` (uploads under way), `data-outbox-sweep`
//! (retention sweeps done) and, while [`HOLD_SWITCH`] is on,
//! `data-delivery-held`.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tokhai_core::outbox::{classify, due, next_wakeup, refuse_oversize, Entry, Link, Outcome};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, XmlHttpRequest};

use crate::storage::outbox::Outboxed;
use crate::storage::{self, StorageError};

/// Uploads at once: enough to use a good link, few enough not to starve a weak one.
const PARALLEL: usize = 2;
/// An upload that makes no progress for this long is abandoned and retried.
const UPLOAD_TIMEOUT_MS: u32 = 120_000;

/// What the outbox looks like, for the pages (refreshed after every change).
#[derive(Clone, Copy)]
pub struct OutboxView {
    pub items: RwSignal<Vec<Outboxed>>,
    /// Upload progress (0–1) of bundles being sent.
    pub progress: RwSignal<HashMap<String, f64>>,
    /// Why the last change of a bundle's state could not be stored, if it
    /// could not (the state shown is still true: it is what happened).
    pub problem: RwSignal<Option<tokhai_core::i18n::Text>>,
}

thread_local! {
    static VIEW: OutboxView = OutboxView { items: RwSignal::new(Vec::new()), progress: RwSignal::new(HashMap::new()), problem: RwSignal::new(None) };
    static IN_FLIGHT: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
    static TIMER: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    static STARTED: Cell<bool> = const { Cell::new(false) };
    /// Whether `VIEW.items` holds the outbox as stored (loaded once, then kept
    /// up to date by this module), so scheduling needs no IndexedDB read.
    static LOADED: Cell<bool> = const { Cell::new(false) };
    /// Reaching the portal at all: one probe at a time while there is no network.
    static LINK: RefCell<Link> = RefCell::new(Link::default());
    /// Automatic delivery is held back (see [`HOLD_SWITCH`]).
    static HELD: Cell<bool> = const { Cell::new(false) };
    static PASSES: Cell<u32> = const { Cell::new(0) };
    static SWEEPS: Cell<u32> = const { Cell::new(0) };
}

/// Test-only switch, read once at app start: with `localStorage` holding
/// `"tokhai.test.holdDelivery" = "1"`, the outbox sends nothing on its own —
/// not at start, after filing or importing, on its timers, nor when the
/// network returns — until someone presses "Gửi lại ngay", which releases it
/// for the rest of the page's life. End-to-end tests set it when they must
/// decide the moment a bundle leaves (`e2e/support/delivery.ts`); the app
/// never sets it, and without it nothing changes.
pub const HOLD_SWITCH: &str = "tokhai.test.holdDelivery";

fn read_hold_switch() -> bool {
    // Storage may be unavailable (some private modes throw): then not held.
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(HOLD_SWITCH).ok().flatten())
        .is_some_and(|v| v == "1")
}

fn held() -> bool {
    HELD.with(Cell::get)
}

/// Publishes the scheduler's state on `<html>` (see the module docs).
fn publish() {
    let in_flight = IN_FLIGHT.with(|f| f.borrow().len());
    crate::ready::set_state("delivery-in-flight", Some(&in_flight.to_string()));
    crate::ready::set_state("delivery-pass", Some(&PASSES.with(Cell::get).to_string()));
    crate::ready::set_state("delivery-held", held().then_some("true"));
}

pub fn view() -> OutboxView {
    VIEW.with(|v| *v)
}

fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// Starts delivery: interrupted uploads are made due again, and the outbox is
/// retried whenever the app comes back online. Call once at app start.
pub fn start() {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    HELD.with(|h| h.set(read_hold_switch()));
    publish();
    // The device regained a network: what was waiting for it goes now.
    if let Some(w) = web_sys::window() {
        let on_online = Closure::<dyn Fn()>::new(|| {
            if !held() {
                make_all_due_now();
            }
        });
        let _ = w.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        on_online.forget();
    }
    // The portal answered another request after failures: the network is
    // back, so what is due goes, but each bundle keeps its backoff (a flaky
    // portal must not be hammered).
    crate::connectivity::on_online(|| {
        LINK.with(|l| l.borrow_mut().up());
        kick();
    });
    spawn_local(async {
        let _ = for_each_entry(|e| e.recover(now())).await;
        kick();
        sweep().await;
    });
    // A tablet at a ward station may stay open for days.
    gloo_timers::callback::Interval::new(SWEEP_EVERY_MS, || spawn_local(sweep())).forget();
}

/// How often delivered bundles are checked against the retention.
const SWEEP_EVERY_MS: u32 = 60 * 60 * 1000;

/// Wipes the local copy of bundles accepted longer ago than the operator
/// device's retention (receipts stay). A citizen's own phone keeps its copies.
pub async fn sweep() {
    wipe_expired().await;
    SWEEPS.with(|n| n.set(n.get() + 1));
    crate::ready::set_state("outbox-sweep", Some(&SWEEPS.with(Cell::get).to_string()));
}

async fn wipe_expired() {
    let Ok(db) = storage::db().await else { return };
    let Some(days) = db.operator().await.ok().flatten().map(|o| o.retention_days) else { return };
    let Ok((items, _)) = db.outbox().await else { return };
    let kept: Vec<&Outboxed> = items.iter().filter(|o| o.info.wiped_at.is_none()).collect();
    let mut wiped = false;
    for id in tokhai_core::outbox::retention::due_for_wipe(kept.iter().map(|o| &o.entry), now(), days) {
        wiped |= db.wipe_bundle(&id, now()).await.unwrap_or(false);
    }
    if wiped {
        if let Ok((items, _)) = db.outbox().await {
            view().items.set(items);
        }
    }
}

/// Removes the local copy of every accepted bundle now (the citizen frees
/// room on a full phone); receipts stay. Returns how many were removed.
pub async fn wipe_accepted() -> Result<usize, StorageError> {
    let db = storage::db().await?;
    let (items, _) = db.outbox().await?;
    let mut n = 0;
    for o in items.iter().filter(|o| o.info.wiped_at.is_none()) {
        if db.wipe_bundle(&o.entry.id, now()).await? {
            n += 1;
        }
    }
    if let Ok((items, _)) = db.outbox().await {
        view().items.set(items);
    }
    Ok(n)
}

/// Applies `f` to every entry and saves those that changed.
async fn for_each_entry(f: impl Fn(&mut Entry)) -> Result<(), StorageError> {
    let db = storage::db().await?;
    let (items, _) = db.outbox().await?;
    for o in items {
        let mut e = o.entry.clone();
        f(&mut e);
        if e != o.entry {
            db.update_outbox_entry(&e).await?;
        }
    }
    Ok(())
}

/// Reads the outbox from storage (it may have changed: a bundle filed or
/// imported, another tab), sends whatever is due now, and sets a timer for
/// what is due later.
pub fn kick() {
    schedule(true);
}

/// Sends what is due: as many as the link allows (see [`Link`]). `reload`:
/// read the outbox from IndexedDB first; otherwise the copy in memory, which
/// every delivery keeps up to date, is enough — after each attempt, on
/// timers — and 500 queued bundles cost no 500-record read per attempt.
fn schedule(reload: bool) {
    spawn_local(async move {
        plan(reload).await;
        PASSES.with(|n| n.set(n.get() + 1));
        publish();
    });
}

/// One scheduling pass (see [`schedule`]).
async fn plan(reload: bool) {
    if reload || !LOADED.with(Cell::get) {
        let Ok(db) = storage::db().await else { return };
        let Ok((items, _)) = db.outbox().await else { return };
        // Only a real change re-renders the pages that show the outbox.
        if view().items.with_untracked(|v| v != &items) {
            view().items.set(items);
        }
        LOADED.with(|l| l.set(true));
    }
    // Held back (a test's switch): the outbox is shown, nothing is sent.
    if held() {
        TIMER.with(|t| t.borrow_mut().take());
        return;
    }
    let entries: Vec<Entry> = view().items.with_untracked(|items| items.iter().map(|o| o.entry.clone()).collect());
    let t = now();
    let busy = IN_FLIGHT.with(|f| f.borrow().len());
    let slots = LINK.with(|l| l.borrow().slots(t, busy, PARALLEL));
    let due_now: Vec<String> = due(&entries, t).into_iter().filter(|id| !IN_FLIGHT.with(|f| f.borrow().contains(id))).collect();
    for id in due_now.iter().take(slots).cloned() {
        IN_FLIGHT.with(|f| f.borrow_mut().insert(id.clone()));
        spawn_local(async move {
            deliver(&id).await;
            IN_FLIGHT.with(|f| f.borrow_mut().remove(&id));
            publish();
            schedule(false);
        });
    }
    // Wake up for the next bundle due, or, while the link is down and
    // bundles wait for it, for the next probe.
    let probe = if due_now.len() > slots { LINK.with(|l| l.borrow().wake_at()) } else { None };
    let wake = [next_wakeup(&entries, t), probe].into_iter().flatten().min();
    TIMER.with(|timer| {
        *timer.borrow_mut() = wake.map(|at| {
            let wait = (at - t).clamp(0, i64::from(u32::MAX)) as u32;
            Timeout::new(wait, || schedule(false))
        })
    });
}

/// "Gửi lại ngay": makes every waiting bundle due now. The citizen asked, so
/// a test's hold (see [`HOLD_SWITCH`]) ends here.
pub fn retry_all_now() {
    HELD.with(|h| h.set(false));
    publish();
    make_all_due_now();
}

/// Makes every waiting bundle due now, and sends.
fn make_all_due_now() {
    LINK.with(|l| l.borrow_mut().up());
    spawn_local(async {
        let _ = for_each_entry(|e| e.retry_now(now())).await;
        kick();
    });
}

/// One attempt to deliver one bundle.
async fn deliver(id: &str) {
    let Ok(db) = storage::db().await else { return };
    let Ok(Some(mut item)) = db.outboxed(id).await else { return };
    if item.entry.start(now()).is_err() {
        return;
    }
    // Delivery never waits on a local write: "sending" is only on record for
    // a crash (it is then sent again, and the portal answers idempotently).
    // A full phone must not keep a dossier from leaving it.
    note_storage(db.update_outbox_entry(&item.entry).await);
    refresh_item(&item);
    // A bundle that cannot be read now (storage busy or failing) waits and is
    // tried again: never left "sending", never given up. Such a local failure
    // says nothing about the network, so it does not count against the link.
    let (outcome, answered) = match db.outbox_bundle(id).await {
        // Over the portal's published limit: refused here, never sent (nor retried).
        Ok(Some(bundle)) => match refuse_oversize(bundle.size() as u64, &published_limits()) {
            Some(refused) => (refused, true),
            None => upload(id, &bundle).await,
        },
        Ok(None) => (Outcome::Transient { reason: "bundle file not found on this device".into() }, true),
        Err(e) => (Outcome::Transient { reason: format!("storage: {e}") }, true),
    };
    LINK.with(|l| l.borrow_mut().record(answered, now(), js_sys::Math::random()));
    if answered {
        crate::connectivity::report_reachable();
    }
    view().progress.update(|p| {
        p.remove(id);
    });
    let accepted = matches!(outcome, Outcome::Accepted(_));
    let _ = item.entry.finish(outcome, now(), js_sys::Math::random());
    // The screen and the scheduler follow what happened even if it could not
    // be recorded (a full phone): the stored copy then still says "sending",
    // and after a reload the bundle is sent again and answered the same way.
    note_storage(db.update_outbox_entry(&item.entry).await);
    refresh_item(&item);
    if accepted {
        let _ = db.record_sync(now() as f64).await;
    }
}

/// Records (or clears) a failure to write the outbox, for the outbox page.
fn note_storage(result: Result<(), StorageError>) {
    let problem = result.err().map(|e| crate::messages::storage(&e));
    if view().problem.with_untracked(|p| *p != problem) {
        view().problem.set(problem);
    }
}

/// The limits of the portal's catalog on screen (its published intake limit).
fn published_limits() -> tokhai_core::bundle::Limits {
    let max = crate::catalog_state::use_catalog_untracked().and_then(|c| c.header.intake).map(|i| i.max_bundle_bytes);
    tokhai_core::bundle::Limits::published(max)
}

fn refresh_item(item: &Outboxed) {
    view().items.update(|items| {
        if let Some(slot) = items.iter_mut().find(|o| o.entry.id == item.entry.id) {
            *slot = item.clone();
        }
    });
}

/// POSTs the bundle and reads the answer as an [`Outcome`], with whether any
/// HTTP answer arrived at all (for the [`Link`]).
async fn upload(id: &str, bundle: &Blob) -> (Outcome, bool) {
    let (tx, rx) = futures_channel::oneshot::channel::<(Outcome, bool)>();
    let tx = std::rc::Rc::new(RefCell::new(Some(tx)));
    let send = move |o: (Outcome, bool)| {
        if let Some(tx) = tx.borrow_mut().take() {
            let _ = tx.send(o);
        }
    };
    let xhr = match XmlHttpRequest::new() {
        Ok(x) => x,
        Err(_) => return (Outcome::Transient { reason: "XMLHttpRequest unavailable".into() }, false),
    };
    if xhr.open("POST", "/api/bundles").is_err() {
        return (Outcome::Transient { reason: "cannot open request".into() }, false);
    }
    let _ = xhr.set_request_header("Content-Type", "application/vnd.tokhai.bundle+zip");
    xhr.set_timeout(UPLOAD_TIMEOUT_MS);
    let id_owned = id.to_owned();
    let on_progress = Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
        if ev.length_computable() && ev.total() > 0.0 {
            let f = ev.loaded() / ev.total();
            view().progress.update(|p| {
                p.insert(id_owned.clone(), f);
            });
        }
    });
    if let Ok(up) = xhr.upload() {
        up.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    let done = {
        let xhr = xhr.clone();
        let send = send.clone();
        Closure::<dyn Fn()>::new(move || {
            let status = xhr.status().unwrap_or(0);
            let body = xhr.response_text().ok().flatten().unwrap_or_default();
            send((classify(status, &body), status != 0));
        })
    };
    let failed = {
        let send = send.clone();
        Closure::<dyn Fn()>::new(move || {
            crate::connectivity::report_unreachable();
            send((Outcome::Transient { reason: "network".into() }, false))
        })
    };
    let timed_out = Closure::<dyn Fn()>::new(move || send((Outcome::Transient { reason: "timeout".into() }, false)));
    xhr.set_onload(Some(done.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(failed.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(failed.as_ref().unchecked_ref()));
    xhr.set_ontimeout(Some(timed_out.as_ref().unchecked_ref()));
    if xhr.send_with_opt_blob(Some(bundle)).is_err() {
        return (Outcome::Transient { reason: "cannot send".into() }, false);
    }
    let outcome = rx.await.unwrap_or((Outcome::Transient { reason: "interrupted".into() }, false));
    // The closures must outlive the request; drop them only now.
    drop((on_progress, done, failed, timed_out));
    outcome
}

/// Asks the portal for an accepted bundle's case status and records it.
pub async fn refresh_status(id: &str) -> Option<String> {
    let req = web_sys::Request::new_with_str(&format!("/api/bundles/{id}")).ok()?;
    let res = crate::net::send(&req).await.ok()?;
    if !res.ok() {
        return None;
    }
    let body = crate::net::text(&res).await.ok()?;
    let status = serde_json::from_str::<serde_json::Value>(&body).ok()?.get("status")?.as_str()?.to_owned();
    let db = storage::db().await.ok()?;
    let mut item = db.outboxed(id).await.ok()??;
    item.entry.update_status(&status);
    db.update_outbox_entry(&item.entry).await.ok()?;
    refresh_item(&item);
    Some(status)
}
