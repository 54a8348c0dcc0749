//! Schema document → arena of checked nodes.
//!
//! Compilation walks every schema position of the document (including `$defs`
//! nobody references) so that an unsupported keyword anywhere is refused.
//! Subschemas are queued by JSON Pointer instead of compiled recursively: a
//! `$ref` to a place being compiled just reuses its node id, so `{"$ref": "#"}`
//! and mutual references cost nothing and deep documents cannot overflow the stack.

use super::error::SchemaError;
use super::keywords;
use super::node::{Body, Keywords, Node, NodeId, Types};
use super::number::Num;
use super::pattern::PatternMatcher;
use crate::pointer;
use serde_json::{Map, Value};
use std::collections::{HashMap, VecDeque};

/// Compiles `doc`; node 0 is the root. With `patterns`, every `pattern` is
/// checked to compile.
pub(crate) fn compile(
    doc: &Value,
    patterns: Option<&dyn PatternMatcher>,
) -> Result<Vec<Node>, SchemaError> {
    let mut c = Compiler {
        doc,
        patterns,
        nodes: Vec::new(),
        ids: HashMap::new(),
        queue: VecDeque::new(),
    };
    c.node_for(String::new(), doc)?;
    while let Some((id, value)) = c.queue.pop_front() {
        let ptr = c.nodes[id as usize].ptr.clone();
        c.nodes[id as usize].body = c.body(&ptr, value)?;
    }
    check_cycles(&c.nodes)?;
    Ok(c.nodes)
}

struct Compiler<'d, 'p> {
    doc: &'d Value,
    patterns: Option<&'p dyn PatternMatcher>,
    nodes: Vec<Node>,
    /// Canonical pointer → node, so each location is compiled once.
    ids: HashMap<String, NodeId>,
    queue: VecDeque<(NodeId, &'d Value)>,
}

fn invalid(pointer: &str, reason: impl Into<String>) -> SchemaError {
    SchemaError::Invalid {
        pointer: pointer.to_owned(),
        reason: reason.into(),
    }
}

impl<'d> Compiler<'d, '_> {
    /// The node for the schema at `ptr`, queueing it if new.
    fn node_for(&mut self, ptr: String, value: &'d Value) -> Result<NodeId, SchemaError> {
        if let Some(&id) = self.ids.get(&ptr) {
            return Ok(id);
        }
        let id = NodeId::try_from(self.nodes.len())
            .map_err(|_| invalid(&ptr, "the schema is too large"))?;
        self.ids.insert(ptr.clone(), id);
        self.nodes.push(Node {
            ptr,
            body: Body::Bool(true),
        });
        self.queue.push_back((id, value));
        Ok(id)
    }

    fn body(&mut self, ptr: &str, value: &'d Value) -> Result<Body, SchemaError> {
        match value {
            Value::Bool(b) => Ok(Body::Bool(*b)),
            Value::Object(map) => Ok(Body::Keywords(Box::new(self.keywords(ptr, map)?))),
            _ => Err(invalid(ptr, "a schema must be an object or a boolean")),
        }
    }

    fn keywords(
        &mut self,
        ptr: &str,
        map: &'d Map<String, Value>,
    ) -> Result<Keywords, SchemaError> {
        // Unsupported keywords first: they are the most important thing to report.
        if let Some(k) = map.keys().find(|k| !keywords::is_supported(k)) {
            return Err(SchemaError::UnsupportedKeyword {
                pointer: pointer::push(ptr, k),
                keyword: k.clone(),
            });
        }
        let mut kw = Keywords::default();
        for (k, v) in map {
            let kp = pointer::push(ptr, k);
            let kp = kp.as_str();
            match k.as_str() {
                "type" => kw.types = Some(types(kp, v)?),
                "enum" => {
                    kw.enumeration = Some(
                        v.as_array()
                            .ok_or_else(|| invalid(kp, "enum must be an array"))?
                            .clone(),
                    )
                }
                "const" => kw.constant = Some(v.clone()),
                "minLength" => kw.min_length = Some(non_negative(kp, k, v)?),
                "maxLength" => kw.max_length = Some(non_negative(kp, k, v)?),
                "minItems" => kw.min_items = Some(non_negative(kp, k, v)?),
                "maxItems" => kw.max_items = Some(non_negative(kp, k, v)?),
                "pattern" => kw.pattern = Some(self.pattern(kp, v)?),
                "format" => kw.format = Some(string(kp, k, v)?.to_owned()),
                "minimum" => kw.minimum = Some(number(kp, k, v)?),
                "maximum" => kw.maximum = Some(number(kp, k, v)?),
                "exclusiveMinimum" => kw.exclusive_minimum = Some(number(kp, k, v)?),
                "exclusiveMaximum" => kw.exclusive_maximum = Some(number(kp, k, v)?),
                "multipleOf" => {
                    let n = number(kp, k, v)?;
                    if n.cmp(Num::Int(0)) != std::cmp::Ordering::Greater {
                        return Err(invalid(kp, "multipleOf must be greater than 0"));
                    }
                    kw.multiple_of = Some(n);
                }
                "uniqueItems" => {
                    kw.unique_items = v
                        .as_bool()
                        .ok_or_else(|| invalid(kp, "uniqueItems must be a boolean"))?
                }
                "required" => kw.required = string_array(kp, k, v)?,
                "dependentRequired" => {
                    let map = v
                        .as_object()
                        .ok_or_else(|| invalid(kp, "dependentRequired must be an object"))?;
                    for (name, list) in map {
                        kw.dependent_required.push((
                            name.clone(),
                            string_array(&pointer::push(kp, name), k, list)?,
                        ));
                    }
                }
                "properties" => kw.properties = self.schema_map(kp, k, v)?,
                "$defs" => {
                    self.schema_map(kp, k, v)?;
                }
                "additionalProperties" => {
                    kw.additional_properties = Some(self.node_for(kp.to_owned(), v)?)
                }
                "items" => {
                    if v.is_array() {
                        return Err(invalid(
                            kp,
                            "items must be a schema (use prefixItems for a list of schemas)",
                        ));
                    }
                    kw.items = Some(self.node_for(kp.to_owned(), v)?);
                }
                "prefixItems" => kw.prefix_items = self.schema_list(kp, k, v)?,
                "allOf" => kw.all_of = self.schema_list(kp, k, v)?,
                "anyOf" => kw.any_of = self.schema_list(kp, k, v)?,
                "oneOf" => kw.one_of = self.schema_list(kp, k, v)?,
                "not" => kw.not = Some(self.node_for(kp.to_owned(), v)?),
                "if" => kw.if_ = Some(self.node_for(kp.to_owned(), v)?),
                "then" => kw.then_ = Some(self.node_for(kp.to_owned(), v)?),
                "else" => kw.else_ = Some(self.node_for(kp.to_owned(), v)?),
                "$ref" => kw.reference = Some(self.reference(kp, v)?),
                "$schema" => {
                    if !v.as_str().is_some_and(keywords::is_draft_2020_12) {
                        return Err(invalid(
                            kp,
                            format!(
                                "$schema must be \"{}\" (only draft 2020-12 is supported)",
                                keywords::DRAFT_2020_12
                            ),
                        ));
                    }
                }
                "$comment" | "title" | "description" => {
                    string(kp, k, v)?;
                }
                "deprecated" | "readOnly" | "writeOnly" => {
                    v.as_bool()
                        .ok_or_else(|| invalid(kp, format!("{k} must be a boolean")))?;
                }
                "examples" => {
                    v.as_array()
                        .ok_or_else(|| invalid(kp, "examples must be an array"))?;
                }
                "default" => {}
                // Guarded by the `is_supported` check above; kept so a keyword added
                // to the list without an implementation is refused, not ignored.
                _ => {
                    return Err(SchemaError::UnsupportedKeyword {
                        pointer: kp.to_owned(),
                        keyword: k.clone(),
                    })
                }
            }
        }
        Ok(kw)
    }

    fn reference(&mut self, kp: &str, v: &'d Value) -> Result<NodeId, SchemaError> {
        let r = v
            .as_str()
            .ok_or_else(|| invalid(kp, "$ref must be a string"))?;
        let unresolved = || SchemaError::UnresolvedRef {
            pointer: kp.to_owned(),
            reference: r.to_owned(),
        };
        let tokens = pointer::parse_local_ref(r).ok_or_else(unresolved)?;
        let target = pointer::resolve(self.doc, &tokens).ok_or_else(unresolved)?;
        self.node_for(pointer::from_tokens(&tokens), target)
    }

    fn pattern(&self, kp: &str, v: &Value) -> Result<String, SchemaError> {
        let p = string(kp, "pattern", v)?;
        if let Some(engine) = self.patterns {
            engine.check(p).map_err(|e| {
                invalid(
                    kp,
                    format!(
                        "pattern is not a valid ECMA-262 regular expression ({})",
                        e.0
                    ),
                )
            })?;
        }
        Ok(p.to_owned())
    }

    fn schema_list(&mut self, kp: &str, k: &str, v: &'d Value) -> Result<Vec<NodeId>, SchemaError> {
        match v.as_array() {
            Some(list) if !list.is_empty() => list
                .iter()
                .enumerate()
                .map(|(i, s)| self.node_for(pointer::push(kp, &i.to_string()), s))
                .collect(),
            _ => Err(invalid(
                kp,
                format!("{k} must be a non-empty array of schemas"),
            )),
        }
    }

    fn schema_map(
        &mut self,
        kp: &str,
        k: &str,
        v: &'d Value,
    ) -> Result<Vec<(String, NodeId)>, SchemaError> {
        let map = v
            .as_object()
            .ok_or_else(|| invalid(kp, format!("{k} must be an object of schemas")))?;
        map.iter()
            .map(|(name, s)| Ok((name.clone(), self.node_for(pointer::push(kp, name), s)?)))
            .collect()
    }
}

fn types(kp: &str, v: &Value) -> Result<Types, SchemaError> {
    let bad = || {
        invalid(
            kp,
            "type must be a type name or a non-empty array of distinct type names",
        )
    };
    match v {
        Value::String(name) => Types::bit(name).map(Types).ok_or_else(bad),
        Value::Array(names) if !names.is_empty() => names.iter().try_fold(Types(0), |acc, n| {
            let bit = n.as_str().and_then(Types::bit).ok_or_else(bad)?;
            if acc.contains(bit) {
                return Err(bad());
            }
            Ok(Types(acc.0 | bit))
        }),
        _ => Err(bad()),
    }
}

fn string<'v>(kp: &str, k: &str, v: &'v Value) -> Result<&'v str, SchemaError> {
    v.as_str()
        .ok_or_else(|| invalid(kp, format!("{k} must be a string")))
}

fn number(kp: &str, k: &str, v: &Value) -> Result<Num, SchemaError> {
    v.as_number()
        .map(Num::of)
        .ok_or_else(|| invalid(kp, format!("{k} must be a number")))
}

/// A non-negative integer; `2.0` counts, as in the meta-schema.
fn non_negative(kp: &str, k: &str, v: &Value) -> Result<u64, SchemaError> {
    match v.as_number().map(Num::of) {
        Some(Num::Int(i)) if i >= 0 => Ok(u64::try_from(i).unwrap_or(u64::MAX)),
        Some(Num::Float(f)) if f >= 0.0 && f.fract() == 0.0 => Ok(f as u64),
        _ => Err(invalid(kp, format!("{k} must be a non-negative integer"))),
    }
}

fn string_array(kp: &str, k: &str, v: &Value) -> Result<Vec<String>, SchemaError> {
    let bad = || invalid(kp, format!("{k} must be an array of distinct strings"));
    let list = v.as_array().ok_or_else(bad)?;
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for s in list {
        let s = s.as_str().ok_or_else(bad)?;
        if out.iter().any(|o| o == s) {
            return Err(bad());
        }
        out.push(s.to_owned());
    }
    Ok(out)
}

/// Refuses reference cycles that never move into a property or item: evaluating
/// them would never end. (Cycles through `properties`, `items` … are fine: each
/// step goes one level deeper into finite data.)
fn check_cycles(nodes: &[Node]) -> Result<(), SchemaError> {
    let edges = |id: NodeId| match &nodes[id as usize].body {
        Body::Keywords(kw) => kw.in_place(),
        Body::Bool(_) => Vec::new(),
    };
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; nodes.len()];
    for start in 0..nodes.len() as NodeId {
        if state[start as usize] != 0 {
            continue;
        }
        state[start as usize] = 1;
        let mut stack = vec![(start, edges(start), 0usize)];
        while let Some((node, out, next)) = stack.last_mut() {
            let Some((to, via)) = out.get(*next) else {
                state[*node as usize] = 2;
                stack.pop();
                continue;
            };
            *next += 1;
            match state[*to as usize] {
                0 => {
                    state[*to as usize] = 1;
                    let to = *to;
                    stack.push((to, edges(to), 0));
                }
                1 => {
                    return Err(invalid(
                        &format!("{}{via}", nodes[*node as usize].ptr),
                        "reference cycle: this schema applies itself to the same value without going into a property or item, so validation would never end",
                    ))
                }
                _ => {}
            }
        }
    }
    Ok(())
}
