//! Autosave: nothing a citizen types may be lost. A change is saved at most
//! [`DELAY_MS`] after it is made — measured from the first unsaved change, so
//! continuous typing still saves several times a second — and at once when the
//! page is hidden or closed (`visibilitychange`, `pagehide`). Saves may be in
//! flight together (a timer's and a closing page's); each carries this
//! editor's change count, and storage never lets an older snapshot replace a
//! newer one. "Đã lưu lúc 10:42" appears once every change is committed.

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
    state: RwSignal<SaveState, LocalStorage>,
    /// While closed (the draft is being filed), nothing is saved: a late save
    /// must not bring back a draft that has just become a bundle.
    closed: Cell<bool>,
    /// The form is gone: its signals (and the indicator) no longer exist.
    retired: Cell<bool>,
}

/// Saves one draft as it is edited. Clone it freely (shared).
#[derive(Clone)]
pub struct Autosave(Rc<Inner>);

thread_local! {
    /// Every autosave alive on the page, for [`flush_all`].
    static ACTIVE: RefCell<Vec<Weak<Inner>>> = const { RefCell::new(Vec::new()) };
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
            state,
            closed: Cell::new(false),
            retired: Cell::new(false),
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
        let generation = inner.generation.get();
        if inner.closed.get() || generation == inner.saved_generation.get() {
            return None;
        }
        let db = inner.db.clone()?;
        Some((generation, db, (inner.snapshot)()))
    }

    async fn write(&self, (generation, db, draft): (u64, Rc<Db>, Draft)) {
        let inner = &self.0;
        let rev = Revision { writer: inner.writer.clone(), seq: generation };
        // Skipped (`Ok(false)`) only when a later snapshot is already stored:
        // this one's changes are in it, so they count as saved too.
        let result = db.save_draft_revision(&draft, Some(&rev)).await;
        match result {
            Ok(_) => {
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
            }
            Err(e) => {
                if !inner.retired.get() {
                    inner.state.set(SaveState::Failed(messages::storage(&e)));
                }
            }
        }
    }

    /// Stops saving (the draft is being filed). Pending changes are dropped:
    /// the caller has taken a snapshot of them.
    pub fn close(&self) {
        self.0.closed.set(true);
        if let Some(t) = self.0.timer.borrow_mut().take() {
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
        let on_hide = Closure::<dyn Fn()>::new(move || {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
            if hidden {
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
            me.flush();
            me.0.retired.set(true);
            me.0.closed.set(true);
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
