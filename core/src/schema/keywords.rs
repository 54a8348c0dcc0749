//! The exact set of keywords Tờ khai understands.
//!
//! Anything outside this list is refused when a schema is compiled, never
//! silently ignored: an ignored `patternProperties` or `unevaluatedProperties`
//! would let the app accept data the catalog author meant to reject.

/// The only `$schema` value accepted (with or without an empty fragment).
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// Keywords that validate.
pub const VALIDATION_KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "enum",
    "const",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "$ref",
    "$defs",
    "format",
];

/// Keywords accepted and ignored: they only describe.
pub const ANNOTATION_KEYWORDS: &[&str] = &[
    "$schema",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Whether `keyword` may appear in a schema Tờ khai compiles.
pub fn is_supported(keyword: &str) -> bool {
    VALIDATION_KEYWORDS.contains(&keyword) || ANNOTATION_KEYWORDS.contains(&keyword)
}

/// Whether `uri` names draft 2020-12.
pub(crate) fn is_draft_2020_12(uri: &str) -> bool {
    uri.strip_suffix('#').unwrap_or(uri) == DRAFT_2020_12
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supported_set_is_exactly_the_documented_one() {
        assert_eq!(VALIDATION_KEYWORDS.len(), 30);
        assert!(is_supported("dependentRequired"));
        assert!(is_supported("readOnly"));
        for k in [
            "patternProperties",
            "unevaluatedProperties",
            "$id",
            "$anchor",
            "$dynamicRef",
            "contains",
            "minProperties",
            "propertyNames",
            "dependentSchemas",
            "additionalItems",
            "definitions",
        ] {
            assert!(!is_supported(k), "{k}");
        }
        assert!(is_draft_2020_12(
            "https://json-schema.org/draft/2020-12/schema#"
        ));
        assert!(!is_draft_2020_12("http://json-schema.org/draft-07/schema#"));
    }
}
