//! Numbers compared as the mathematical values JSON writes, not as the binary
//! floats they are parsed into: `1 == 1.0`, `9007199254740993` is not rounded, and
//! `multipleOf` reads `0.0075` and `0.0001` as the decimals a form author typed,
//! so fees and percentages never fail because of floating-point noise.

use serde_json::Number;
use std::cmp::Ordering;

/// A JSON number: an exact integer, or a (finite) float.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Num {
    Int(i128),
    Float(f64),
}

impl Num {
    pub(crate) fn of(n: &Number) -> Num {
        if let Some(u) = n.as_u64() {
            Num::Int(i128::from(u))
        } else if let Some(i) = n.as_i64() {
            Num::Int(i128::from(i))
        } else {
            // serde_json never stores NaN or infinities; 0 is a safe fallback for
            // representations it cannot turn into f64.
            Num::Float(n.as_f64().unwrap_or(0.0))
        }
    }

    /// The nearest float, for display and for bounds shown in the UI.
    pub(crate) fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }

    /// Whether the value has no fractional part (`1.0` counts, as in the spec).
    pub(crate) fn is_integer(self) -> bool {
        match self {
            Num::Int(_) => true,
            Num::Float(f) => f.is_finite() && f.fract() == 0.0,
        }
    }

    fn is_zero(self) -> bool {
        match self {
            Num::Int(i) => i == 0,
            Num::Float(f) => f == 0.0,
        }
    }

    /// The exact order of two numbers.
    pub(crate) fn cmp(self, other: Num) -> Ordering {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a.cmp(&b),
            (Num::Float(a), Num::Float(b)) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
            (Num::Int(a), Num::Float(b)) => cmp_int_float(a, b),
            (Num::Float(a), Num::Int(b)) => cmp_int_float(b, a).reverse(),
        }
    }

    /// Shown to citizens: integers without `.0`, very large or small values in
    /// exponent form.
    pub(crate) fn display(self) -> String {
        match self {
            Num::Int(i) => i.to_string(),
            Num::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            Num::Float(f) if f == 0.0 || (1e-6..1e15).contains(&f.abs()) => format!("{f}"),
            Num::Float(f) => format!("{f:e}"),
        }
    }

    /// The value as a decimal `mantissa × 10^exponent` (sign dropped), with no
    /// trailing zeros in the mantissa. Floats use their shortest round-trip
    /// decimal form, which is the literal the author wrote.
    fn decimal(self) -> (u128, i32) {
        let (mut mantissa, mut exponent) = match self {
            Num::Int(i) => (i.unsigned_abs(), 0),
            Num::Float(f) => float_decimal(f.abs()),
        };
        if mantissa == 0 {
            return (0, 0);
        }
        while mantissa % 10 == 0 {
            mantissa /= 10;
            exponent += 1;
        }
        (mantissa, exponent)
    }
}

/// Compares an integer with a float exactly (no rounding of either side).
fn cmp_int_float(i: i128, f: f64) -> Ordering {
    const LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0; // 2^127
    if f.is_nan() {
        return Ordering::Equal;
    }
    if f >= LIMIT {
        return Ordering::Less;
    }
    if f < -LIMIT {
        return Ordering::Greater;
    }
    let whole = f.trunc();
    match i.cmp(&(whole as i128)) {
        Ordering::Equal if f > whole => Ordering::Less,
        Ordering::Equal if f < whole => Ordering::Greater,
        other => other,
    }
}

/// `f` (finite, non-negative) as decimal digits and a power of ten, read from
/// Rust's shortest round-trip formatting (`7.5e-3`).
fn float_decimal(f: f64) -> (u128, i32) {
    let text = format!("{f:e}");
    let (digits, exp) = text.split_once('e').unwrap_or((&text, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mantissa = whole
        .bytes()
        .chain(frac.bytes())
        .fold(0u128, |m, b| m * 10 + u128::from(b - b'0'));
    (mantissa, exp - frac.len() as i32)
}

/// Whether `value / divisor` is an integer, in exact decimal arithmetic.
/// `divisor` must be positive (checked when the schema is compiled). Works for
/// any magnitude (`1e308` against `0.123456789`) without overflow: powers of ten
/// are reduced modulo the divisor's mantissa.
pub(crate) fn is_multiple_of(value: Num, divisor: Num) -> bool {
    if value.is_zero() {
        return true;
    }
    if divisor.is_zero() {
        return false;
    }
    let (vm, ve) = value.decimal();
    let (dm, de) = divisor.decimal();
    // value / divisor = (vm / dm) × 10^(ve − de)
    let k = i64::from(ve) - i64::from(de);
    if k >= 0 {
        // dm divides vm × 10^k ?
        mul_mod(vm % dm, pow10_mod(k as u64, dm), dm) == 0
    } else {
        // dm × 10^(−k) divides vm ?
        let scale = u32::try_from(-k).ok().and_then(|p| 10u128.checked_pow(p));
        match scale.and_then(|s| dm.checked_mul(s)) {
            Some(d) => vm % d == 0,
            None => false, // larger than any mantissa vm can hold, and vm ≠ 0
        }
    }
}

/// `a × b mod m`, for `a, b < m`, without overflowing `u128`.
fn mul_mod(a: u128, b: u128, m: u128) -> u128 {
    if let Some(p) = a.checked_mul(b) {
        return p % m;
    }
    // Mantissas never exceed 2^64, so this path is a safety net: double-and-add.
    let (mut result, mut a, mut b) = (0u128, a % m, b);
    while b > 0 {
        if b & 1 == 1 {
            result = add_mod(result, a, m);
        }
        a = add_mod(a, a, m);
        b >>= 1;
    }
    result
}

fn add_mod(a: u128, b: u128, m: u128) -> u128 {
    let (s, overflow) = a.overflowing_add(b);
    if overflow || s >= m {
        s.wrapping_sub(m)
    } else {
        s
    }
}

/// `10^e mod m`, by square-and-multiply.
fn pow10_mod(mut e: u64, m: u128) -> u128 {
    let mut result = 1 % m;
    let mut base = 10 % m;
    while e > 0 {
        if e & 1 == 1 {
            result = mul_mod(result, base, m);
        }
        base = mul_mod(base, base, m);
        e >>= 1;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn n(v: serde_json::Value) -> Num {
        Num::of(v.as_number().unwrap())
    }

    #[test]
    fn compares_across_representations() {
        assert_eq!(n(json!(1)).cmp(n(json!(1.0))), Ordering::Equal);
        assert_eq!(n(json!(-1)).cmp(n(json!(-0.5))), Ordering::Less);
        assert_eq!(n(json!(2)).cmp(n(json!(1.5))), Ordering::Greater);
        assert_eq!(n(json!(u64::MAX)).cmp(n(json!(1e300))), Ordering::Less);
        assert_eq!(n(json!(i64::MIN)).cmp(n(json!(-1e300))), Ordering::Greater);
        // 2^53 + 1 is not equal to the float 2^53.
        assert_eq!(
            n(json!(9_007_199_254_740_993u64)).cmp(n(json!(9_007_199_254_740_992.0))),
            Ordering::Greater
        );
    }

    #[test]
    fn integers_include_whole_floats() {
        assert!(n(json!(1.0)).is_integer());
        assert!(n(json!(1e308)).is_integer());
        assert!(!n(json!(1.5)).is_integer());
    }

    #[test]
    fn multiple_of_is_decimal_exact() {
        let m = |v: serde_json::Value, d: serde_json::Value| is_multiple_of(n(v), n(d));
        assert!(m(json!(0.0075), json!(0.0001)));
        assert!(!m(json!(0.00751), json!(0.0001)));
        assert!(m(json!(4.5), json!(1.5)));
        assert!(!m(json!(35), json!(1.5)));
        assert!(m(json!(19.99), json!(0.01)));
        assert!(m(json!(0.3), json!(0.1)));
        assert!(m(json!(-12), json!(4)));
        assert!(m(json!(0), json!(0.7)));
        assert!(m(json!(12_391_239_123u64), json!(1e-8)));
        assert!(!m(json!(1e308), json!(0.123456789)));
        assert!(m(json!(1e308), json!(2)));
        assert!(m(json!(1e308), json!(1e307)));
        assert!(!m(json!(1e-300), json!(1)));
        assert!(m(json!(1e-300), json!(1e-301)));
        assert!(m(json!(u64::MAX), json!(u64::MAX)));
        assert!(!m(json!(u64::MAX - 1), json!(u64::MAX)));
    }

    #[test]
    fn displays_like_a_person_would_write() {
        assert_eq!(n(json!(5)).display(), "5");
        assert_eq!(n(json!(5.0)).display(), "5");
        assert_eq!(n(json!(0.25)).display(), "0.25");
        assert_eq!(n(json!(1e300)).display(), "1e300");
    }
}
