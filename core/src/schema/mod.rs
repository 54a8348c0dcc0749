//! JSON Schema (draft 2020-12) validation for Tờ khai forms.
//!
//! Every procedure in the catalog describes its form data with a JSON Schema; the
//! same schema is checked in the citizen's browser (wasm, on a cheap phone) and
//! again by the portal. A general-purpose validator is too large to ship over 3G,
//! so this module implements exactly the keywords the catalog needs (see
//! [`keywords`]) and refuses every other keyword when compiling, instead of
//! silently ignoring it.
//!
//! ```
//! # use tokhai_core::schema::{Schema, Context, PatternMatcher, PatternError};
//! # struct Digits;
//! # impl PatternMatcher for Digits {
//! #     fn is_match(&self, _p: &str, t: &str) -> Result<bool, PatternError> { Ok(t.bytes().all(|b| b.is_ascii_digit())) }
//! # }
//! let schema = Schema::compile(&serde_json::json!({
//!     "type": "object",
//!     "required": ["hoTen"],
//!     "properties": { "hoTen": { "type": "string", "minLength": 3 } }
//! })).unwrap();
//! let patterns = Digits; // in the app: JavaScript's RegExp; natively: `NativePatterns`
//! let cx = Context::new(&patterns);
//! let errors = schema.validate(&serde_json::json!({}), &cx);
//! assert_eq!(errors[0].instance_path, "/hoTen");
//! assert_eq!(errors[0].message.vi, "Bắt buộc nhập");
//! ```

mod compile;
mod equality;
mod error;
mod format;
mod introspect;
pub mod keywords;
mod messages;
mod node;
mod number;
mod pattern;

mod validate;

#[cfg(test)]
mod tests;

pub use error::{SchemaError, ValidationError};
pub use format::{is_email, is_uuid, FormatChecker, FormatMode, BUILTIN_FORMATS};
pub use introspect::{Facts, JsonType};
#[cfg(feature = "native")]
pub use pattern::NativePatterns;
pub use pattern::{NoPatterns, PatternError, PatternMatcher};

use crate::date::Date;
use node::Node;
use serde_json::Value;
use std::fmt;
use std::sync::Arc;
use validate::{Evaluator, Loc};

/// A compiled schema. Cloning is cheap (the nodes are shared), and one compiled
/// schema can validate any number of instances.
#[derive(Clone)]
pub struct Schema {
    nodes: Arc<[Node]>,
}

impl Schema {
    /// Compiles a draft 2020-12 schema document.
    ///
    /// Patterns are not checked here (no regex engine is at hand); a pattern the
    /// engine later cannot compile makes validation fail. Use
    /// [`Schema::compile_with_patterns`] to catch broken patterns up front.
    pub fn compile(doc: &Value) -> Result<Schema, SchemaError> {
        Ok(Schema {
            nodes: compile::compile(doc, None)?.into(),
        })
    }

    /// Like [`Schema::compile`], and also checks that every `pattern` compiles
    /// with `patterns` (a broken one is [`SchemaError::Invalid`] at its pointer).
    pub fn compile_with_patterns(
        doc: &Value,
        patterns: &dyn PatternMatcher,
    ) -> Result<Schema, SchemaError> {
        Ok(Schema {
            nodes: compile::compile(doc, Some(patterns))?.into(),
        })
    }

    /// Every `format` the schema names, with the JSON Pointer of its keyword:
    /// a catalog must not name one nothing checks (a misspelt format would
    /// silently switch its check off).
    pub fn formats(&self) -> impl Iterator<Item = (String, &str)> {
        self.nodes.iter().filter_map(|n| match &n.body {
            node::Body::Keywords(kw) => kw.format.as_deref().map(|f| (format!("{}/format", n.ptr), f)),
            node::Body::Bool(_) => None,
        })
    }

    /// Every error, each with its instance path (JSON Pointer, "" for the root).
    /// Empty when the instance is valid.
    pub fn validate(&self, instance: &Value, cx: &Context<'_>) -> Vec<ValidationError> {
        let mut ev = Evaluator::new(&self.nodes, cx, true);
        ev.eval(0, instance, &Loc::Root);
        ev.errors
    }

    /// Fast yes/no: stops at the first error.
    pub fn is_valid(&self, instance: &Value, cx: &Context<'_>) -> bool {
        Evaluator::new(&self.nodes, cx, false).eval(0, instance, &Loc::Root)
    }
}

impl fmt::Debug for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schema")
            .field("nodes", &self.nodes.len())
            .finish()
    }
}

/// What validation needs from its environment: the regex engine, whether
/// `format` is enforced, today's date, and checkers for extra formats.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The ECMA-262 engine for `pattern`.
    pub patterns: &'a dyn PatternMatcher,
    /// Whether `format` can fail.
    pub formats: FormatMode,
    /// Today, for `past-date`; `None` skips the "not in the future" part.
    pub today: Option<Date>,
    /// Checks formats the validator does not know (e.g. Vietnamese ID numbers).
    pub format_checker: Option<&'a dyn FormatChecker>,
}

impl<'a> Context<'a> {
    /// Formats as annotations (the specification's default), no date, no checker.
    pub fn new(patterns: &'a dyn PatternMatcher) -> Context<'a> {
        Context {
            patterns,
            formats: FormatMode::Annotate,
            today: None,
            format_checker: None,
        }
    }

    /// Enforces `format`.
    pub fn assert_formats(self) -> Context<'a> {
        Context {
            formats: FormatMode::Assert,
            ..self
        }
    }

    pub fn with_today(self, today: Date) -> Context<'a> {
        Context {
            today: Some(today),
            ..self
        }
    }

    pub fn with_format_checker(self, checker: &'a dyn FormatChecker) -> Context<'a> {
        Context {
            format_checker: Some(checker),
            ..self
        }
    }
}

impl fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("formats", &self.formats)
            .field("today", &self.today)
            .field("format_checker", &self.format_checker.is_some())
            .finish_non_exhaustive()
    }
}
