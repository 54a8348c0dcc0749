//! Opening a draft after the catalog changed. The citizen's answers were made
//! for an older version of the form: every value that still fits the new
//! schema is kept; every value that does not (a field removed, renamed, or now
//! stricter) is set aside with its label, for the citizen to re-enter. Nothing
//! is dropped silently.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::pointer;

use super::{Env, Form};

/// A value that no longer fits the form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetAside {
    /// Where it was in the old data.
    pub path: String,
    pub value: Value,
}

/// Rounds of "drop what the schema rejects, check again": values are dropped
/// one level at a time, and forms nest only a few levels.
const MAX_ROUNDS: usize = 8;

impl Form {
    /// Splits old data into what fits this form and what must be re-entered.
    pub fn adopt(&self, old: &Value, env: &Env<'_>) -> (Value, Vec<SetAside>) {
        let mut kept = old.clone();
        let mut aside = Vec::new();
        // Values at places the schema does not know at all.
        for (path, value) in leaves(old) {
            if !self.schema.declares(&path) {
                pointer::remove(&mut kept, &path);
                aside.push(SetAside { path, value });
            }
        }
        // Values the schema rejects where they are (not merely missing ones).
        let cx = env.context();
        for _ in 0..MAX_ROUNDS {
            let wrong: Vec<String> = self
                .schema
                .validate(&kept, &cx)
                .into_iter()
                .filter(|e| !matches!(e.keyword, "required" | "dependentRequired" | "minItems"))
                .map(|e| e.instance_path)
                .filter(|p| !p.is_empty() && pointer::get(&kept, p).is_some())
                .collect();
            if wrong.is_empty() {
                break;
            }
            let mut removed_any = false;
            for path in deepest_first(wrong) {
                if let Some(value) = pointer::get(&kept, &path).cloned() {
                    // An array element keeps its slot so later items do not shift.
                    if is_array_item(&kept, &path) {
                        continue;
                    }
                    pointer::remove(&mut kept, &path);
                    aside.extend(leaves_at(&path, &value).into_iter().map(|(path, value)| SetAside { path, value }));
                    removed_any = true;
                }
            }
            if !removed_any {
                break;
            }
        }
        (kept, aside)
    }
}

fn is_array_item(doc: &Value, path: &str) -> bool {
    pointer::split_last(path).is_some_and(|(parent, _)| pointer::get(doc, parent).is_some_and(Value::is_array))
}

fn deepest_first(mut paths: Vec<String>) -> Vec<String> {
    paths.sort_by_key(|p| std::cmp::Reverse(p.matches('/').count()));
    paths.dedup();
    paths
}

/// Every scalar (and empty container) in `doc`, with its pointer.
fn leaves(doc: &Value) -> Vec<(String, Value)> {
    leaves_at("", doc)
}

fn leaves_at(base: &str, v: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    match v {
        Value::Object(map) if !map.is_empty() => {
            for (k, child) in map {
                out.extend(leaves_at(&pointer::push(base, k), child));
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, child) in items.iter().enumerate() {
                out.extend(leaves_at(&format!("{base}/{i}"), child));
            }
        }
        _ if base.is_empty() => {}
        other => out.push((base.to_owned(), other.clone())),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Procedure;
    use crate::date::Date;
    use crate::schema::NoPatterns;
    use serde_json::json;

    fn form(schema: Value) -> Form {
        let p: Procedure = serde_json::from_value(json!({
            "code": "1", "name": {"vi": "Thử"}, "field": {"id": "f", "name": {"vi": "F"}},
            "level": "commune", "agency": {"vi": "UBND"}, "online": "full",
            "processing": {"workingDays": 1}, "delivery": ["electronic"], "schemaVersion": "2.0.0",
            "schema": schema,
            "ui": {"steps": [{"id": "s", "title": {"vi": "Bước"}, "elements": [{"scope": "/hoTen", "widget": "text"}]}]}
        }))
        .unwrap();
        Form::compile(p, &NoPatterns).unwrap()
    }

    #[test]
    fn keeps_what_fits_and_sets_aside_the_rest() {
        let f = form(json!({
            "type": "object", "additionalProperties": false,
            "properties": {
                "hoTen": {"type": "string"},
                "soBan": {"type": "integer", "maximum": 5},
                "diaChi": {"type": "object", "additionalProperties": false, "properties": {"street": {"type": "string"}}},
                "tv": {"type": "array", "items": {"type": "object", "properties": {"ten": {"type": "string"}}}}
            }
        }));
        let env = Env::new(&NoPatterns, Date::new(2026, 11, 22).unwrap());
        let old = json!({
            "hoTen": "Nguyễn Văn A",
            "soBan": 9,
            "ngheNghiep": "Nông dân",
            "diaChi": {"street": "Số 1", "ward": "00004"},
            "tv": [{"ten": "B"}, {"ten": 7}]
        });
        let (kept, aside) = f.adopt(&old, &env);
        assert_eq!(kept, json!({"hoTen": "Nguyễn Văn A", "diaChi": {"street": "Số 1"}, "tv": [{"ten": "B"}, {}]}));
        let mut paths: Vec<_> = aside.iter().map(|a| a.path.as_str()).collect();
        paths.sort();
        assert_eq!(paths, ["/diaChi/ward", "/ngheNghiep", "/soBan", "/tv/1/ten"]);
        assert!(aside.iter().any(|a| a.path == "/soBan" && a.value == json!(9)), "the value itself is kept for the citizen");
    }

    #[test]
    fn data_that_fits_is_untouched() {
        let f = form(json!({"type": "object", "properties": {"hoTen": {"type": "string", "minLength": 3}}, "required": ["hoTen"]}));
        let env = Env::new(&NoPatterns, Date::new(2026, 11, 22).unwrap());
        assert_eq!(f.adopt(&json!({"hoTen": "Lan"}), &env), (json!({"hoTen": "Lan"}), vec![]));
        // Missing required values are not "wrong": the form asks for them as usual.
        assert_eq!(f.adopt(&json!({}), &env), (json!({}), vec![]));
    }
}
