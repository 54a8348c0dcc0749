//! Loading a catalog document.
//!
//! One malformed or unsupported procedure must not take the whole catalog down:
//! the header must parse, but each procedure is parsed on its own and a failure
//! becomes an [`Entry::Broken`] that the app shows as an error card.

use serde::Deserialize;
use serde_json::Value;
use thiserror::Error;

use std::sync::Arc;

use super::model::{CatalogHeader, Procedure, CATALOG_FORMAT};
use crate::form::Form;
use crate::i18n::Text;
use crate::schema::PatternMatcher;

/// A catalog as loaded: its header and one entry per procedure, in order.
#[derive(Clone, Debug)]
pub struct Catalog {
    pub header: CatalogHeader,
    pub entries: Vec<Entry>,
}

/// One procedure slot of a catalog: ready to fill, or broken with the reason.
#[derive(Clone, Debug)]
pub enum Entry {
    Ready(Arc<Form>),
    Broken(ProcedureError),
}

/// Why the catalog as a whole cannot be used.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum CatalogError {
    #[error("the catalog is not valid JSON: {0}")]
    Json(String),
    #[error("the catalog header is invalid: {0}")]
    Header(String),
    #[error("unsupported catalog format {found:?} (expected {CATALOG_FORMAT:?})")]
    Format { found: String },
    #[error("the catalog has no `procedures` array")]
    NoProcedures,
}

/// Why one procedure cannot be used; names the procedure as far as it is known.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("procedure {} ({}): {reason}", code.as_deref().unwrap_or("?"), pointer)]
pub struct ProcedureError {
    /// The procedure's code, if it could be read.
    pub code: Option<String>,
    /// The procedure's name, if it could be read, for the error card.
    pub name: Option<Text>,
    /// JSON Pointer into the procedure where the problem is ("" when unknown).
    pub pointer: String,
    pub reason: String,
}

impl Catalog {
    /// Parses a whole catalog document (header + `procedures`) and compiles
    /// every procedure's form; `patterns` checks the schemas' regular expressions.
    pub fn parse(json: &str, patterns: &dyn PatternMatcher) -> Result<Catalog, CatalogError> {
        let mut doc: Value = serde_json::from_str(json).map_err(|e| CatalogError::Json(e.to_string()))?;
        let procedures = match doc.as_object_mut().and_then(|o| o.remove("procedures")) {
            Some(Value::Array(p)) => p,
            _ => return Err(CatalogError::NoProcedures),
        };
        let header = parse_header(doc)?;
        let entries = procedures.into_iter().map(|p| parse_procedure(p, patterns)).collect();
        Ok(Catalog { header, entries })
    }

    /// The usable procedures' forms, in catalog order.
    pub fn forms(&self) -> impl Iterator<Item = &Arc<Form>> {
        self.entries.iter().filter_map(|e| match e {
            Entry::Ready(f) => Some(f),
            Entry::Broken(_) => None,
        })
    }

    /// The usable procedures, in catalog order.
    pub fn procedures(&self) -> impl Iterator<Item = &Procedure> {
        self.forms().map(|f| &f.procedure)
    }

    /// The form of the usable procedure with this national code.
    pub fn form(&self, code: &str) -> Option<&Arc<Form>> {
        self.forms().find(|f| f.procedure.code == code)
    }

    /// The usable procedure with this national code.
    pub fn procedure(&self, code: &str) -> Option<&Procedure> {
        self.form(code).map(|f| &f.procedure)
    }

    /// The broken entries, for error cards and for the portal's start-up log.
    pub fn broken(&self) -> impl Iterator<Item = &ProcedureError> {
        self.entries.iter().filter_map(|e| match e {
            Entry::Broken(err) => Some(err),
            Entry::Ready(_) => None,
        })
    }
}

fn parse_header(doc: Value) -> Result<CatalogHeader, CatalogError> {
    let header = CatalogHeader::deserialize(doc).map_err(|e| CatalogError::Header(e.to_string()))?;
    if header.format != CATALOG_FORMAT {
        return Err(CatalogError::Format { found: header.format });
    }
    Ok(header)
}

fn parse_procedure(raw: Value, patterns: &dyn PatternMatcher) -> Entry {
    let code = raw.get("code").and_then(Value::as_str).map(str::to_owned);
    let name = raw.get("name").and_then(|n| Text::deserialize(n).ok());
    let broken = |pointer: String, reason: String| {
        Entry::Broken(ProcedureError { code: code.clone(), name: name.clone(), pointer, reason })
    };
    match Procedure::deserialize(&raw) {
        Ok(p) => match check_procedure(&p) {
            Ok(()) => match Form::compile(p, patterns) {
                Ok(form) => Entry::Ready(Arc::new(form)),
                Err(e) => broken(e.pointer, e.reason),
            },
            Err((pointer, reason)) => broken(pointer, reason),
        },
        Err(e) => broken(String::new(), e.to_string()),
    }
}

/// Consistency rules serde cannot express.
fn check_procedure(p: &Procedure) -> Result<(), (String, String)> {
    if p.code.trim().is_empty() {
        return Err(("/code".into(), "empty procedure code".into()));
    }
    if p.delivery.is_empty() {
        return Err(("/delivery".into(), "at least one result delivery option is required".into()));
    }
    if p.ui.steps.is_empty() {
        return Err(("/ui/steps".into(), "the form has no steps".into()));
    }
    for (i, d) in p.documents.iter().enumerate() {
        if d.min_files > d.max_files || d.max_files == 0 {
            return Err((format!("/documents/{i}"), "minFiles must be ≤ maxFiles and maxFiles ≥ 1".into()));
        }
        if p.documents[..i].iter().any(|o| o.id == d.id) {
            return Err((format!("/documents/{i}/id"), format!("duplicate document id {:?}", d.id)));
        }
    }
    Ok(())
}

/// Builds one catalog document from the directory form: the header document
/// (`catalog.json`) and the procedure documents (`procedures/*.json`, already
/// in file-name order). Pure, so the portal and tests share it.
pub fn assemble(header: Value, procedures: Vec<Value>) -> Result<Value, CatalogError> {
    let mut doc = match header {
        Value::Object(o) => o,
        _ => return Err(CatalogError::Header("catalog.json must be a JSON object".into())),
    };
    if doc.contains_key("procedures") {
        return Err(CatalogError::Header("catalog.json must not hold `procedures` in the directory form".into()));
    }
    doc.insert("procedures".into(), Value::Array(procedures));
    Ok(Value::Object(doc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{PatternError, PatternMatcher};
    use serde_json::json;

    /// Accepts every pattern; these tests are not about regular expressions.
    struct AnyPattern;
    impl PatternMatcher for AnyPattern {
        fn is_match(&self, _: &str, _: &str) -> Result<bool, PatternError> {
            Ok(true)
        }
    }

    fn parse(doc: &Value) -> Result<Catalog, CatalogError> {
        Catalog::parse(&doc.to_string(), &AnyPattern)
    }

    fn header() -> Value {
        json!({"format": CATALOG_FORMAT, "id": "t", "version": "1", "sample": true,
               "title": {"vi": "Thử", "en": "Test"}, "published": "2026-11-01"})
    }

    fn procedure(code: &str) -> Value {
        json!({
            "code": code, "name": {"vi": "Đăng ký khai sinh", "en": "Birth registration"},
            "field": {"id": "ho-tich", "name": {"vi": "Hộ tịch"}},
            "level": "commune", "agency": {"vi": "UBND cấp xã"}, "online": "full", "anyWard": true,
            "processing": {"workingDays": 1}, "delivery": ["electronic"], "schemaVersion": "1.0.0",
            "schema": {"type": "object", "properties": {"hoTen": {"type": "string"}}},
            "ui": {"steps": [{"id": "s", "title": {"vi": "Bước"}, "elements": [
                {"scope": "/hoTen", "widget": "text", "label": {"vi": "Họ và tên"}}
            ]}]}
        })
    }

    #[test]
    fn a_broken_procedure_does_not_break_the_rest() {
        let mut bad = procedure("1.000656");
        bad.as_object_mut().unwrap().insert("colour".into(), json!("red"));
        let doc = assemble(header(), vec![procedure("1.001193"), bad]).unwrap();
        let cat = parse(&doc).unwrap();
        assert_eq!(cat.procedures().count(), 1);
        assert!(cat.procedure("1.001193").is_some());
        let broken: Vec<_> = cat.broken().collect();
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].code.as_deref(), Some("1.000656"));
        assert!(broken[0].reason.contains("colour"), "{}", broken[0].reason);
    }

    #[test]
    fn header_problems_fail_the_catalog() {
        assert!(matches!(Catalog::parse("{", &AnyPattern), Err(CatalogError::Json(_))));
        assert_eq!(parse(&header()).unwrap_err(), CatalogError::NoProcedures);
        let mut h = header();
        h["format"] = json!("tokhai-catalog/99");
        let doc = assemble(h, vec![]).unwrap();
        assert!(matches!(parse(&doc), Err(CatalogError::Format { .. })));
    }

    #[test]
    fn consistency_rules_name_the_pointer() {
        let mut p = procedure("1.001193");
        p["delivery"] = json!([]);
        let cat = parse(&assemble(header(), vec![p]).unwrap()).unwrap();
        assert_eq!(cat.broken().next().unwrap().pointer, "/delivery");
    }

    /// A keyword outside the supported set is refused, naming the procedure and
    /// the pointer, never silently ignored.
    #[test]
    fn unsupported_keywords_break_only_their_procedure() {
        let mut p = procedure("1.000894");
        p["schema"]["properties"]["hoTen"]["patternProperties"] = json!({"^x": {}});
        let cat = parse(&assemble(header(), vec![procedure("1.001193"), p]).unwrap()).unwrap();
        assert_eq!(cat.procedures().count(), 1);
        let err = cat.broken().next().unwrap();
        assert_eq!(err.code.as_deref(), Some("1.000894"));
        assert_eq!(err.pointer, "/schema/properties/hoTen/patternProperties");
        assert!(err.reason.contains("patternProperties"), "{}", err.reason);
        assert!(err.to_string().contains("1.000894"));
    }

    /// A format nothing checks (a misspelling, say) would accept anything.
    #[test]
    fn unknown_formats_break_only_their_procedure() {
        let mut p = procedure("1.000894");
        p["schema"]["properties"]["soDienThoai"] = json!({"type": "string", "format": "vn_phone"});
        let mut ok = procedure("1.001193");
        ok["schema"]["properties"]["soDienThoai"] = json!({"type": "string", "format": "vn-phone"});
        ok["schema"]["properties"]["ngaySinh"] = json!({"type": "string", "format": "past-date"});
        let cat = parse(&assemble(header(), vec![ok, p]).unwrap()).unwrap();
        assert_eq!(cat.procedures().count(), 1, "{:?}", cat.broken().collect::<Vec<_>>());
        let err = cat.broken().next().unwrap();
        assert_eq!(err.code.as_deref(), Some("1.000894"));
        assert_eq!(err.pointer, "/schema/properties/soDienThoai/format");
        assert!(err.reason.contains("vn_phone"), "{}", err.reason);
        // In a rule's condition too.
        let mut r = procedure("1.000656");
        r["ui"]["steps"][0]["elements"][0]["rule"] =
            json!({"effect": "show", "scope": "/hoTen", "schema": {"format": "cccd12"}});
        let cat = parse(&assemble(header(), vec![r]).unwrap()).unwrap();
        assert_eq!(cat.broken().next().unwrap().pointer, "/ui/steps/0/elements/0/rule/schema/format");
    }

    #[test]
    fn ui_mistakes_name_their_pointer() {
        let cases = [
            (json!({"scope": "/hoTn", "widget": "text"}), "/ui/steps/0/elements/0/scope"),
            (json!({"widget": "text"}), "/ui/steps/0/elements/0"),
            (json!({"widget": "file", "document": "nope"}), "/ui/steps/0/elements/0/document"),
            (json!({"scope": "/hoTen", "widget": "text",
                    "rule": {"effect": "show", "scope": "/hoTen", "schema": {"minProperties": 1}}}),
             "/ui/steps/0/elements/0/rule/schema/minProperties"),
            (json!({"scope": "/hoTen", "widget": "text", "rule": {"effect": "show", "scope": "/x", "schema": {}}}),
             "/ui/steps/0/elements/0/rule/scope"),
        ];
        for (element, pointer) in cases {
            let mut p = procedure("1.001193");
            p["ui"]["steps"][0]["elements"] = json!([element]);
            let cat = parse(&assemble(header(), vec![p]).unwrap()).unwrap();
            let err = cat.broken().next().unwrap_or_else(|| panic!("{element} was accepted"));
            assert_eq!(err.pointer, pointer, "{}", err.reason);
        }
    }

    #[test]
    fn assemble_refuses_procedures_in_the_header() {
        let mut h = header();
        h["procedures"] = json!([]);
        assert!(assemble(h, vec![]).is_err());
    }
}
