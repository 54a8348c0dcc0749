//! The second opinion on a bundle's form data: the procedure's JSON Schema
//! checked by the `jsonschema` crate, independently of the core's own
//! validator (which runs too, through the bundle module's full form check).
//! A bundle is accepted only if both agree.
//!
//! Draft 2020-12 with `format` asserted, and the formats of Tờ khai registered:
//! the Vietnamese ones through [`tokhai_core::vn::check_format`], `past-date`
//! with the core's date rules against the Vietnam date of receipt.
//!
//! A violation names the place (the data path) and the rule (the keyword and
//! its limit from the schema), never the value: the crate's own messages
//! quote the instance, which is the citizen's data (and may be 10 MiB long).

use jsonschema::{Draft, ValidationError, Validator};
use serde::Serialize;
use serde_json::Value;
use tokhai_core::date::Date;
use tokhai_core::vn::{check_format, FORMATS};

/// One place where the data breaks the schema.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Violation {
    /// JSON Pointer into the form data.
    pub path: String,
    pub message: String,
}

/// Compiles `schema` for the check at `today`. An error here is a catalog
/// problem (the schema), not the client's.
pub fn compile(schema: &Value, today: Date) -> Result<Validator, String> {
    let mut options = jsonschema::options().with_draft(Draft::Draft202012).should_validate_formats(true);
    for name in FORMATS {
        options = options.with_format(name, move |s: &str| matches!(check_format(name, s, Some(today)), Some(Ok(()))));
    }
    options = options.with_format("past-date", move |s: &str| Date::parse_iso(s).is_some_and(|d| d <= today));
    options.build(schema).map_err(|e| e.to_string())
}

/// Checks `data`; every violation, at most `limit` of them.
pub fn violations(validator: &Validator, data: &Value, limit: usize) -> Vec<Violation> {
    validator
        .iter_errors(data)
        .take(limit)
        .map(|e| Violation { path: e.instance_path().to_string(), message: rule(&e) })
        .collect()
}

/// The rule an error breaks, in words taken from the schema only.
fn rule(e: &ValidationError<'_>) -> String {
    use jsonschema::error::{TypeKind, ValidationErrorKind as K};
    let limit = |what: &str, n: &dyn std::fmt::Display| format!("{what} {n} ({})", e.kind().keyword());
    match e.kind() {
        K::Format { format } => format!("is not a valid \"{format}\" (format)"),
        K::MaxLength { limit: n } => limit("is longer than", &format_args!("{n} characters")),
        K::MinLength { limit: n } => limit("is shorter than", &format_args!("{n} characters")),
        K::Maximum { limit: n } => limit("is more than", n),
        K::Minimum { limit: n } => limit("is less than", n),
        K::ExclusiveMaximum { limit: n } => limit("is not less than", n),
        K::ExclusiveMinimum { limit: n } => limit("is not more than", n),
        K::MaxItems { limit: n } => limit("has more items than", n),
        K::MinItems { limit: n } => limit("has fewer items than", n),
        K::MaxProperties { limit: n } => limit("has more members than", n),
        K::MinProperties { limit: n } => limit("has fewer members than", n),
        K::Required { property } => format!("lacks the required member {property} (required)"),
        K::Type { kind } => {
            let names: Vec<String> = match kind {
                TypeKind::Single(t) => vec![t.to_string()],
                TypeKind::Multiple(ts) => ts.iter().map(|t| t.to_string()).collect(),
            };
            format!("is not of type {} (type)", names.join(" or "))
        }
        // Member names here are the sender's, not the schema's: counted, not quoted.
        K::AdditionalProperties { unexpected } | K::UnevaluatedProperties { unexpected } => {
            format!("has {} member(s) the form does not have ({})", unexpected.len(), e.kind().keyword())
        }
        K::Pattern { .. } => "is not in the expected form (pattern)".into(),
        K::Enum { .. } | K::Constant { .. } => format!("is not one of the allowed values ({})", e.kind().keyword()),
        _ => format!("breaks \"{}\" at schema {}", e.kind().keyword(), e.schema_path()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> Date {
        Date::new(2026, 11, 22).unwrap()
    }

    #[test]
    fn vietnamese_formats_and_past_dates_are_asserted() {
        let schema = json!({
            "type": "object",
            "properties": {
                "id": {"type": "string", "format": "cccd"},
                "phone": {"type": "string", "format": "vn-phone"},
                "tax": {"type": "string", "format": "vn-tax-code"},
                "province": {"type": "string", "format": "vn-province-code"},
                "ward": {"type": "string", "format": "vn-ward-code"},
                "born": {"type": "string", "format": "past-date"},
                "day": {"type": "string", "format": "date"}
            }
        });
        let v = compile(&schema, today()).unwrap();
        let good = json!({"id": "001090012345", "phone": "0912345678", "tax": "0100109106", "province": "01",
                          "ward": "00004", "born": "2026-11-22", "day": "2030-01-01"});
        assert!(violations(&v, &good, 10).is_empty());
        let bad = json!({"id": "00109001234", "phone": "0112345678", "tax": "0100109107", "province": "02",
                         "ward": "0004", "born": "2026-11-23", "day": "2030-02-30"});
        let found = violations(&v, &bad, 10);
        let paths: Vec<_> = found.iter().map(|v| v.path.as_str()).collect();
        for p in ["/id", "/phone", "/tax", "/province", "/ward", "/born", "/day"] {
            assert!(paths.contains(&p), "{p} not reported: {found:?}");
        }
        assert!(found.iter().any(|v| v.message.contains("\"cccd\"")), "{found:?}");
    }

    #[test]
    fn violations_never_quote_the_value() {
        let schema = json!({
            "type": "object",
            "properties": {
                "name": {"type": "string", "maxLength": 100},
                "id": {"type": "string", "format": "cccd"},
                "kind": {"enum": ["a", "b"]},
                "code": {"type": "string", "pattern": "^[0-9]+$"},
                "n": {"type": "integer", "maximum": 5}
            },
            "required": ["name"],
            "additionalProperties": false
        });
        let v = compile(&schema, today()).unwrap();
        let secret = "Bí Mật Nguyễn ".repeat(100_000);
        let data =
            json!({"name": secret, "id": secret, "kind": secret, "code": secret, "n": secret, secret.clone(): 1});
        let found = violations(&v, &data, 20);
        assert!(found.len() >= 6, "{found:?}");
        for f in &found {
            assert!(
                !f.message.contains("Bí Mật") && f.message.len() < 200,
                "{}",
                &f.message[..f.message.len().min(300)]
            );
        }
        let rules: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert!(rules.iter().any(|m| m.contains("longer than 100 characters (maxLength)")), "{rules:?}");
        assert!(rules.iter().any(|m| m.contains("1 member(s) the form does not have")), "{rules:?}");
    }
}
