//! Autosave: nothing a citizen types may be lost. A change is saved at most
//! [`DELAY_MS`] after it is made — measured from the first unsaved change, so
//! continuous typing still saves several times a second — and at once when the
//! page is hidden or closed (`visibilitychange`, `pagehide`). Saves may be in
//! flight together (a timer's and a closing page's); each carries this
//! editor's change count, and storage never lets an older snapshot replace a
//! newer one. "Đã lưu lúc 10:42" appears once every change is committed.
//!
//! A save that fails (a full phone: the transaction aborts at commit) leaves
//! the change on screen, says so plainly, and is tried again by itself —
//! after a growing pause, and whenever the page is shown again — until it
//! commits.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tokhai_core::draft::Draft;
use tokhai_core::i18n::Text;
use tokhai_core::time::Instant;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::messages;
use crate::storage::drafts::Revision;
use crate::storage::{Db, StorageError};

/// The longest an unsaved change waits (the durability promise: at most this
/// much typing can be lost when a phone dies).
pub const DELAY_MS: u32 = 200;

/// After a failed save: the first pause before trying again, doubled up to
/// the cap (a full phone stays full for a while; no busy loop meanwhile).
const RETRY_FIRST_MS: u32 = 2_000;
const RETRY_CAP_MS: u32 = 30_000;

/// What the indicator shows.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Nothing changed since the draft was opened.
    Unchanged,
    Pending,
    Saved(Instant),
    Failed(Text),
}

struct Inner {
    db: Option<Rc<Db>>,
    /// Builds the draft to save from the current screen state.
    snapshot: Box<dyn Fn() -> Draft>,
    /// This editor, in the records it writes (see [`Revision`]).
    writer: String,
    /// Bumped on every change; a save only clears "dirty" if nothing changed meanwhile.
    generation: Cell<u64>,
    saved_generation: Cell<u64>,
    /// When the oldest unsaved change was made (for the latency figure).
    dirty_since: Cell<Option<f64>>,
    timer: RefCell<Option<Timeout>>,
    /// The next try after a failed save, and the pause before it.
    retry: RefCell<Option<Timeout>>,
    retry_ms: Cell<u32>,
    state: RwSignal<SaveState, LocalStorage>,
    /// While closed (the draft is being filed), nothing is saved: a late save
    /// must not bring back a draft that has just become a bundle.
    closed: Cell<bool>,
    /// The form is gone: its signals (and the indicator) no longer exist.
    retired: Cell<bool>,
    /// After the form is gone: the last snapshot, not yet committed. It is
    /// retried from here, and the draft reopens from it (see [`take_unsaved`]).
    leftover: RefCell<Option<Draft>>,
}

/// Saves one draft as it is edited. Clone it freely (shared).
#[derive(Clone)]
pub struct Autosave(Rc<Inner>);

thread_local! {
    /// Every autosave alive on the page, for [`flush_all`].
    static ACTIVE: RefCell<Vec<Weak<Inner>>> = const { RefCell::new(Vec::new()) };
    /// Autosaves whose form is gone with changes not yet committed (a full
    /// phone), by draft id: kept alive here, retrying, until they commit or
    /// the draft is opened again.
    static UNSAVED: RefCell<std::collections::HashMap<String, Autosave>> = RefCell::new(Default::default());
}

/// The newest state of a draft whose form was left before its last changes
/// could be saved: the draft is reopened from it, not from the older stored
/// copy, and the editor that opens it saves it (this one stops retrying).
pub fn take_unsaved(draft_id: &str) -> Option<Draft> {
    let saver = UNSAVED.with(|u| u.borrow_mut().remove(draft_id))?;
    saver.stop();
    let draft = saver.0.leftover.borrow_mut().take();
    draft
}

/// The draft is gone (deleted or filed elsewhere): its unsaved leftover too.
pub fn forget_unsaved(draft_id: &str) {
    if let Some(saver) = UNSAVED.with(|u| u.borrow_mut().remove(draft_id)) {
        saver.stop();
    }
}

/// Drops every leftover (a session is being locked: its citizen's unsaved
/// changes must not outlive it in memory, nor be written under another).
pub fn drop_all_unsaved() {
    let all: Vec<Autosave> = UNSAVED.with(|u| u.borrow_mut().drain().map(|(_, a)| a).collect());
    for saver in all {
        saver.stop();
        saver.0.leftover.borrow_mut().take();
    }
}

/// Whether changes that storage refused are only in memory (a full phone).
fn holding_unsaved() -> bool {
    UNSAVED.with(|u| !u.borrow().is_empty())
        || alive().into_iter().any(|inner| !inner.retired.get() && matches!(inner.state.get_untracked(), SaveState::Failed(_)) && inner.generation.get() != inner.saved_generation.get())
}

/// While changes that could not be stored are only in memory, closing or
/// reloading the page makes the browser ask first (its own "Leave site?"
/// dialog: the only moment left to save the dossier as a file).
pub fn guard_unload() {
    let Some(window) = web_sys::window() else { return };
    let on_unload = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        if holding_unsaved() {
            ev.prevent_default();
            // Older engines look at returnValue instead.
            let _ = js_sys::Reflect::set(&ev, &JsValue::from_str("returnValue"), &JsValue::from_str(""));
        }
    });
    let _ = window.add_event_listener_with_callback("beforeunload", on_unload.as_ref().unchecked_ref());
    on_unload.forget();
}

fn alive() -> Vec<Rc<Inner>> {
    ACTIVE.with(|a| {
        let mut a = a.borrow_mut();
        a.retain(|w| w.strong_count() > 0);
        a.iter().filter_map(Weak::upgrade).collect()
    })
}

/// Saves everything unsaved, now: before the app reloads itself for an update.
pub fn flush_all() {
    for inner in alive() {
        Autosave(inner).flush();
    }
}

/// Saves everything unsaved and waits for the writes to commit: before a
/// session's key is forgotten.
pub async fn flush_all_now() {
    for inner in alive() {
        Autosave(inner).save_now().await;
    }
}

impl Autosave {
    /// `db` is `None` when the browser gives no storage (private mode): changes
    /// then stay in memory and the indicator says so.
    pub fn new(db: Option<Rc<Db>>, snapshot: impl Fn() -> Draft + 'static) -> Autosave {
        let state = RwSignal::new_local(if db.is_some() {
            SaveState::Unchanged
        } else {
            SaveState::Failed(messages::storage(&StorageError::Unavailable(String::new())))
        });
        let saver = Autosave(Rc::new(Inner {
            db,
            snapshot: Box::new(snapshot),
            writer: crate::ids::new_id(),
            generation: Cell::new(0),
            saved_generation: Cell::new(0),
            dirty_since: Cell::new(None),
            timer: RefCell::new(None),
            retry: RefCell::new(None),
            retry_ms: Cell::new(RETRY_FIRST_MS),
            state,
            closed: Cell::new(false),
            retired: Cell::new(false),
            leftover: RefCell::new(None),
        }));
        saver.flush_when_hidden();
        ACTIVE.with(|a| a.borrow_mut().push(Rc::downgrade(&saver.0)));
        saver
    }

    pub fn state(&self) -> RwSignal<SaveState, LocalStorage> {
        self.0.state
    }

    /// Records a change; the save follows within [`DELAY_MS`].
    pub fn changed(&self) {
        let inner = &self.0;
        inner.generation.set(inner.generation.get() + 1);
        if inner.dirty_since.get().is_none() {
            inner.dirty_since.set(Some(now()));
            crate::perf::mark("tokhai:autosave:dirty");
        }
        if inner.db.is_none() {
            return;
        }
        if !matches!(inner.state.get_untracked(), SaveState::Failed(_)) {
            inner.state.set(SaveState::Pending);
        }
        if inner.timer.borrow().is_none() {
            let me = self.clone();
            *inner.timer.borrow_mut() = Some(Timeout::new(DELAY_MS, move || {
                me.0.timer.borrow_mut().take();
                me.flush();
            }));
        }
    }

    /// Saves now if anything is unsaved (the page is being hidden or left, or
    /// the citizen moves on). The draft is read from the screen at once; only
    /// the write happens later.
    pub fn flush(&self) {
        if let Some(work) = self.snapshot_now() {
            let me = self.clone();
            // The put is issued in this task's microtasks, before a closing page is torn down.
            spawn_local(async move { me.write(work).await });
        }
    }

    /// Saves now if anything is unsaved, and waits for the write.
    pub async fn save_now(&self) {
        if let Some(work) = self.snapshot_now() {
            self.write(work).await;
        }
    }

    /// The draft to save and its change count, if anything is unsaved.
    fn snapshot_now(&self) -> Option<(u64, Rc<Db>, Draft)> {
        let inner = &self.0;
        if let Some(t) = inner.timer.borrow_mut().take() {
            t.cancel();
        }
        if let Some(t) = inner.retry.borrow_mut().take() {
            t.cancel();
        }
        let generation = inner.generation.get();
        if inner.closed.get() || generation == inner.saved_generation.get() {
            return None;
        }
        let db = inner.db.clone()?;
        let draft = if inner.retired.get() { inner.leftover.borrow().clone()? } else { (inner.snapshot)() };
        Some((generation, db, draft))
    }

    async fn write(&self, (generation, db, draft): (u64, Rc<Db>, Draft)) {
        let inner = &self.0;
        if inner.closed.get() {
            return;
        }
        let rev = Revision { writer: inner.writer.clone(), seq: generation };
        // Skipped (`Ok(false)`) only when a later snapshot is already stored:
        // this one's changes are in it, so they count as saved too.
        let result = db.save_draft_revision(&draft, Some(&rev)).await;
        match result {
            Ok(_) => {
                inner.retry_ms.set(RETRY_FIRST_MS);
                if generation > inner.saved_generation.get() {
                    inner.saved_generation.set(generation);
                }
                // "Đã lưu" only once every change is saved: an older write
                // finishing after a newer change must not claim that change.
                let all_saved = inner.saved_generation.get() == inner.generation.get();
                if all_saved {
                    inner.dirty_since.set(None);
                    crate::perf::measure_now("tokhai:autosave", "tokhai:autosave:dirty");
                }
                if all_saved && !inner.retired.get() {
                    inner.state.set(SaveState::Saved(Instant(now() as i64)));
                }
                if all_saved && inner.retired.get() {
                    inner.leftover.borrow_mut().take();
                    UNSAVED.with(|u| u.borrow_mut().retain(|_, a| !Rc::ptr_eq(&a.0, inner)));
                }
            }
            Err(e) => {
                if inner.retired.get() {
                    // The form is gone: keep its last state here, alive.
                    let id = draft.id.clone();
                    *inner.leftover.borrow_mut() = Some(draft);
                    UNSAVED.with(|u| u.borrow_mut().insert(id, self.clone()));
                } else {
                    inner.state.set(SaveState::Failed(messages::unsaved_changes(&e)));
                }
                if retryable(&e) {
                    self.retry_later();
                }
            }
        }
    }

    /// Tries the failed save again after a pause (unless something else
    /// saves first: every flush cancels this).
    fn retry_later(&self) {
        let inner = &self.0;
        if inner.closed.get() || inner.retry.borrow().is_some() {
            return;
        }
        let wait = inner.retry_ms.get();
        inner.retry_ms.set((wait * 2).min(RETRY_CAP_MS));
        let me = self.clone();
        *inner.retry.borrow_mut() = Some(Timeout::new(wait, move || {
            me.0.retry.borrow_mut().take();
            me.flush();
        }));
    }

    /// Stops saving (the draft is being filed). Pending changes are dropped:
    /// the caller has taken a snapshot of them.
    pub fn close(&self) {
        self.stop();
    }

    /// Saves nothing more, and cancels what is scheduled.
    fn stop(&self) {
        self.0.closed.set(true);
        if let Some(t) = self.0.timer.borrow_mut().take() {
            t.cancel();
        }
        if let Some(t) = self.0.retry.borrow_mut().take() {
            t.cancel();
        }
    }

    /// Saves again (filing failed; the citizen keeps editing the draft).
    pub fn reopen(&self) {
        self.0.closed.set(false);
        if !self.is_clean() {
            self.flush();
        }
    }

    /// Whether everything is saved.
    pub fn is_clean(&self) -> bool {
        self.0.generation.get() == self.0.saved_generation.get()
    }

    fn flush_when_hidden(&self) {
        let Some(window) = web_sys::window() else { return };
        let me = self.clone();
        // Hidden: save now, the page may never come back. Shown again: the
        // citizen may have freed space meanwhile, so a failed save goes now.
        let on_hide = Closure::<dyn Fn()>::new(move || {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
            if hidden || matches!(me.0.state.get_untracked(), SaveState::Failed(_)) {
                me.flush();
            }
        });
        let me = self.clone();
        let on_pagehide = Closure::<dyn Fn()>::new(move || me.flush());
        let _ = window.add_event_listener_with_callback("visibilitychange", on_hide.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
        // When the form goes away: a last flush (its snapshot is taken now, while
        // the form's signals still exist), then nothing more from this autosave.
        let me = self.clone();
        let cleanup = send_wrapper::SendWrapper::new(move || {
            // The snapshot is taken now; if its write fails it becomes the
            // leftover, retried and reopened (see `write`).
            me.flush();
            me.0.retired.set(true);
            if let Some(t) = me.0.timer.borrow_mut().take() {
                t.cancel();
            }
            if let Some(w) = web_sys::window() {
                let _ = w.remove_event_listener_with_callback("visibilitychange", on_hide.as_ref().unchecked_ref());
                let _ = w.remove_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
            }
        });
        on_cleanup(move || (cleanup.take())());
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Whether trying the same save again can succeed (storage may free up);
/// a locked session or a missing database will not change by waiting.
fn retryable(e: &StorageError) -> bool {
    matches!(e, StorageError::Quota | StorageError::Aborted(_) | StorageError::Other(_) | StorageError::Corrupt(_))
}
