//! JSON equality as the spec defines it for `enum`, `const` and `uniqueItems`:
//! numbers by mathematical value (`1 == 1.0`), objects regardless of key order.
//! Hashing is consistent with that equality so `uniqueItems` stays linear-ish
//! even on long lists sent to the portal.

use super::number::Num;
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// Structural equality with numeric values compared mathematically.
pub(crate) fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => Num::of(x).cmp(Num::of(y)) == Ordering::Equal,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => false,
    }
}

/// A hash such that `equal(a, b)` implies `hash(a) == hash(b)`.
pub(crate) fn hash(v: &Value) -> u64 {
    let mut h = DefaultHasher::new();
    feed(v, &mut h);
    h.finish()
}

fn feed(v: &Value, h: &mut DefaultHasher) {
    match v {
        Value::Null => 0u8.hash(h),
        Value::Bool(b) => (1u8, b).hash(h),
        Value::Number(n) => {
            2u8.hash(h);
            match Num::of(n) {
                Num::Int(i) => i.hash(h),
                // Whole floats hash as the integer they equal; others by their bits
                // (they can only equal floats with the same bits; -0.0 is whole).
                Num::Float(f) if f.fract() == 0.0 && f.abs() < 1.7e38 => (f as i128).hash(h),
                Num::Float(f) => f.to_bits().hash(h),
            }
        }
        Value::String(s) => (3u8, s).hash(h),
        Value::Array(items) => {
            (4u8, items.len()).hash(h);
            items.iter().for_each(|i| feed(i, h));
        }
        Value::Object(map) => {
            // Order-independent: combine per-entry hashes commutatively.
            let sum = map.iter().fold(0u64, |acc, (k, v)| {
                let mut e = DefaultHasher::new();
                k.hash(&mut e);
                feed(v, &mut e);
                acc.wrapping_add(e.finish())
            });
            (5u8, map.len(), sum).hash(h);
        }
    }
}

/// The first pair of equal items `(i, j)` with `i < j`, if any.
pub(crate) fn first_duplicate(items: &[Value]) -> Option<(usize, usize)> {
    if items.len() < 2 {
        return None;
    }
    let mut keyed: Vec<(u64, usize)> = items.iter().map(hash).zip(0..).collect();
    keyed.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        for (x, &(_, i)) in run.iter().enumerate() {
            for &(_, j) in &run[x + 1..] {
                if equal(&items[i], &items[j]) {
                    let pair = (i.min(j), i.max(j));
                    if best.is_none_or(|b| (pair.1, pair.0) < (b.1, b.0)) {
                        best = Some(pair);
                    }
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_and_objects_compare_by_value() {
        assert!(equal(&json!(1), &json!(1.0)));
        assert!(equal(
            &json!({"a": 1, "b": [1.0]}),
            &json!({"b": [1], "a": 1.0})
        ));
        assert!(!equal(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(!equal(&json!([1, 2]), &json!([2, 1])));
        assert!(!equal(&json!(false), &json!(0)));
        assert!(!equal(&json!("1"), &json!(1)));
        assert!(!equal(&json!(null), &json!(false)));
    }

    #[test]
    fn hash_agrees_with_equality() {
        for (a, b) in [
            (json!(1), json!(1.0)),
            (json!(-0.0), json!(0)),
            (
                json!({"a": [1, {"b": 2.0}], "c": null}),
                json!({"c": null, "a": [1.0, {"b": 2}]}),
            ),
            (json!(1e300), json!(1e300)),
        ] {
            assert!(equal(&a, &b));
            assert_eq!(hash(&a), hash(&b), "{a} vs {b}");
        }
    }

    #[test]
    fn finds_the_earliest_duplicate() {
        assert_eq!(first_duplicate(&[json!(1), json!(2), json!(3)]), None);
        assert_eq!(
            first_duplicate(&[json!(1), json!("x"), json!(1.0), json!("x")]),
            Some((0, 2))
        );
        assert_eq!(
            first_duplicate(&[json!({"a": 1}), json!({"a": 2}), json!({"a": 1.0})]),
            Some((0, 2))
        );
        assert_eq!(first_duplicate(&[]), None);
    }
}
