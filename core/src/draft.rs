//! A draft: a citizen's dossier while it is being filled. It remembers the
//! catalog and schema versions it was made with, so that opening it after the
//! catalog changed keeps every answer that still fits and sets the rest aside
//! for re-entry (see [`Form::adopt`]). A draft is never a submission: sealing
//! (issue of the bundle module) turns a complete draft into an immutable bundle.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalog::{Delivery, Widget};
use crate::form::{Env, Form, SetAside};
use crate::pointer;
use crate::time::Instant;

/// Where the dossier is filed and how the result comes back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Filing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ward: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
}

/// What a list of drafts shows, kept up to date on every save so the list
/// never has to open (or decrypt) the drafts themselves.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The person the dossier is for, once typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen: Option<String>,
    /// Completeness, 0–100.
    pub percent: u8,
    pub attachments: u32,
    /// Whether anything was entered at all (empty drafts are not listed).
    pub started: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    pub id: String,
    /// National procedure code.
    pub procedure: String,
    pub catalog_version: String,
    pub schema_version: String,
    pub data: Value,
    #[serde(default)]
    pub filing: Filing,
    /// The step the citizen was on (0-based), to resume there.
    #[serde(default)]
    pub step: u32,
    /// Unix milliseconds.
    pub created_at: i64,
    pub updated_at: i64,
    /// Answers from an older version of the form that no longer fit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_aside: Vec<SetAside>,
    #[serde(default)]
    pub summary: Summary,
}

impl Draft {
    /// A new, empty draft of `form`.
    pub fn new(id: String, form: &Form, catalog_version: &str, now: Instant) -> Draft {
        let filing = Filing {
            delivery: (form.procedure.delivery.len() == 1).then(|| form.procedure.delivery[0]),
            ..Filing::default()
        };
        Draft {
            id,
            procedure: form.procedure.code.clone(),
            catalog_version: catalog_version.to_owned(),
            schema_version: form.procedure.schema_version.clone(),
            data: Value::Object(Default::default()),
            filing,
            step: 0,
            created_at: now.millis(),
            updated_at: now.millis(),
            set_aside: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// Brings a draft made with another version of the form up to `form`:
    /// values that still fit are kept, the others are set aside (with any set
    /// aside before). A draft of the same schema version is returned as is.
    pub fn adopt(mut self, form: &Form, catalog_version: &str, env: &Env<'_>) -> Draft {
        if self.schema_version == form.procedure.schema_version {
            self.catalog_version = catalog_version.to_owned();
            return self;
        }
        let (kept, aside) = form.adopt(&self.data, env);
        self.data = kept;
        self.set_aside.extend(aside);
        self.schema_version = form.procedure.schema_version.clone();
        self.catalog_version = catalog_version.to_owned();
        self
    }

    /// A copy to file another, similar dossier: same answers and filing
    /// choices, new identity and times. (Attachments are copied by the caller.)
    pub fn duplicate(&self, id: String, now: Instant) -> Draft {
        Draft { id, created_at: now.millis(), updated_at: now.millis(), step: 0, ..self.clone() }
    }

    /// Recomputes the list summary; `files(slot)` counts a slot's attachments.
    pub fn summarize(&mut self, form: &Form, files: &dyn Fn(&str) -> usize, env: &Env<'_>) {
        let errors = form.check(&self.data, env);
        let attachments: usize = form.procedure.documents.iter().map(|d| files(&d.id)).sum();
        self.summary = Summary {
            citizen: subject(form, &self.data, env),
            percent: form.progress(&self.data, &errors, files, env).percent(),
            attachments: attachments as u32,
            started: attachments > 0 || self.data.as_object().is_some_and(|o| !o.is_empty()),
        };
    }
}

/// The name of the person the dossier is for: the catalog's `ui.subject`, else
/// the first filled `hoTen` (full name) field in form order.
pub fn subject(form: &Form, data: &Value, env: &Env<'_>) -> Option<String> {
    if let Some(p) = &form.procedure.ui.subject {
        return text_at(data, p);
    }
    let mut found = None;
    form.walk(data, env, |inst| {
        if found.is_some() || !inst.state.visible || inst.element.widget != Widget::Text {
            return;
        }
        if let Some(p) = inst.path.as_deref().filter(|p| p.ends_with("/hoTen")) {
            found = text_at(data, p);
        }
    });
    found
}

/// The name of the person asking for the procedure: the catalog's
/// `ui.requester`, else the [`subject`]. The consent of assisted filing names
/// this person.
pub fn requester(form: &Form, data: &Value, env: &Env<'_>) -> Option<String> {
    match &form.procedure.ui.requester {
        Some(p) => text_at(data, p),
        None => subject(form, data, env),
    }
}

/// The trimmed, non-empty string at `p`.
fn text_at(data: &Value, p: &str) -> Option<String> {
    pointer::get(data, p).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}
