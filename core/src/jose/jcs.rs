//! JSON Canonicalization Scheme (RFC 8785).
//!
//! One JSON value, one byte string: no whitespace; object members sorted by
//! the UTF-16 code units of their names; strings with the minimal escaping of
//! ECMAScript's `JSON.stringify`; numbers as IEEE-754 doubles printed exactly
//! like ECMAScript's `Number.prototype.toString` (shortest digits that read
//! back to the same double, plain notation for 1e-7 < |x| < 1e21, exponent
//! notation outside, `-0` as `0`).
//!
//! Every JSON number is a double here: an integer beyond 2^53 is rounded to
//! the nearest double, as RFC 8785 §3.2.2.3 prescribes (`9007199254740993`
//! becomes `9007199254740992`). The crate parses JSON with serde_json's
//! `float_roundtrip`, so decimal text is read to the correctly rounded double.

use std::fmt::Write;

use serde::Serialize;
use serde_json::{Map, Number, Value};

/// Why a value has no canonical form.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JcsError {
    /// NaN or ±Infinity: JSON has no text for them.
    #[error("the number {0} has no JSON form (not finite)")]
    NotFinite(String),
    /// The value could not be turned into JSON at all (`to_canonical` of a
    /// type whose serialization fails, e.g. a map with non-string keys).
    #[error("not representable as JSON: {0}")]
    NotJson(String),
}

impl JcsError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            JcsError::NotFinite(_) => "not_finite",
            JcsError::NotJson(_) => "not_json",
        }
    }
}

/// The canonical text of `v`.
pub fn canonicalize(v: &Value) -> Result<String, JcsError> {
    let mut out = String::new();
    write_value(v, &mut out)?;
    Ok(out)
}

/// The canonical UTF-8 bytes of `v` (what gets hashed or signed).
pub fn canonical_bytes(v: &Value) -> Result<Vec<u8>, JcsError> {
    canonicalize(v).map(String::into_bytes)
}

/// The canonical bytes of any serializable value.
pub fn to_canonical<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, JcsError> {
    let v = serde_json::to_value(value).map_err(|e| JcsError::NotJson(e.to_string()))?;
    canonical_bytes(&v)
}

fn write_value(v: &Value, out: &mut String) -> Result<(), JcsError> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n, out)?,
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => write_object(map, out)?,
    }
    Ok(())
}

fn write_object(map: &Map<String, Value>, out: &mut String) -> Result<(), JcsError> {
    let mut members: Vec<(&String, &Value)> = map.iter().collect();
    // UTF-16 code units, not UTF-8 bytes or chars: they differ above U+FFFF
    // (a surrogate pair sorts before U+E000..U+FFFF).
    members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    out.push('{');
    for (i, (name, value)) in members.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(name, out);
        out.push(':');
        write_value(value, out)?;
    }
    out.push('}');
    Ok(())
}

/// A JSON string with the escaping of RFC 8785 §3.2.2.2.
pub fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_number(n: &Number, out: &mut String) -> Result<(), JcsError> {
    // `as_f64` rounds integers beyond 2^53 to the nearest double, as JCS wants.
    let f = n.as_f64().ok_or_else(|| JcsError::NotFinite(n.to_string()))?;
    out.push_str(&number_to_string(f)?);
    Ok(())
}

/// ECMAScript `Number.prototype.toString(x)` (ECMA-262 §6.1.6.1.20) for a
/// finite double.
pub fn number_to_string(x: f64) -> Result<String, JcsError> {
    if !x.is_finite() {
        return Err(JcsError::NotFinite(x.to_string()));
    }
    if x == 0.0 {
        return Ok("0".to_owned()); // also -0
    }
    // Rust's `{:e}` prints the shortest digits that read back to `x` (and the
    // closest of those), which is exactly ECMAScript's choice of k digits:
    // "d.ddde-7", "5e-324".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').expect("LowerExp always has an exponent");
    let mut digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let e: i32 = exp.parse().expect("LowerExp exponent is an integer");
    let k = digits.len() as i32;
    if let Some(even) = even_of_tie(x.abs(), &digits, e - (k - 1)) {
        digits = even;
    }
    // x = 0.d1d2…dk × 10^n
    let n = e + 1;
    let mut s = String::with_capacity(32);
    if x < 0.0 {
        s.push('-');
    }
    if k <= n && n <= 21 {
        s.push_str(&digits);
        s.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        s.push_str(&digits[..n as usize]);
        s.push('.');
        s.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        s.push_str("0.");
        s.extend(std::iter::repeat_n('0', (-n) as usize));
        s.push_str(&digits);
    } else {
        s.push_str(&digits[..1]);
        if k > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s.push('e');
        s.push(if n >= 1 { '+' } else { '-' });
        let _ = write!(s, "{}", (n - 1).abs());
    }
    Ok(s)
}

/// ECMAScript breaks a tie between two shortest candidates (the double lies
/// exactly halfway between them) towards the even one; Rust's shortest
/// formatting rounds such a tie up. `digits` × 10^`t` is Rust's choice for
/// the positive `x`; returns the even neighbour when it is a tie and that
/// neighbour also reads back as `x`.
fn even_of_tie(x: f64, digits: &str, t: i32) -> Option<String> {
    let c: u64 = digits.parse().ok()?;
    if c.is_multiple_of(2) {
        return None;
    }
    // x = m × 2^q exactly; 2x = odd × 2^p2.
    let bits = x.to_bits();
    let (exp, frac) = (((bits >> 52) & 0x7ff) as i32, bits & ((1u64 << 52) - 1));
    let (m, q) = if exp == 0 { (frac, -1074) } else { (frac | (1u64 << 52), exp - 1075) };
    let tz = m.trailing_zeros() as i32;
    let (odd, p2) = ((m >> tz) as u128, q + 1 + tz);
    // Is 2x = (2c ± 1) × 10^t = (2c ± 1) × 5^t × 2^t ?
    if p2 != t {
        return None;
    }
    let pow5 = 5u128.checked_pow(t.unsigned_abs())?;
    let is_half = |h: u128| if t >= 0 { h.checked_mul(pow5) == Some(odd) } else { odd.checked_mul(pow5) == Some(h) };
    let other = if is_half(2 * c as u128 - 1) {
        c - 1
    } else if is_half(2 * c as u128 + 1) {
        c + 1
    } else {
        return None;
    };
    let text = other.to_string();
    if text.len() != digits.len() {
        return None;
    }
    let back: f64 = format!("{text}e{t}").parse().ok()?;
    (back == x).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn num(bits: u64) -> String {
        number_to_string(f64::from_bits(bits)).unwrap()
    }

    /// RFC 8785 Appendix B: IEEE-754 values and their canonical text.
    #[test]
    fn rfc8785_appendix_b_numbers() {
        let cases: &[(u64, &str)] = &[
            (0x0000000000000000, "0"),
            (0x8000000000000000, "0"),
            (0x0000000000000001, "5e-324"),
            (0x8000000000000001, "-5e-324"),
            (0x7fefffffffffffff, "1.7976931348623157e+308"),
            (0xffefffffffffffff, "-1.7976931348623157e+308"),
            (0x4340000000000000, "9007199254740992"),
            (0xc340000000000000, "-9007199254740992"),
            (0x4430000000000000, "295147905179352830000"),
            (0x44b52d02c7e14af5, "9.999999999999997e+22"),
            (0x44b52d02c7e14af6, "1e+23"),
            (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
            (0x444b1ae4d6e2ef4e, "999999999999999700000"),
            (0x444b1ae4d6e2ef4f, "999999999999999900000"),
            (0x444b1ae4d6e2ef50, "1e+21"),
            (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
            (0x3eb0c6f7a0b5ed8d, "0.000001"),
            (0x41b3de4355555553, "333333333.3333332"),
            (0x41b3de4355555554, "333333333.33333325"),
            (0x41b3de4355555555, "333333333.3333333"),
            (0x41b3de4355555556, "333333333.3333334"),
            (0x41b3de4355555557, "333333333.33333343"),
            (0xbecbf647612f3696, "-0.0000033333333333333333"),
            (0x43143ff3c1cb0959, "1424953923781206.2"),
        ];
        for (bits, want) in cases {
            assert_eq!(num(*bits), *want, "{bits:016x}");
        }
    }

    #[test]
    fn everyday_numbers() {
        for (x, want) in [
            (1.0, "1"),
            (-1.5, "-1.5"),
            (0.1, "0.1"),
            (100.0, "100"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (123e-20, "1.23e-18"),
            (5e6, "5000000"),
        ] {
            assert_eq!(number_to_string(x).unwrap(), want, "{x}");
        }
        assert!(number_to_string(f64::NAN).is_err());
        assert!(number_to_string(f64::INFINITY).is_err());
        assert!(number_to_string(f64::NEG_INFINITY).is_err());
    }

    #[test]
    fn large_integers_are_doubles() {
        let v: Value =
            serde_json::from_str("[9007199254740993, -9007199254740993, 18446744073709551615, 4.0, -0.0]").unwrap();
        let text = canonicalize(&v).unwrap();
        assert_eq!(text, "[9007199254740992,-9007199254740992,18446744073709552000,4,0]");
    }

    fn json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
            "\\PC*".prop_map(Value::String),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Every finite double's text reads back as the same double.
        #[test]
        fn numbers_round_trip(bits in proptest::prelude::any::<u64>()) {
            let x = f64::from_bits(bits);
            if x.is_finite() {
                let text = number_to_string(x).unwrap();
                proptest::prop_assert_eq!(text.parse::<f64>().unwrap(), x, "{}", text);
            }
        }

        /// The canonical text is JSON whose canonical text is itself.
        #[test]
        fn canonical_text_is_a_fixed_point(v in json()) {
            let text = canonicalize(&v).unwrap();
            let back: Value = serde_json::from_str(&text).unwrap();
            proptest::prop_assert_eq!(canonicalize(&back).unwrap(), text);
        }
    }

    #[test]
    fn strings_are_minimally_escaped() {
        let v = json!("\"\\/\u{8}\u{c}\n\r\t\u{1}\u{1f}\u{7f}\u{80}é€😂</script>");
        assert_eq!(canonicalize(&v).unwrap(), "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\u{7f}\u{80}é€😂</script>\"");
    }

    #[test]
    fn members_sort_by_utf16_code_units() {
        // U+1F602 is D83D DE02 in UTF-16, which sorts before U+FB33 (though after it in UTF-8).
        let v = json!({"\u{fb33}": 1, "😂": 2, "b": 3, "a": 4, "": 5, "aa": 6, "B": 7});
        assert_eq!(canonicalize(&v).unwrap(), "{\"\":5,\"B\":7,\"a\":4,\"aa\":6,\"b\":3,\"😂\":2,\"\u{fb33}\":1}");
    }

    #[test]
    fn nesting_and_literals() {
        let v = json!({"z": [null, true, false, {"y": [], "x": {}}], "a": "s"});
        assert_eq!(canonicalize(&v).unwrap(), r#"{"a":"s","z":[null,true,false,{"x":{},"y":[]}]}"#);
    }
}
