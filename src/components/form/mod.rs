//! The form renderer: every widget of the catalog format, driven by one
//! [`FormCtx`] (the data, which fields show their errors, the checks).
//!
//! Text inputs are the source of truth while the citizen types: they write to
//! the data on every keystroke but only read it back when something else
//! changed it (a repeat item removed, a draft loaded: `revision`), so the caret
//! never jumps and half-typed numbers or dates stay as typed.

mod address;
mod choice;
mod element;
mod field;
mod files;
mod repeat;
mod summary;
mod text_input;

pub use address::address_text;
pub use element::Elements;
pub use files::{slot_id, FilesField};
pub use summary::{focus_field, ErrorSummary, SummaryItem};

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;
use tokhai_core::date::Date;
use tokhai_core::form::{Env, Form, FormErrors};
use tokhai_core::i18n::Text;
use tokhai_core::pointer;
use tokhai_core::vn::AddressBook;

use crate::addresses;
use crate::patterns::patterns;

pub use crate::storage::attachments::AttachmentMeta;

/// Everything the widgets of one form share. `Copy`: pass it anywhere.
#[derive(Clone, Copy)]
pub struct FormCtx {
    pub form: StoredValue<Arc<Form>>,
    pub data: RwSignal<Value>,
    /// Bumped when the data changes other than by typing in a text field.
    pub revision: RwSignal<u64>,
    /// Fields whose errors are shown: those on a step the citizen tried to leave.
    pub touched: RwSignal<HashSet<String>>,
    /// The live check of the whole form (the review's completeness, the summary).
    pub errors: Memo<FormErrors>,
    /// The errors as they were when the citizen last pressed "Tiếp tục" (GOV.UK:
    /// validate on submit). Fields show these, never the live ones: a message
    /// appearing or going when a field loses focus would move the button under
    /// the finger between touch-down and click, and the tap would miss.
    pub validated: RwSignal<FormErrors>,
    /// The draft's attachments by document slot (stored in IndexedDB as they are added).
    pub files: RwSignal<BTreeMap<String, Vec<AttachmentMeta>>>,
    pub draft_id: StoredValue<String>,
    pub today: Date,
    required: StoredValue<Rc<RefCell<HashMap<String, Rc<std::collections::BTreeSet<String>>>>>, LocalStorage>,
}

impl FormCtx {
    pub fn new(
        form: Arc<Form>,
        draft_id: String,
        data: Value,
        files: BTreeMap<String, Vec<AttachmentMeta>>,
        today: Date,
    ) -> FormCtx {
        let form = StoredValue::new(form);
        let data = RwSignal::new(data);
        let book = addresses::book();
        let errors = Memo::new(move |_| {
            let book = book.get();
            data.with(|d| form.with_value(|f| f.check(d, &env(today, book.as_deref()))))
        });
        FormCtx {
            form,
            data,
            revision: RwSignal::new(0),
            touched: RwSignal::new(HashSet::new()),
            errors,
            validated: RwSignal::new(FormErrors::default()),
            files: RwSignal::new(files),
            draft_id: StoredValue::new(draft_id),
            today,
            required: StoredValue::new_local(Rc::default()),
        }
    }

    /// The value at `path`, tracked.
    pub fn value(&self, path: &str) -> Option<Value> {
        self.data.with(|d| pointer::get(d, path).cloned())
    }

    pub fn value_untracked(&self, path: &str) -> Option<Value> {
        self.data.with_untracked(|d| pointer::get(d, path).cloned())
    }

    /// Sets (or, with `None`, removes) the value at `path`.
    pub fn set(&self, path: &str, value: Option<Value>) {
        self.required.with_value(|r| r.borrow_mut().clear());
        self.data.update(|d| {
            match value {
                Some(v) => {
                    pointer::set(d, path, v);
                }
                None => {
                    pointer::remove(d, path);
                }
            };
        });
    }

    /// A structural change (items added or removed): text inputs re-read their values.
    pub fn restructure(&self, f: impl FnOnce(&mut Value)) {
        self.required.with_value(|r| r.borrow_mut().clear());
        self.data.update(f);
        self.revision.update(|r| *r += 1);
        // Items moved: the messages shown must follow them (this runs on a
        // click, after the tap landed).
        if self.validated.with_untracked(|v| !v.is_empty()) {
            self.validate();
        }
    }

    /// Takes the errors shown from the live check: on submit, and after a
    /// structural change. Never on blur.
    pub fn validate(&self) {
        self.validated.set(self.errors.get_untracked());
    }

    /// Forgets the shown errors (a new step starts clean).
    pub fn clear_validation(&self) {
        self.validated.set(FormErrors::default());
    }

    pub fn touch(&self, path: &str) {
        if !self.touched.with_untracked(|t| t.contains(path)) {
            self.touched.update(|t| {
                t.insert(path.to_owned());
            });
        }
    }

    /// The errors shown on the element at `path`: as of the last submit, and
    /// only once its step was submitted.
    pub fn shown_errors(&self, path: &str) -> Vec<Text> {
        if !self.touched.with(|t| t.contains(path)) {
            return Vec::new();
        }
        self.validated.with(|e| e.at(path).cloned().collect())
    }

    /// How many files a document slot holds.
    pub fn file_count(&self, slot: &str) -> usize {
        self.files.with(|f| f.get(slot).map_or(0, Vec::len))
    }

    /// Whether the field at `path` must be answered, given the current data.
    /// One schema walk per parent object per change, shared by its fields.
    pub fn is_required(&self, path: &str) -> bool {
        let Some((parent, key)) = pointer::split_last(path) else { return false };
        self.data.track();
        let cached = self.required.with_value(|r| r.borrow().get(parent).cloned());
        let set = cached.unwrap_or_else(|| {
            let set = Rc::new(self.data.with_untracked(|d| {
                self.form.with_value(|f| {
                    let env = env(self.today, None);
                    f.schema().facts_at(d, parent, &env.context()).required
                })
            }));
            self.required.with_value(|r| r.borrow_mut().insert(parent.to_owned(), set.clone()));
            set
        });
        set.contains(&key)
    }

    pub fn env(&self) -> Env<'static> {
        env(self.today, None)
    }
}

fn env(today: Date, book: Option<&AddressBook>) -> Env<'_> {
    let e = Env::new(patterns(), today);
    match book {
        Some(b) => e.with_addresses(b),
        None => e,
    }
}

pub fn use_form() -> FormCtx {
    expect_context::<FormCtx>()
}

/// The HTML id of the control editing `path`: stable, unique, and valid in a
/// URL fragment (the error summary links to it).
pub fn field_id(path: &str) -> String {
    let mut id = String::from("f");
    for b in path.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => id.push(b as char),
            b'/' => id.push('-'),
            _ => id.push_str(&format!("_{b:02x}")),
        }
    }
    id
}
