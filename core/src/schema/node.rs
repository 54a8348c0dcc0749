//! The compiled form of a schema: a flat arena of nodes that refer to each other
//! by index. An arena (rather than a tree of boxes) is what lets `$ref` point
//! anywhere, including back at an ancestor, without reference cycles.

use super::number::Num;
use serde_json::Value;

pub(crate) type NodeId = u32;

/// One schema (object or boolean) at one place in the document.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// JSON Pointer of this schema in the document ("" for the root).
    pub ptr: String,
    pub body: Body,
}

#[derive(Clone, Debug)]
pub(crate) enum Body {
    Bool(bool),
    Keywords(Box<Keywords>),
}

/// The JSON types, as a bit set, so `"type": ["string", "null"]` is one check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Types(pub u8);

impl Types {
    pub const NULL: u8 = 1;
    pub const BOOLEAN: u8 = 2;
    pub const OBJECT: u8 = 4;
    pub const ARRAY: u8 = 8;
    pub const NUMBER: u8 = 16;
    pub const STRING: u8 = 32;
    pub const INTEGER: u8 = 64;

    pub fn bit(name: &str) -> Option<u8> {
        Some(match name {
            "null" => Self::NULL,
            "boolean" => Self::BOOLEAN,
            "object" => Self::OBJECT,
            "array" => Self::ARRAY,
            "number" => Self::NUMBER,
            "string" => Self::STRING,
            "integer" => Self::INTEGER,
            _ => return None,
        })
    }

    pub fn contains(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    pub fn matches(self, v: &Value) -> bool {
        match v {
            Value::Null => self.contains(Self::NULL),
            Value::Bool(_) => self.contains(Self::BOOLEAN),
            Value::Object(_) => self.contains(Self::OBJECT),
            Value::Array(_) => self.contains(Self::ARRAY),
            Value::String(_) => self.contains(Self::STRING),
            Value::Number(n) => {
                self.contains(Self::NUMBER)
                    || (self.contains(Self::INTEGER) && Num::of(n).is_integer())
            }
        }
    }
}

/// The keywords of an object schema, already checked and decoded.
#[derive(Clone, Debug, Default)]
pub(crate) struct Keywords {
    pub reference: Option<NodeId>,
    pub types: Option<Types>,
    pub enumeration: Option<Vec<Value>>,
    pub constant: Option<Value>,

    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub format: Option<String>,

    pub minimum: Option<Num>,
    pub maximum: Option<Num>,
    pub exclusive_minimum: Option<Num>,
    pub exclusive_maximum: Option<Num>,
    pub multiple_of: Option<Num>,

    pub properties: Vec<(String, NodeId)>,
    pub additional_properties: Option<NodeId>,
    pub required: Vec<String>,
    pub dependent_required: Vec<(String, Vec<String>)>,

    pub prefix_items: Vec<NodeId>,
    pub items: Option<NodeId>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,

    pub all_of: Vec<NodeId>,
    pub any_of: Vec<NodeId>,
    pub one_of: Vec<NodeId>,
    pub not: Option<NodeId>,
    pub if_: Option<NodeId>,
    pub then_: Option<NodeId>,
    pub else_: Option<NodeId>,
}

impl Keywords {
    /// Subschemas applied to the SAME instance (not a child of it), with the
    /// keyword pointer suffix: a cycle through these alone would never end.
    pub fn in_place(&self) -> Vec<(NodeId, String)> {
        let mut out = Vec::new();
        if let Some(r) = self.reference {
            out.push((r, "/$ref".to_owned()));
        }
        for (name, list) in [
            ("allOf", &self.all_of),
            ("anyOf", &self.any_of),
            ("oneOf", &self.one_of),
        ] {
            out.extend(
                list.iter()
                    .enumerate()
                    .map(|(i, &id)| (id, format!("/{name}/{i}"))),
            );
        }
        // `then`/`else` only run when there is an `if`.
        let (then_, else_) = if self.if_.is_some() {
            (self.then_, self.else_)
        } else {
            (None, None)
        };
        for (name, id) in [
            ("not", self.not),
            ("if", self.if_),
            ("then", then_),
            ("else", else_),
        ] {
            if let Some(id) = id {
                out.push((id, format!("/{name}")));
            }
        }
        out
    }
}
