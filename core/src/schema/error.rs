//! The two kinds of failure: a schema the app cannot use (a catalog bug, caught
//! when the catalog is built or loaded) and data that does not satisfy a schema
//! (a citizen's mistake, shown next to the field).

use crate::i18n::Text;
use serde::Serialize;
use std::fmt;

/// Why a schema document could not be compiled. Every variant names the JSON
/// Pointer into the schema where the problem sits, so catalog authors can find it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// A keyword outside the supported set (it would otherwise be ignored).
    #[error("unsupported keyword \"{keyword}\" at {}", shown(pointer))]
    UnsupportedKeyword { pointer: String, keyword: String },
    /// A keyword with a value the specification does not allow.
    #[error("invalid schema at {}: {reason}", shown(pointer))]
    Invalid { pointer: String, reason: String },
    /// A `$ref` that is not a same-document JSON Pointer to an existing location.
    #[error("cannot resolve $ref \"{reference}\" at {} (only local references like \"#/$defs/name\" are supported)", shown(pointer))]
    UnresolvedRef { pointer: String, reference: String },
}

impl SchemaError {
    /// The JSON Pointer into the schema where the problem sits.
    pub fn pointer(&self) -> &str {
        match self {
            SchemaError::UnsupportedKeyword { pointer, .. }
            | SchemaError::Invalid { pointer, .. }
            | SchemaError::UnresolvedRef { pointer, .. } => pointer,
        }
    }
}

fn shown(pointer: &str) -> String {
    if pointer.is_empty() {
        "the schema root".to_owned()
    } else {
        format!("\"{pointer}\"")
    }
}

/// One reason an instance is invalid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ValidationError {
    /// JSON Pointer to the offending value in the instance ("" for the root). For
    /// `required`, the pointer of the MISSING property, so the UI marks that field.
    pub instance_path: String,
    /// JSON Pointer to the failing keyword in the schema document (after `$ref`
    /// resolution, so it always points at the keyword's real location).
    pub schema_path: String,
    /// The failing keyword (`"false"` for a `false` schema).
    pub keyword: &'static str,
    /// What is wrong, for a citizen; the UI prefixes the field's label.
    pub message: Text,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.instance_path.is_empty() {
            "(root)"
        } else {
            &self.instance_path
        };
        write!(
            f,
            "{at}: {}",
            if self.message.en.is_empty() {
                &self.message.vi
            } else {
                &self.message.en
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_pointer() {
        let e = SchemaError::UnsupportedKeyword {
            pointer: "/properties/a/patternProperties".into(),
            keyword: "patternProperties".into(),
        };
        assert_eq!(
            e.to_string(),
            "unsupported keyword \"patternProperties\" at \"/properties/a/patternProperties\""
        );
        let e = SchemaError::Invalid {
            pointer: String::new(),
            reason: "a schema must be an object or a boolean".into(),
        };
        assert_eq!(
            e.to_string(),
            "invalid schema at the schema root: a schema must be an object or a boolean"
        );
        assert_eq!(e.pointer(), "");
        let e = SchemaError::UnresolvedRef {
            pointer: "/$ref".into(),
            reference: "other.json".into(),
        };
        assert!(e.to_string().contains("\"/$ref\""));
    }
}
