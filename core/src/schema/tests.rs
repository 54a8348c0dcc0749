//! Behaviour of each keyword through the public API: both directions, the
//! instance paths and messages the form shows, and what compile refuses.

use super::*;
use crate::i18n::Text;
use serde_json::{json, Value};

/// A tiny stand-in regex engine, so these tests run without the `native`
/// feature: it knows the few patterns used here.
struct TestPatterns;

impl PatternMatcher for TestPatterns {
    fn is_match(&self, pattern: &str, text: &str) -> Result<bool, PatternError> {
        match pattern {
            "^[0-9]{12}$" => Ok(text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())),
            "[0-9]" => Ok(text.bytes().any(|b| b.is_ascii_digit())),
            "(" => Err(PatternError("unbalanced parenthesis".into())),
            other => panic!("pattern {other} not known to TestPatterns"),
        }
    }
}

fn cx() -> Context<'static> {
    Context::new(&TestPatterns)
}

fn schema(doc: Value) -> Schema {
    Schema::compile(&doc).unwrap_or_else(|e| panic!("{doc}: {e}"))
}

/// Validates with both entry points, checking they agree.
fn errors_with(s: &Schema, v: &Value, cx: &Context<'_>) -> Vec<ValidationError> {
    let errors = s.validate(v, cx);
    assert_eq!(
        s.is_valid(v, cx),
        errors.is_empty(),
        "is_valid and validate disagree on {v}: {errors:?}"
    );
    errors
}

fn errors(s: &Schema, v: Value) -> Vec<ValidationError> {
    errors_with(s, &v, &cx())
}

fn valid(s: &Schema, v: Value) -> bool {
    errors(s, v).is_empty()
}

/// The (instance path, keyword) of every error.
fn where_(s: &Schema, v: Value) -> Vec<(String, &'static str)> {
    errors(s, v)
        .into_iter()
        .map(|e| (e.instance_path, e.keyword))
        .collect()
}

fn one(s: &Schema, v: Value) -> ValidationError {
    let mut e = errors(s, v);
    assert_eq!(e.len(), 1, "{e:?}");
    e.remove(0)
}

fn compile_err(doc: Value) -> SchemaError {
    Schema::compile(&doc).expect_err(&format!("{doc} should not compile"))
}

fn unsupported(pointer: &str, keyword: &str) -> SchemaError {
    SchemaError::UnsupportedKeyword {
        pointer: pointer.into(),
        keyword: keyword.into(),
    }
}

// ---- types and values ----

#[test]
fn type_keyword() {
    let cases = [
        ("null", json!(null), json!(0)),
        ("boolean", json!(true), json!("true")),
        ("object", json!({}), json!([])),
        ("array", json!([]), json!({})),
        ("number", json!(1.5), json!("1.5")),
        ("integer", json!(1.0), json!(1.5)),
        ("string", json!(""), json!(null)),
    ];
    for (t, good, bad) in cases {
        let s = schema(json!({"type": t}));
        assert!(valid(&s, good.clone()), "{t} should accept {good}");
        assert_eq!(
            where_(&s, bad.clone()),
            vec![(String::new(), "type")],
            "{t} should refuse {bad}"
        );
    }
    let s = schema(json!({"type": "number"}));
    let e = one(&s, json!("12"));
    assert_eq!(e.message, Text::new("phải là số", "must be a number"));
    assert_eq!(e.schema_path, "/type");
    let s = schema(json!({"type": ["string", "null"]}));
    assert!(valid(&s, json!(null)) && valid(&s, json!("x")));
    assert_eq!(one(&s, json!(1)).message.en, "must be text or empty");
}

#[test]
fn enum_and_const_use_json_equality() {
    let s = schema(json!({"enum": ["nam", "nu", 1, {"a": [1]}]}));
    assert!(valid(&s, json!("nu")));
    assert!(valid(&s, json!(1.0)));
    assert!(valid(&s, json!({"a": [1.0]})));
    let e = one(&s, json!("khac"));
    assert_eq!(
        (e.keyword, e.message.vi.as_str()),
        ("enum", "phải là một trong các giá trị cho phép")
    );
    let s = schema(json!({"const": {"x": 1, "y": [true]}}));
    assert!(valid(&s, json!({"y": [true], "x": 1.0})));
    assert_eq!(one(&s, json!({"x": 1})).keyword, "const");
    let s = schema(json!({"const": true}));
    assert!(!valid(&s, json!(1)));
}

// ---- strings ----

#[test]
fn lengths_count_code_points() {
    let s = schema(json!({"minLength": 3, "maxLength": 6}));
    assert!(valid(&s, json!("Nguyễn"))); // 6 code points, 8 bytes
    assert!(valid(&s, json!("💩💩💩")));
    let e = one(&s, json!("ab"));
    assert_eq!(
        e.message,
        Text::new("phải có ít nhất 3 ký tự", "must be at least 3 characters")
    );
    assert_eq!(e.keyword, "minLength");
    let e = one(&s, json!("Nguyễn A"));
    assert_eq!(
        e.message,
        Text::new("không được quá 6 ký tự", "must be at most 6 characters")
    );
    assert!(valid(&s, json!(12))); // not a string: not concerned
}

#[test]
fn pattern_keyword() {
    let s = schema(json!({"type": "string", "pattern": "^[0-9]{12}$"}));
    assert!(valid(&s, json!("001234567890")));
    let e = one(&s, json!("0012345"));
    assert_eq!(
        e.message,
        Text::new("không đúng định dạng", "is not in the expected format")
    );
    assert_eq!((e.keyword, e.schema_path.as_str()), ("pattern", "/pattern"));
    assert!(valid(&s.clone(), json!("001234567890")));
}

#[test]
fn broken_pattern_fails_at_compile_with_an_engine_and_closed_without() {
    let doc = json!({"properties": {"a": {"pattern": "("}}});
    let e = Schema::compile_with_patterns(&doc, &TestPatterns).unwrap_err();
    assert!(
        matches!(&e, SchemaError::Invalid { pointer, .. } if pointer == "/properties/a/pattern"),
        "{e}"
    );
    // Without an engine at compile time, the broken pattern fails validation.
    let s = schema(doc);
    let e = one(&s, json!({"a": "x"}));
    assert_eq!((e.instance_path.as_str(), e.keyword), ("/a", "pattern"));
    assert!(e.message.en.contains("broken"));
}

#[cfg(feature = "native")]
#[test]
fn native_patterns_through_the_validator() {
    let patterns = NativePatterns::new();
    let cx = Context::new(&patterns);
    let doc =
        json!({"properties": {"sdt": {"pattern": "^0[0-9]{9}$"}, "ten": {"pattern": "\\p{Lu}"}}});
    let s = Schema::compile_with_patterns(&doc, &patterns).unwrap();
    assert!(s.is_valid(&json!({"sdt": "0912345678", "ten": "Ánh"}), &cx));
    assert!(!s.is_valid(&json!({"sdt": "912345678"}), &cx));
    assert!(!s.is_valid(&json!({"ten": "ánh"}), &cx));
    let bad = Schema::compile_with_patterns(&json!({"pattern": "[z-a]"}), &patterns).unwrap_err();
    assert_eq!(bad.pointer(), "/pattern");
}

// ---- numbers ----

#[test]
fn numeric_bounds() {
    let s = schema(json!({"minimum": 1, "maximum": 10.5}));
    assert!(valid(&s, json!(1)) && valid(&s, json!(1.0)) && valid(&s, json!(10.5)));
    let e = one(&s, json!(0.99));
    assert_eq!(
        (e.keyword, e.message.clone()),
        (
            "minimum",
            Text::new("không được nhỏ hơn 1", "must be at least 1")
        )
    );
    let e = one(&s, json!(11));
    assert_eq!(
        e.message,
        Text::new("không được lớn hơn 10,5", "must be at most 10.5")
    );
    let s = schema(json!({"exclusiveMinimum": 0, "exclusiveMaximum": 100}));
    assert!(valid(&s, json!(0.0001)) && valid(&s, json!(99.9)));
    assert_eq!(one(&s, json!(0)).message.en, "must be greater than 0");
    assert_eq!(one(&s, json!(100.0)).message.vi, "phải nhỏ hơn 100");
    assert!(valid(&s, json!("500"))); // not a number: not concerned
}

#[test]
fn multiple_of_is_exact_for_decimals() {
    let s = schema(json!({"multipleOf": 0.0001}));
    assert!(valid(&s, json!(0.0075)));
    assert!(valid(&s, json!(12)));
    let e = one(&s, json!(0.00751));
    assert_eq!(
        e.message,
        Text::new("phải là bội số của 0,0001", "must be a multiple of 0.0001")
    );
    let s = schema(json!({"multipleOf": 1000}));
    assert!(valid(&s, json!(150000)) && !valid(&s, json!(150500)));
    let s = schema(json!({"type": "integer", "multipleOf": 0.123456789}));
    assert!(!valid(&s, json!(1e308)));
}

// ---- objects ----

#[test]
fn required_points_at_the_missing_field() {
    let s = schema(json!({
        "type": "object",
        "required": ["nguoiYeuCau"],
        "properties": {
            "nguoiYeuCau": {"type": "object", "required": ["hoTen", "ngaySinh"], "properties": {"hoTen": {"type": "string"}}}
        }
    }));
    let e = errors(&s, json!({"nguoiYeuCau": {"ngaySinh": "1990-01-01"}}));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].instance_path, "/nguoiYeuCau/hoTen");
    assert_eq!(e[0].schema_path, "/properties/nguoiYeuCau/required");
    assert_eq!(e[0].keyword, "required");
    assert_eq!(
        e[0].message,
        Text::new("Bắt buộc nhập", "This field is required")
    );
    assert_eq!(
        where_(&s, json!({})),
        vec![("/nguoiYeuCau".to_owned(), "required")]
    );
    assert_eq!(
        where_(&s, json!({"nguoiYeuCau": {"hoTen": 5}})),
        vec![
            ("/nguoiYeuCau/ngaySinh".to_owned(), "required"),
            ("/nguoiYeuCau/hoTen".to_owned(), "type")
        ]
    );
    let s = schema(json!({"required": ["a"]}));
    assert!(valid(&s, json!([]))); // not an object: not concerned
}

#[test]
fn property_paths_are_escaped() {
    let s = schema(json!({"properties": {"a/b": {"properties": {"c~d": {"type": "string"}}}}}));
    assert_eq!(
        where_(&s, json!({"a/b": {"c~d": 1}})),
        vec![("/a~1b/c~0d".to_owned(), "type")]
    );
}

#[test]
fn additional_properties() {
    let s = schema(json!({"properties": {"a": {}}, "additionalProperties": false}));
    assert!(valid(&s, json!({"a": 1})));
    let e = one(&s, json!({"a": 1, "cu": 2}));
    assert_eq!(
        (e.instance_path.as_str(), e.keyword, e.schema_path.as_str()),
        ("/cu", "additionalProperties", "/additionalProperties")
    );
    assert_eq!(e.message.en, "this field is not allowed");
    let s = schema(json!({"properties": {"a": {}}, "additionalProperties": {"type": "integer"}}));
    assert!(valid(&s, json!({"a": "x", "b": 2})));
    assert_eq!(
        where_(&s, json!({"a": "x", "b": "y"})),
        vec![("/b".to_owned(), "type")]
    );
}

#[test]
fn dependent_required() {
    let s = schema(json!({"dependentRequired": {"soHoChieu": ["quocTich", "ngayCap"]}}));
    assert!(valid(&s, json!({})));
    assert!(valid(&s, json!({"quocTich": "VN"})));
    assert!(valid(
        &s,
        json!({"soHoChieu": "B1", "quocTich": "VN", "ngayCap": "x"})
    ));
    let e = errors(&s, json!({"soHoChieu": "B1", "quocTich": "VN"}));
    assert_eq!(e.len(), 1);
    assert_eq!(
        (e[0].instance_path.as_str(), e[0].keyword),
        ("/ngayCap", "dependentRequired")
    );
    assert_eq!(e[0].message.vi, "Bắt buộc nhập");
}

// ---- arrays ----

#[test]
fn item_counts_and_uniqueness() {
    let s = schema(json!({"minItems": 1, "maxItems": 5, "uniqueItems": true}));
    assert!(valid(&s, json!([1, 2, 3])));
    let e = one(&s, json!([]));
    assert_eq!(
        e.message,
        Text::new("phải có ít nhất 1 mục", "must have at least 1 item")
    );
    let e = one(&s, json!([1, 2, 3, 4, 5, 6]));
    assert_eq!(
        e.message,
        Text::new("tối đa 5 mục", "must have at most 5 items")
    );
    let e = one(&s, json!([{"a": 1}, 2, {"a": 1.0}]));
    assert_eq!((e.instance_path.as_str(), e.keyword), ("", "uniqueItems"));
    assert_eq!(
        e.message.vi,
        "các mục không được trùng nhau (mục 1 và mục 3)"
    );
    assert!(valid(&s, json!([1, "1", true])));
}

#[test]
fn prefix_items_then_items() {
    let s = schema(
        json!({"prefixItems": [{"type": "string"}, {"type": "number"}], "items": {"type": "boolean"}}),
    );
    assert!(valid(&s, json!(["a", 1, true, false])));
    assert!(valid(&s, json!(["a"])));
    assert_eq!(
        where_(&s, json!([1, "a", true, 3])),
        vec![
            ("/0".to_owned(), "type"),
            ("/1".to_owned(), "type"),
            ("/3".to_owned(), "type"),
        ]
    );
    let s = schema(json!({"prefixItems": [{}, {}], "items": false}));
    assert!(valid(&s, json!([1, 2])));
    let e = one(&s, json!([1, 2, 3]));
    assert_eq!(
        (e.instance_path.as_str(), e.keyword, e.message.en.as_str()),
        ("", "items", "must have at most 2 items")
    );
    let s = schema(json!({"type": "array", "items": {"type": "object", "required": ["ten"]}}));
    assert_eq!(
        where_(&s, json!([{"ten": 1}, {}])),
        vec![("/1/ten".to_owned(), "required")]
    );
}

// ---- combinators ----

#[test]
fn all_any_one_not() {
    let s = schema(json!({"allOf": [{"minLength": 2}, {"maxLength": 3}]}));
    assert!(valid(&s, json!("abc")));
    assert_eq!(where_(&s, json!("a")), vec![(String::new(), "minLength")]);
    assert_eq!(one(&s, json!("abcd")).schema_path, "/allOf/1/maxLength");

    let s = schema(json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
    assert!(valid(&s, json!("x")) && valid(&s, json!(3)));
    let e = one(&s, json!(1.5));
    assert_eq!(
        (e.keyword, e.message.en.as_str()),
        ("anyOf", "does not match any allowed option")
    );

    let s = schema(json!({"oneOf": [{"type": "integer"}, {"minimum": 2}]}));
    assert!(valid(&s, json!(1)) && valid(&s, json!(2.5)));
    assert_eq!(one(&s, json!(3)).message.en, "matches more than one option");
    assert_eq!(
        one(&s, json!(1.5)).message.en,
        "does not match any allowed option"
    );

    let s = schema(json!({"not": {"const": "admin"}}));
    assert!(valid(&s, json!("user")));
    assert_eq!(one(&s, json!("admin")).keyword, "not");
}

#[test]
fn if_then_else() {
    let s = schema(json!({
        "properties": {"loai": {"enum": ["canhan", "tochuc"]}},
        "if": {"properties": {"loai": {"const": "tochuc"}}, "required": ["loai"]},
        "then": {"required": ["maSoThue"]},
        "else": {"required": ["cccd"]}
    }));
    assert!(valid(&s, json!({"loai": "tochuc", "maSoThue": "0101"})));
    assert!(valid(&s, json!({"loai": "canhan", "cccd": "0"})));
    assert_eq!(
        where_(&s, json!({"loai": "tochuc"})),
        vec![("/maSoThue".to_owned(), "required")]
    );
    assert_eq!(one(&s, json!({})).schema_path, "/else/required");
    // `if` alone has no effect; `then` without `if` neither.
    assert!(valid(&schema(json!({"if": false})), json!(1)));
    assert!(valid(
        &schema(json!({"then": false, "else": false})),
        json!(1)
    ));
}

#[test]
fn boolean_schemas() {
    assert!(valid(&schema(json!(true)), json!({"anything": 1})));
    let e = one(&schema(json!(false)), json!(1));
    assert_eq!(
        (e.instance_path.as_str(), e.schema_path.as_str(), e.keyword),
        ("", "", "false")
    );
    let s = schema(json!({"properties": {"cu": false}}));
    assert!(valid(&s, json!({})));
    let e = one(&s, json!({"cu": 1}));
    assert_eq!(
        (e.instance_path.as_str(), e.schema_path.as_str(), e.keyword),
        ("/cu", "/properties/cu", "false")
    );
}

#[test]
fn every_error_is_collected() {
    let s = schema(json!({
        "type": "object",
        "required": ["a", "b"],
        "properties": {"c": {"type": "string", "minLength": 2, "pattern": "[0-9]"}, "d": {"maximum": 1}}
    }));
    let found = where_(&s, json!({"c": "x", "d": 5}));
    assert_eq!(
        found,
        vec![
            ("/a".to_owned(), "required"),
            ("/b".to_owned(), "required"),
            ("/c".to_owned(), "minLength"),
            ("/c".to_owned(), "pattern"),
            ("/d".to_owned(), "maximum"),
        ]
    );
}

// ---- references ----

#[test]
fn refs_resolve_locally_and_apply_with_siblings() {
    let s = schema(json!({
        "$defs": {"cccd": {"type": "string", "pattern": "^[0-9]{12}$"}, "a~b/c%d": {"type": "integer"}},
        "properties": {
            "x": {"$ref": "#/$defs/cccd", "minLength": 13},
            "y": {"$ref": "#/$defs/a~0b~1c%25d"}
        }
    }));
    assert_eq!(
        where_(&s, json!({"x": "001234567890"})),
        vec![("/x".to_owned(), "minLength")]
    );
    let e = errors(&s, json!({"x": "abc", "y": "1"}));
    let found: Vec<_> = e
        .iter()
        .map(|e| (e.instance_path.as_str(), e.schema_path.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("/x", "/$defs/cccd/pattern"),
            ("/x", "/properties/x/minLength"),
            ("/y", "/$defs/a~0b~1c%d/type")
        ]
    );
}

#[test]
fn recursive_refs_terminate_on_finite_data() {
    let s = schema(json!({
        "type": "object",
        "properties": {"ten": {"type": "string"}, "con": {"type": "array", "items": {"$ref": "#"}}},
        "required": ["ten"]
    }));
    assert!(valid(
        &s,
        json!({"ten": "a", "con": [{"ten": "b", "con": [{"ten": "c"}]}]})
    ));
    assert_eq!(
        where_(&s, json!({"ten": "a", "con": [{"con": [{"ten": 1}]}]})),
        vec![
            ("/con/0/ten".to_owned(), "required"),
            ("/con/0/con/0/ten".to_owned(), "type"),
        ]
    );
    // Deep, but finite.
    let mut deep = json!({"ten": "leaf"});
    for _ in 0..100 {
        deep = json!({"ten": "x", "con": [deep]});
    }
    assert!(valid(&s, deep));
}

#[test]
fn ref_cycles_that_never_descend_are_refused() {
    for (doc, pointer) in [
        (json!({"$ref": "#"}), "/$ref"),
        (
            json!({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}}),
            "/$defs/b/allOf/0/$ref",
        ),
        (
            json!({"anyOf": [{"type": "string"}, {"$ref": "#"}]}),
            "/anyOf/1/$ref",
        ),
        (json!({"if": {"not": {"$ref": "#"}}}), "/if/not/$ref"),
    ] {
        match compile_err(doc.clone()) {
            SchemaError::Invalid { pointer: p, reason } => {
                assert_eq!(p, pointer, "{doc}");
                assert!(reason.contains("cycle"));
            }
            other => panic!("{doc}: {other}"),
        }
    }
    // Cycles through properties are fine; `then` without `if` never runs.
    schema(json!({"properties": {"a": {"$ref": "#"}}}));
    schema(json!({"then": {"$ref": "#"}}));
}

#[test]
fn unresolvable_refs() {
    for (doc, reference) in [
        (json!({"$ref": "#/$defs/missing"}), "#/$defs/missing"),
        (json!({"$ref": "other.json#/a"}), "other.json#/a"),
        (json!({"$ref": "#anchor"}), "#anchor"),
        (
            json!({"$ref": "https://json-schema.org/draft/2020-12/schema"}),
            "https://json-schema.org/draft/2020-12/schema",
        ),
        (
            json!({"properties": {"a": {"$ref": "#/properties/a/%zz"}}}),
            "#/properties/a/%zz",
        ),
    ] {
        let e = compile_err(doc);
        assert!(
            matches!(&e, SchemaError::UnresolvedRef { reference: r, .. } if r == reference),
            "{e}"
        );
    }
    let e = compile_err(json!({"items": {"$ref": "#/nope"}}));
    assert_eq!(e.pointer(), "/items/$ref");
}

// ---- what compile refuses ----

#[test]
fn unsupported_keywords_are_refused_with_their_pointer() {
    assert_eq!(
        compile_err(json!({"patternProperties": {}})),
        unsupported("/patternProperties", "patternProperties")
    );
    assert_eq!(
        compile_err(json!({"properties": {"a": {"patternProperties": {"^x": {}}}}})),
        unsupported("/properties/a/patternProperties", "patternProperties")
    );
    assert_eq!(
        compile_err(json!({"$defs": {"unused": {"contains": {}}}})),
        unsupported("/$defs/unused/contains", "contains")
    );
    assert_eq!(
        compile_err(json!({"allOf": [{}, {"minProperties": 1}]})),
        unsupported("/allOf/1/minProperties", "minProperties")
    );
    assert_eq!(
        compile_err(json!({"items": {"unevaluatedProperties": false}})),
        unsupported("/items/unevaluatedProperties", "unevaluatedProperties")
    );
    assert_eq!(
        compile_err(json!({"$id": "urn:x"})),
        unsupported("/$id", "$id")
    );
    assert_eq!(
        compile_err(json!({"properties": {"a/b": {"tieuDe": "x"}}})),
        unsupported("/properties/a~1b/tieuDe", "tieuDe")
    );
    for k in [
        "$anchor",
        "$dynamicRef",
        "propertyNames",
        "dependentSchemas",
        "additionalItems",
        "definitions",
        "unevaluatedItems",
    ] {
        assert_eq!(
            compile_err(json!({ k: {} })),
            unsupported(&format!("/{k}"), k)
        );
    }
    let e = compile_err(json!({"properties": {"a": {"patternProperties": {}}}}));
    assert_eq!(
        e.to_string(),
        "unsupported keyword \"patternProperties\" at \"/properties/a/patternProperties\""
    );
}

#[test]
fn keywords_only_count_in_schema_positions() {
    // Properties NAMED like keywords, and keyword-looking data, are fine.
    let s = schema(json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "x", "title": "Tờ khai", "description": "…", "deprecated": false, "readOnly": false, "writeOnly": false,
        "default": {"patternProperties": 1},
        "examples": [{"$id": 2}],
        "properties": {"pattern": {"type": "string"}, "patternProperties": {}, "$ref": {"const": {"$ref": "#/nowhere"}}},
        "enum": [{"contains": 1, "patternProperties": 2}, {"pattern": "x", "$ref": "#/nowhere", "$ref2": 1}],
        "required": ["patternProperties"],
        "dependentRequired": {"$id": ["$anchor"]}
    }));
    assert!(valid(&s, json!({"patternProperties": 2.0, "contains": 1})));
    assert!(!valid(&s, json!({"contains": 1})));
}

#[test]
fn invalid_keyword_values_are_refused() {
    let cases = [
        (json!({"minLength": -1}), "/minLength"),
        (json!({"maxItems": 1.5}), "/maxItems"),
        (json!({"minLength": "3"}), "/minLength"),
        (json!({"multipleOf": 0}), "/multipleOf"),
        (json!({"multipleOf": -2}), "/multipleOf"),
        (json!({"minimum": "1"}), "/minimum"),
        (json!({"type": "text"}), "/type"),
        (json!({"type": []}), "/type"),
        (json!({"type": ["string", "string"]}), "/type"),
        (json!({"required": ["a", "a"]}), "/required"),
        (json!({"required": "a"}), "/required"),
        (
            json!({"dependentRequired": {"a": [1]}}),
            "/dependentRequired/a",
        ),
        (json!({"items": [{}]}), "/items"),
        (json!({"allOf": []}), "/allOf"),
        (json!({"prefixItems": {}}), "/prefixItems"),
        (json!({"enum": "a"}), "/enum"),
        (json!({"uniqueItems": 1}), "/uniqueItems"),
        (json!({"pattern": 1}), "/pattern"),
        (json!({"format": 1}), "/format"),
        (json!({"$ref": 1}), "/$ref"),
        (json!({"properties": []}), "/properties"),
        (json!({"properties": {"a": 1}}), "/properties/a"),
        (json!({"not": "x"}), "/not"),
        (
            json!({"$schema": "http://json-schema.org/draft-07/schema#"}),
            "/$schema",
        ),
        (json!({"title": 1}), "/title"),
        (json!({"readOnly": "yes"}), "/readOnly"),
        (json!(3), ""),
    ];
    for (doc, pointer) in cases {
        match compile_err(doc.clone()) {
            SchemaError::Invalid { pointer: p, .. } => assert_eq!(p, pointer, "{doc}"),
            other => panic!("{doc}: expected Invalid, got {other}"),
        }
    }
    // Whole floats are integers, as in the meta-schema.
    let s = schema(json!({"minLength": 2.0}));
    assert!(!valid(&s, json!("a")));
}

// ---- formats ----

#[test]
fn formats_are_annotations_by_default() {
    let s = schema(json!({"format": "date"}));
    assert!(valid(&s, json!("not a date")));
}

#[test]
fn asserted_builtin_formats() {
    let today = crate::date::Date::new(2026, 3, 1).unwrap();
    let cx = cx().assert_formats().with_today(today);
    let check = |format: &str, v: Value| errors_with(&schema(json!({"format": format})), &v, &cx);

    assert!(check("date", json!("2024-02-29")).is_empty());
    let e = check("date", json!("29/02/2024"));
    assert_eq!(
        (e[0].keyword, e[0].message.clone()),
        (
            "format",
            Text::new("phải là ngày hợp lệ", "must be a valid date")
        )
    );
    assert!(!check("date", json!("2023-02-29")).is_empty());

    assert!(check("past-date", json!("2026-03-01")).is_empty());
    assert!(check("past-date", json!("1990-07-05")).is_empty());
    assert_eq!(
        check("past-date", json!("2026-03-02"))[0].message.vi,
        "không được sau ngày hôm nay"
    );
    assert!(!check("past-date", json!("hôm qua")).is_empty());
    let no_today = Context { today: None, ..cx };
    assert!(errors_with(
        &schema(json!({"format": "past-date"})),
        &json!("2999-01-01"),
        &no_today
    )
    .is_empty());

    assert!(check("email", json!("nguyenvana@gmail.com")).is_empty());
    assert_eq!(
        check("email", json!("nguyenvana@gmail"))[0].message.en,
        "must be a valid email address"
    );

    assert!(check("uuid", json!("2eb8aa08-aa98-11ea-b4aa-73b441d16380")).is_empty());
    assert!(!check("uuid", json!("2eb8aa08")).is_empty());

    // Unknown formats pass; non-strings are not concerned.
    assert!(check("hostname", json!("%%%")).is_empty());
    assert!(check("date", json!(20240229)).is_empty());
}

#[test]
fn injected_checker_handles_other_formats() {
    fn vn(
        format: &str,
        value: &str,
        _today: Option<crate::date::Date>,
    ) -> Option<Result<(), Text>> {
        match format {
            "cccd" if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) => {
                Some(Ok(()))
            }
            "cccd" => Some(Err(Text::new(
                "số CCCD phải gồm 12 chữ số",
                "must be a 12-digit citizen ID number",
            ))),
            _ => None,
        }
    }
    let s = schema(
        json!({"properties": {"cccd": {"type": "string", "format": "cccd"}, "khac": {"format": "la"}}}),
    );
    let asserting = cx().assert_formats().with_format_checker(&vn);
    assert!(errors_with(
        &s,
        &json!({"cccd": "001234567890", "khac": "?"}),
        &asserting
    )
    .is_empty());
    let e = errors_with(&s, &json!({"cccd": "12"}), &asserting);
    assert_eq!(e.len(), 1);
    assert_eq!(
        (
            e[0].instance_path.as_str(),
            e[0].schema_path.as_str(),
            e[0].keyword
        ),
        ("/cccd", "/properties/cccd/format", "format")
    );
    assert_eq!(e[0].message.vi, "số CCCD phải gồm 12 chữ số");
    // A closure works too, and annotate mode never consults it.
    let closure = |f: &str, _v: &str, _t: Option<crate::date::Date>| {
        (f == "cccd").then(|| Err(Text::new("sai", "wrong")))
    };
    let strict = cx().assert_formats().with_format_checker(&closure);
    assert!(!s.is_valid(&json!({"cccd": "001234567890"}), &strict));
    assert!(s.is_valid(&json!({"cccd": "12"}), &cx().with_format_checker(&closure)));
}

// ---- the type itself ----

#[test]
fn schema_is_cheap_to_share() {
    fn assert_traits<T: Clone + Send + Sync + std::fmt::Debug>() {}
    assert_traits::<Schema>();
    let s = schema(json!({"type": "string"}));
    let t = s.clone();
    assert!(t.is_valid(&json!("x"), &cx()));
    assert_eq!(format!("{s:?}"), "Schema { nodes: 1 }");
}

#[test]
fn validation_errors_display_and_serialize() {
    let e = one(
        &schema(json!({"properties": {"a": {"type": "string"}}})),
        json!({"a": 1}),
    );
    assert_eq!(e.to_string(), "/a: must be text");
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["instance_path"], "/a");
    assert_eq!(v["keyword"], "type");
    assert_eq!(v["message"]["vi"], "phải là văn bản");
}
