//! Evaluating an instance against compiled nodes.
//!
//! One evaluator serves both entry points: in collecting mode it records every
//! error with its instance path (for the form UI); in silent mode it stops at
//! the first failure (for `is_valid`, and for the branches of `anyOf`, `oneOf`,
//! `not` and `if`, whose own errors are not what a citizen needs to read).

use super::equality;
use super::format;
use super::messages;
use super::node::{Body, Keywords, Node, NodeId};
use super::number::{is_multiple_of, Num};
use crate::pointer;
use super::{Context, ValidationError};
use crate::i18n::Text;
use serde_json::{Map, Value};
use std::cmp::Ordering;

/// Where in the instance we are, as a chain on the stack: the pointer string is
/// only built when an error is reported.
#[derive(Clone, Copy)]
pub(crate) enum Loc<'a> {
    Root,
    Key(&'a Loc<'a>, &'a str),
    Index(&'a Loc<'a>, usize),
}

impl Loc<'_> {
    fn render(&self) -> String {
        let mut parts = Vec::new();
        let mut at = self;
        loop {
            match at {
                Loc::Root => break,
                Loc::Key(parent, key) => {
                    parts.push(pointer::escape(key).into_owned());
                    at = parent;
                }
                Loc::Index(parent, i) => {
                    parts.push(i.to_string());
                    at = parent;
                }
            }
        }
        parts.iter().rev().fold(String::new(), |mut s, p| {
            s.push('/');
            s.push_str(p);
            s
        })
    }
}

pub(crate) struct Evaluator<'a> {
    nodes: &'a [Node],
    cx: &'a Context<'a>,
    collect: bool,
    pub errors: Vec<ValidationError>,
}

impl<'a> Evaluator<'a> {
    pub fn new(nodes: &'a [Node], cx: &'a Context<'a>, collect: bool) -> Self {
        Evaluator {
            nodes,
            cx,
            collect,
            errors: Vec::new(),
        }
    }

    /// Whether `v` satisfies node `id`; records errors in collecting mode.
    pub fn eval(&mut self, id: NodeId, v: &Value, loc: &Loc<'_>) -> bool {
        let nodes = self.nodes;
        let node = &nodes[id as usize];
        match &node.body {
            Body::Bool(true) => true,
            Body::Bool(false) => {
                self.fail(loc, &node.ptr, "false", messages::not_allowed);
                false
            }
            Body::Keywords(kw) => self.keywords(node, kw, v, loc),
        }
    }

    /// Evaluates without recording errors.
    fn silently(&mut self, id: NodeId, v: &Value, loc: &Loc<'_>) -> bool {
        let was = std::mem::replace(&mut self.collect, false);
        let ok = self.eval(id, v, loc);
        self.collect = was;
        ok
    }

    /// Records a failure of `keyword` (at `schema_ptr`, or `schema_ptr/keyword`).
    /// Returns whether evaluation should continue (only when collecting).
    fn fail(
        &mut self,
        loc: &Loc<'_>,
        schema_ptr: &str,
        keyword: &'static str,
        message: impl FnOnce() -> Text,
    ) -> bool {
        if self.collect {
            let schema_path = if keyword == "false" {
                schema_ptr.to_owned()
            } else {
                pointer::push(schema_ptr, keyword)
            };
            self.errors.push(ValidationError {
                instance_path: loc.render(),
                schema_path,
                keyword,
                message: message(),
            });
        }
        self.collect
    }

    fn keywords(&mut self, node: &'a Node, kw: &'a Keywords, v: &Value, loc: &Loc<'_>) -> bool {
        // Cheap checks first, so `is_valid` usually stops early.
        let steps: [Step<'a>; 7] = [
            Self::reference_and_type,
            Self::values,
            Self::string,
            Self::number,
            Self::object,
            Self::array,
            Self::applicators,
        ];
        let mut ok = true;
        for step in steps {
            ok &= step(self, node, kw, v, loc);
            if !ok && !self.collect {
                return false;
            }
        }
        ok
    }

    fn reference_and_type(
        &mut self,
        node: &'a Node,
        kw: &'a Keywords,
        v: &Value,
        loc: &Loc<'_>,
    ) -> bool {
        let mut ok = true;
        if let Some(types) = kw.types {
            if !types.matches(v) {
                ok = false;
                if !self.fail(loc, &node.ptr, "type", || messages::wrong_type(types)) {
                    return false;
                }
            }
        }
        if let Some(r) = kw.reference {
            ok &= self.eval(r, v, loc);
        }
        ok
    }

    fn values(&mut self, node: &'a Node, kw: &'a Keywords, v: &Value, loc: &Loc<'_>) -> bool {
        let mut ok = true;
        if let Some(c) = &kw.constant {
            if !equality::equal(c, v) {
                ok = false;
                if !self.fail(loc, &node.ptr, "const", messages::constant) {
                    return false;
                }
            }
        }
        if let Some(list) = &kw.enumeration {
            if !list.iter().any(|e| equality::equal(e, v)) {
                ok = false;
                self.fail(loc, &node.ptr, "enum", messages::enumeration);
            }
        }
        ok
    }

    fn string(&mut self, node: &'a Node, kw: &'a Keywords, v: &Value, loc: &Loc<'_>) -> bool {
        let Value::String(s) = v else { return true };
        let mut ok = true;
        if kw.min_length.is_some() || kw.max_length.is_some() {
            // Code points, as the spec says (not UTF-8 bytes, not UTF-16 units).
            let len = s.chars().count() as u64;
            if let Some(min) = kw.min_length.filter(|&m| len < m) {
                ok = false;
                if !self.fail(loc, &node.ptr, "minLength", || messages::min_length(min)) {
                    return false;
                }
            }
            if let Some(max) = kw.max_length.filter(|&m| len > m) {
                ok = false;
                if !self.fail(loc, &node.ptr, "maxLength", || messages::max_length(max)) {
                    return false;
                }
            }
        }
        if let Some(p) = &kw.pattern {
            // A pattern the engine cannot compile fails closed: a broken catalog
            // rule must not let unchecked data through.
            let failure: Option<fn() -> Text> = match self.cx.patterns.is_match(p, s) {
                Ok(true) => None,
                Ok(false) => Some(messages::pattern),
                Err(_) => Some(messages::broken_pattern),
            };
            if let Some(message) = failure {
                ok = false;
                if !self.fail(loc, &node.ptr, "pattern", message) {
                    return false;
                }
            }
        }
        if let Some(f) = &kw.format {
            if let Err(message) =
                format::check(f, s, self.cx.formats, self.cx.today, self.cx.format_checker)
            {
                ok = false;
                self.fail(loc, &node.ptr, "format", || message);
            }
        }
        ok
    }

    fn number(&mut self, node: &'a Node, kw: &'a Keywords, v: &Value, loc: &Loc<'_>) -> bool {
        let Value::Number(n) = v else { return true };
        let n = Num::of(n);
        type Bound = (
            Option<Num>,
            &'static str,
            fn(Ordering) -> bool,
            fn(Num) -> Text,
        );
        let bounds: [Bound; 4] = [
            (
                kw.minimum,
                "minimum",
                |o| o != Ordering::Less,
                messages::minimum,
            ),
            (
                kw.maximum,
                "maximum",
                |o| o != Ordering::Greater,
                messages::maximum,
            ),
            (
                kw.exclusive_minimum,
                "exclusiveMinimum",
                |o| o == Ordering::Greater,
                messages::exclusive_minimum,
            ),
            (
                kw.exclusive_maximum,
                "exclusiveMaximum",
                |o| o == Ordering::Less,
                messages::exclusive_maximum,
            ),
        ];
        let mut ok = true;
        for (limit, keyword, holds, message) in bounds {
            if let Some(limit) = limit.filter(|&l| !holds(n.cmp(l))) {
                ok = false;
                if !self.fail(loc, &node.ptr, keyword, || message(limit)) {
                    return false;
                }
            }
        }
        if let Some(d) = kw.multiple_of.filter(|&d| !is_multiple_of(n, d)) {
            ok = false;
            self.fail(loc, &node.ptr, "multipleOf", || messages::multiple_of(d));
        }
        ok
    }

    fn object(&mut self, node: &'a Node, kw: &'a Keywords, v: &Value, loc: &Loc<'_>) -> bool {
        let Value::Object(map) = v else { return true };
        let mut ok = true;
        for name in &kw.required {
            if !map.contains_key(name) {
                ok = false;
                if !self.fail(
                    &Loc::Key(loc, name),
                    &node.ptr,
                    "required",
                    messages::required,
                ) {
                    return false;
                }
            }
        }
        for (trigger, names) in &kw.dependent_required {
            if !map.contains_key(trigger) {
                continue;
            }
            for name in names.iter().filter(|n| !map.contains_key(n.as_str())) {
                ok = false;
                if !self.fail(
                    &Loc::Key(loc, name),
                    &node.ptr,
                    "dependentRequired",
                    messages::required,
                ) {
                    return false;
                }
            }
        }
        for (name, id) in &kw.properties {
            if let Some(child) = map.get(name) {
                ok &= self.eval(*id, child, &Loc::Key(loc, name));
                if !ok && !self.collect {
                    return false;
                }
            }
        }
        if let Some(extra) = kw.additional_properties {
            ok &= self.additional_properties(node, kw, extra, map, loc);
        }
        ok
    }

    fn additional_properties(
        &mut self,
        node: &'a Node,
        kw: &'a Keywords,
        extra: NodeId,
        map: &Map<String, Value>,
        loc: &Loc<'_>,
    ) -> bool {
        let forbidden = matches!(self.nodes[extra as usize].body, Body::Bool(false));
        let mut ok = true;
        for (key, child) in map {
            if kw.properties.iter().any(|(name, _)| name == key) {
                continue;
            }
            let at = Loc::Key(loc, key);
            if forbidden {
                ok = false;
                if !self.fail(
                    &at,
                    &node.ptr,
                    "additionalProperties",
                    messages::not_allowed_field,
                ) {
                    return false;
                }
            } else {
                ok &= self.eval(extra, child, &at);
                if !ok && !self.collect {
                    return false;
                }
            }
        }
        ok
    }

    fn array(&mut self, node: &'a Node, kw: &'a Keywords, v: &Value, loc: &Loc<'_>) -> bool {
        let Value::Array(items) = v else { return true };
        let len = items.len() as u64;
        let mut ok = true;
        if let Some(min) = kw.min_items.filter(|&m| len < m) {
            ok = false;
            if !self.fail(loc, &node.ptr, "minItems", || messages::min_items(min)) {
                return false;
            }
        }
        if let Some(max) = kw.max_items.filter(|&m| len > m) {
            ok = false;
            if !self.fail(loc, &node.ptr, "maxItems", || messages::max_items(max)) {
                return false;
            }
        }
        if kw.unique_items {
            if let Some((i, j)) = equality::first_duplicate(items) {
                ok = false;
                if !self.fail(loc, &node.ptr, "uniqueItems", || {
                    messages::duplicate_items(i, j)
                }) {
                    return false;
                }
            }
        }
        for (i, (id, item)) in kw.prefix_items.iter().zip(items).enumerate() {
            ok &= self.eval(*id, item, &Loc::Index(loc, i));
            if !ok && !self.collect {
                return false;
            }
        }
        let rest = kw.prefix_items.len();
        if let Some(id) = kw.items.filter(|_| items.len() > rest) {
            if matches!(self.nodes[id as usize].body, Body::Bool(false)) {
                // A closed tuple: say how many items are allowed, on the list itself.
                ok = false;
                self.fail(loc, &node.ptr, "items", || messages::max_items(rest as u64));
            } else {
                for (i, item) in items.iter().enumerate().skip(rest) {
                    ok &= self.eval(id, item, &Loc::Index(loc, i));
                    if !ok && !self.collect {
                        return false;
                    }
                }
            }
        }
        ok
    }

    fn applicators(&mut self, node: &'a Node, kw: &'a Keywords, v: &Value, loc: &Loc<'_>) -> bool {
        let mut ok = true;
        for &id in &kw.all_of {
            ok &= self.eval(id, v, loc);
            if !ok && !self.collect {
                return false;
            }
        }
        if !kw.any_of.is_empty() && !kw.any_of.iter().any(|&id| self.silently(id, v, loc)) {
            ok = false;
            if !self.fail(loc, &node.ptr, "anyOf", messages::no_option_matches) {
                return false;
            }
        }
        if !kw.one_of.is_empty() {
            let mut matched = 0;
            for &id in &kw.one_of {
                if self.silently(id, v, loc) {
                    matched += 1;
                    if matched > 1 {
                        break;
                    }
                }
            }
            if matched != 1 {
                ok = false;
                let message = if matched == 0 {
                    messages::no_option_matches
                } else {
                    messages::several_options_match
                };
                if !self.fail(loc, &node.ptr, "oneOf", message) {
                    return false;
                }
            }
        }
        if let Some(id) = kw.not {
            if self.silently(id, v, loc) {
                ok = false;
                if !self.fail(loc, &node.ptr, "not", messages::not) {
                    return false;
                }
            }
        }
        if let Some(cond) = kw.if_ {
            let branch = if self.silently(cond, v, loc) {
                kw.then_
            } else {
                kw.else_
            };
            if let Some(id) = branch {
                ok &= self.eval(id, v, loc);
            }
        }
        ok
    }
}

type Step<'a> = fn(&mut Evaluator<'a>, &'a Node, &'a Keywords, &Value, &Loc<'_>) -> bool;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_render_as_json_pointers() {
        let root = Loc::Root;
        assert_eq!(root.render(), "");
        let a = Loc::Key(&root, "nguoiYeuCau");
        let b = Loc::Index(&a, 2);
        let c = Loc::Key(&b, "a/b~c");
        assert_eq!(c.render(), "/nguoiYeuCau/2/a~1b~0c");
    }
}
