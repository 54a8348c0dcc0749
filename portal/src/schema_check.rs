//! The second opinion on a bundle's form data: the procedure's JSON Schema
//! checked by the `jsonschema` crate, independently of the core's own
//! validator (which runs too, through the bundle module's full form check).
//! A bundle is accepted only if both agree.
//!
//! Draft 2020-12 with `format` asserted, and the formats of Tờ khai registered:
//! the Vietnamese ones through [`tokhai_core::vn::check_format`], `past-date`
//! with the core's date rules against the Vietnam date of receipt.

use jsonschema::{Draft, Validator};
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
        .map(|e| Violation { path: e.instance_path().to_string(), message: e.to_string() })
        .collect()
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
}
