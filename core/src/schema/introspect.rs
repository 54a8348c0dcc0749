//! What the schema says about one place in the form data, given the data.
//!
//! Widgets need more than valid/invalid: whether a field is required (to mark
//! the others "không bắt buộc"), the allowed values of a select, the bounds of
//! a repeat group. These depend on the data where the schema branches
//! (`if`/`then`/`else`, `anyOf`), so the walk evaluates conditions against the
//! current values, exactly as validation would.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::node::{Body, Keywords, NodeId, Types};
use super::validate::{Evaluator, Loc};
use super::{Context, Schema};
use crate::pointer;

/// Facts the applicable subschemas state about one location.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// Whether any subschema applies at all.
    pub known: bool,
    /// Allowed JSON types as a bit set (see [`Facts::allows`]); `None` = any.
    types: Option<u8>,
    pub enumeration: Option<Vec<Value>>,
    pub constant: Option<Value>,
    pub format: Option<String>,
    /// Property names required at this location (when it is an object).
    pub required: BTreeSet<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
}

/// The JSON types, for [`Facts::allows`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    Null,
    Boolean,
    Object,
    Array,
    Number,
    Integer,
    String,
}

impl Facts {
    /// Whether a value of type `t` may appear here (unconstrained → true).
    pub fn allows(&self, t: JsonType) -> bool {
        let Some(bits) = self.types else { return true };
        let types = Types(bits);
        match t {
            JsonType::Null => types.contains(Types::NULL),
            JsonType::Boolean => types.contains(Types::BOOLEAN),
            JsonType::Object => types.contains(Types::OBJECT),
            JsonType::Array => types.contains(Types::ARRAY),
            JsonType::Number => types.contains(Types::NUMBER),
            JsonType::Integer => types.contains(Types::INTEGER) || types.contains(Types::NUMBER),
            JsonType::String => types.contains(Types::STRING),
        }
    }

    /// Only integers are allowed (not arbitrary numbers).
    pub fn integer_only(&self) -> bool {
        self.types.is_some_and(|b| Types(b).contains(Types::INTEGER) && !Types(b).contains(Types::NUMBER))
    }
}

impl Schema {
    /// The facts at data location `path` (a JSON Pointer), with conditions
    /// evaluated against `data`. Missing values along the way count as `{}`.
    pub fn facts_at(&self, data: &Value, path: &str, cx: &Context<'_>) -> Facts {
        let empty = Value::Object(Map::new());
        let tokens = pointer::parse(path).unwrap_or_default();
        let mut value = Some(data);
        let mut here = self.expand(&[0], value.unwrap_or(&empty), cx);
        for token in &tokens {
            let mut next = Vec::new();
            for &id in &here {
                if let Body::Keywords(kw) = &self.nodes[id as usize].body {
                    child_nodes(kw, token, &mut next);
                }
            }
            value = value.and_then(|v| match v {
                Value::Object(m) => m.get(token),
                Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            });
            here = self.expand(&next, value.unwrap_or(&empty), cx);
        }
        let mut facts = Facts { known: !here.is_empty(), ..Facts::default() };
        for id in here {
            if let Body::Keywords(kw) = &self.nodes[id as usize].body {
                merge(&mut facts, kw);
            }
        }
        facts
    }

    /// Whether some branch of the schema declares data location `path` (all
    /// conditional branches count), e.g. to check that a form field's scope
    /// names something the schema knows.
    pub fn declares(&self, path: &str) -> bool {
        let Some(tokens) = pointer::parse(path) else { return false };
        let mut here = self.expand_all(&[0]);
        for token in &tokens {
            let mut next = Vec::new();
            for &id in &here {
                if let Body::Keywords(kw) = &self.nodes[id as usize].body {
                    child_nodes(kw, token, &mut next);
                }
            }
            here = self.expand_all(&next);
            // `false` (e.g. additionalProperties: false) declares nothing.
            here.retain(|&id| !matches!(self.nodes[id as usize].body, Body::Bool(false)));
            if here.is_empty() {
                return false;
            }
        }
        !here.is_empty()
    }

    /// Like [`Schema::expand`], taking every conditional branch.
    fn expand_all(&self, ids: &[NodeId]) -> Vec<NodeId> {
        let mut out: Vec<NodeId> = Vec::new();
        let mut work: Vec<NodeId> = ids.to_vec();
        while let Some(id) = work.pop() {
            if out.contains(&id) {
                continue;
            }
            out.push(id);
            let Body::Keywords(kw) = &self.nodes[id as usize].body else { continue };
            work.extend(kw.reference);
            work.extend(kw.all_of.iter().chain(&kw.any_of).chain(&kw.one_of).copied());
            if kw.if_.is_some() {
                work.extend(kw.then_.into_iter().chain(kw.else_));
            }
        }
        out
    }

    /// `ids` plus every subschema that applies to the same value in place,
    /// given that value: `$ref`, `allOf`, the matching branches of
    /// `anyOf`/`oneOf`, and `then` or `else` depending on `if`.
    fn expand(&self, ids: &[NodeId], v: &Value, cx: &Context<'_>) -> Vec<NodeId> {
        let mut out: Vec<NodeId> = Vec::new();
        let mut work: Vec<NodeId> = ids.to_vec();
        while let Some(id) = work.pop() {
            if out.contains(&id) {
                continue;
            }
            out.push(id);
            let Body::Keywords(kw) = &self.nodes[id as usize].body else { continue };
            work.extend(kw.reference);
            work.extend(kw.all_of.iter().copied());
            for &branch in kw.any_of.iter().chain(&kw.one_of) {
                if self.holds(branch, v, cx) {
                    work.push(branch);
                }
            }
            if let Some(cond) = kw.if_ {
                let branch = if self.holds(cond, v, cx) { kw.then_ } else { kw.else_ };
                work.extend(branch);
            }
        }
        out
    }

    fn holds(&self, id: NodeId, v: &Value, cx: &Context<'_>) -> bool {
        Evaluator::new(&self.nodes, cx, false).eval(id, v, &Loc::Root)
    }
}

/// The subschemas that apply to the child named `token` of a value.
fn child_nodes(kw: &Keywords, token: &str, out: &mut Vec<NodeId>) {
    let mut named = false;
    for (name, id) in &kw.properties {
        if name == token {
            out.push(*id);
            named = true;
        }
    }
    if !named {
        out.extend(kw.additional_properties);
    }
    if let Ok(i) = token.parse::<usize>() {
        match kw.prefix_items.get(i) {
            Some(id) => out.push(*id),
            None => out.extend(kw.items),
        }
    }
}

fn merge(f: &mut Facts, kw: &Keywords) {
    if let Some(t) = kw.types {
        f.types = Some(f.types.map_or(t.0, |prev| prev & t.0));
    }
    if f.enumeration.is_none() {
        f.enumeration = kw.enumeration.clone();
    }
    if f.constant.is_none() {
        f.constant = kw.constant.clone();
    }
    if f.format.is_none() {
        f.format = kw.format.clone();
    }
    f.required.extend(kw.required.iter().cloned());
    let tighter_min = |a: Option<u64>, b: Option<u64>| a.max(b);
    let tighter_max = |a: Option<u64>, b: Option<u64>| match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    f.min_items = tighter_min(f.min_items, kw.min_items);
    f.max_items = tighter_max(f.max_items, kw.max_items);
    f.min_length = tighter_min(f.min_length, kw.min_length);
    f.max_length = tighter_max(f.max_length, kw.max_length);
    if let Some(m) = kw.minimum.map(|n| n.as_f64()) {
        f.minimum = Some(f.minimum.map_or(m, |p| p.max(m)));
    }
    if let Some(m) = kw.maximum.map(|n| n.as_f64()) {
        f.maximum = Some(f.maximum.map_or(m, |p| p.min(m)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{PatternError, PatternMatcher};
    use serde_json::json;

    struct NoPatterns;
    impl PatternMatcher for NoPatterns {
        fn is_match(&self, _: &str, _: &str) -> Result<bool, PatternError> {
            Ok(true)
        }
    }

    fn schema() -> Schema {
        Schema::compile(&json!({
            "type": "object",
            "required": ["con"],
            "properties": {
                "con": {"$ref": "#/$defs/nguoi"},
                "chaBiet": {"type": "boolean"},
                "cha": {"$ref": "#/$defs/nguoi"},
                "thanhVien": {"type": "array", "minItems": 1, "maxItems": 20, "items": {"$ref": "#/$defs/nguoi"}},
                "soBan": {"type": "integer", "minimum": 1, "maximum": 10},
                "gioiTinh": {"enum": ["nam", "nu"]}
            },
            "if": {"properties": {"chaBiet": {"const": true}}, "required": ["chaBiet"]},
            "then": {"required": ["cha"]},
            "$defs": {"nguoi": {"type": "object", "required": ["hoTen"],
                "properties": {"hoTen": {"type": "string", "maxLength": 100}, "ngaySinh": {"type": "string", "format": "date"}}}}
        }))
        .unwrap()
    }

    #[test]
    fn required_follows_the_data_through_if_then() {
        let s = schema();
        let cx = Context::new(&NoPatterns);
        let root = s.facts_at(&json!({}), "", &cx);
        assert!(root.required.contains("con"));
        assert!(!root.required.contains("cha"));
        let root = s.facts_at(&json!({"chaBiet": true}), "", &cx);
        assert!(root.required.contains("cha"));
    }

    #[test]
    fn facts_through_refs_and_array_items() {
        let s = schema();
        let cx = Context::new(&NoPatterns);
        let data = json!({});
        let member = s.facts_at(&data, "/thanhVien/3", &cx);
        assert!(member.required.contains("hoTen"));
        let name = s.facts_at(&data, "/thanhVien/3/hoTen", &cx);
        assert!(name.allows(JsonType::String) && !name.allows(JsonType::Number));
        assert_eq!(name.max_length, Some(100));
        assert_eq!(s.facts_at(&data, "/cha/ngaySinh", &cx).format.as_deref(), Some("date"));
        let list = s.facts_at(&data, "/thanhVien", &cx);
        assert_eq!((list.min_items, list.max_items), (Some(1), Some(20)));
        let copies = s.facts_at(&data, "/soBan", &cx);
        assert!(copies.integer_only());
        assert_eq!((copies.minimum, copies.maximum), (Some(1.0), Some(10.0)));
        assert_eq!(s.facts_at(&data, "/gioiTinh", &cx).enumeration, Some(vec![json!("nam"), json!("nu")]));
        assert!(!s.facts_at(&data, "/khongCo", &cx).known);
    }

    #[test]
    fn declares_sees_every_branch() {
        let s = Schema::compile(&json!({
            "type": "object",
            "properties": {"a": {"type": "boolean"}, "list": {"type": "array", "items": {"properties": {"x": {}}}}},
            "if": {"properties": {"a": {"const": true}}},
            "then": {"properties": {"b": {"type": "string"}}},
            "else": {"properties": {"c": {"type": "string"}}}
        }))
        .unwrap();
        for path in ["", "/a", "/b", "/c", "/list", "/list/0", "/list/7/x"] {
            assert!(s.declares(path), "{path}");
        }
        assert!(!s.declares("/d"));
        let closed = Schema::compile(&json!({"properties": {"a": {}}, "additionalProperties": false})).unwrap();
        assert!(closed.declares("/a"));
        assert!(!closed.declares("/b"), "additionalProperties: false declares nothing");
        assert!(!s.declares("/a/b"));
    }
}
