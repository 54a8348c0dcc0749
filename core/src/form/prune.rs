//! The data as it will be checked and sealed: values of hidden elements are
//! dropped (the citizen changed their mind; stale answers must not be filed),
//! and so are blank strings and empty objects, so that "nothing typed" reads
//! as "missing" to `required`.

use serde_json::Value;

use crate::pointer;

use super::{Env, Form};

/// Hiding can cascade (a hidden answer no longer shows what it controlled);
/// forms nest rules a few levels at most.
const MAX_ROUNDS: usize = 8;

impl Form {
    pub fn prune(&self, data: &Value, env: &Env<'_>) -> Value {
        let mut out = data.clone();
        clean(&mut out);
        for _ in 0..MAX_ROUNDS {
            let mut hidden = Vec::new();
            self.walk(&out, env, |inst| {
                if let (false, Some(p)) = (inst.state.visible, &inst.path) {
                    if pointer::get(&out, p).is_some() {
                        hidden.push(p.clone());
                    }
                }
            });
            if hidden.is_empty() {
                break;
            }
            for p in hidden {
                pointer::remove(&mut out, &p);
            }
            clean(&mut out);
        }
        if out.is_null() {
            out = Value::Object(Default::default());
        }
        out
    }
}

/// Drops blank strings, nulls and empty objects below `v`; true if `v` itself is empty.
fn clean(v: &mut Value) -> bool {
    match v {
        Value::Object(map) => {
            map.retain(|_, child| !clean(child));
            map.is_empty()
        }
        Value::Array(items) => {
            // Items keep their place (an empty item is still an item the citizen added).
            for item in items.iter_mut() {
                clean(item);
            }
            false
        }
        Value::String(s) => s.trim().is_empty(),
        Value::Null => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn clean_drops_blanks_but_keeps_array_items() {
        let mut v = json!({"a": "", "b": " ", "c": {"d": null, "e": {}}, "f": [{}, {"g": ""}], "h": 0, "i": false});
        clean(&mut v);
        assert_eq!(v, json!({"f": [{}, {}], "h": 0, "i": false}));
    }
}
