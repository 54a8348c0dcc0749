//! How complete a form is, for the drafts list ("75 %") and the progress bar:
//! the share of visible fields that must be answered (required ones, and any
//! optional one the citizen started) that hold a valid answer, plus required
//! attachment slots holding enough files.

use serde_json::Value;

use crate::catalog::Widget;
use crate::pointer;

use super::{Env, Form, FormErrors};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    /// 0–100; a form with nothing to answer is complete.
    pub fn percent(self) -> u8 {
        if self.total == 0 {
            100
        } else {
            (self.done * 100 / self.total) as u8
        }
    }
}

impl Form {
    /// `files(slot_id)` says how many files a document slot holds.
    pub fn progress(&self, data: &Value, errors: &FormErrors, files: &dyn Fn(&str) -> usize, env: &Env<'_>) -> Progress {
        let pruned = self.prune(data, env);
        let cx = env.context();
        let mut p = Progress::default();
        self.walk(&pruned, env, |inst| {
            let (Some(path), true) = (&inst.path, inst.state.visible) else { return };
            if matches!(inst.element.widget, Widget::Group | Widget::Repeat | Widget::File) {
                return;
            }
            let filled = pointer::get(&pruned, path).is_some();
            let required = filled
                || pointer::split_last(path).is_some_and(|(parent, key)| {
                    self.schema.facts_at(&pruned, parent, &cx).required.contains(&key)
                });
            if required {
                p.total += 1;
                if filled && errors.at(path).next().is_none() {
                    p.done += 1;
                }
            }
        });
        for slot in self.procedure.documents.iter().filter(|d| d.required) {
            p.total += 1;
            if files(&slot.id) >= slot.min_files.max(1) as usize {
                p.done += 1;
            }
        }
        p
    }
}
