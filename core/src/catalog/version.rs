//! Ordering catalog versions (`2026.11.1`: year.month.release), so the app
//! never takes an older catalog in place of the one it has: a replayed old
//! catalog carries a genuine signature, and only its version gives it away.

use std::cmp::Ordering;

/// Compares two catalog versions part by part (split on `.`): parts made of
/// digits compare as numbers (`2026.11.10` is after `2026.11.9`, leading
/// zeros ignored), other parts byte by byte, and a digits part sorts before a
/// non-digits one. A version that is a prefix of another is older
/// (`2026.11` before `2026.11.1`). A total order, the same on every device.
pub fn compare(a: &str, b: &str) -> Ordering {
    let mut xs = a.split('.');
    let mut ys = b.split('.');
    loop {
        match (xs.next(), ys.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = compare_part(x, y);
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

/// Whether `candidate` is older than `saved` (a refusal reason; equal is not older).
pub fn is_older(candidate: &str, saved: &str) -> bool {
    compare(candidate, saved) == Ordering::Less
}

fn compare_part(x: &str, y: &str) -> Ordering {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match (digits(x), digits(y)) {
        (true, true) => {
            let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
            x.len().cmp(&y.len()).then_with(|| x.cmp(y))
        }
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => x.cmp(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_order_by_their_numeric_parts() {
        let ordered = ["2025.12.3", "2026.1.1", "2026.2", "2026.11.1", "2026.11.2", "2026.11.10", "2027.01.1"];
        for (i, a) in ordered.iter().enumerate() {
            for (j, b) in ordered.iter().enumerate() {
                assert_eq!(compare(a, b), i.cmp(&j), "{a} vs {b}");
            }
        }
        assert_eq!(compare("2026.011.1", "2026.11.1"), Ordering::Equal);
        assert!(is_older("2026.10.1", "2026.11.1"));
        assert!(!is_older("2026.11.1", "2026.11.1"));
        assert!(is_older("2026.11", "2026.11.1"));
        assert_eq!(compare("2026.11.1-rc", "2026.11.1"), Ordering::Greater);
        assert_eq!(compare("2026.11.1", "2026.11.beta"), Ordering::Less);
        assert_eq!(compare("", "1"), Ordering::Greater, "an empty part is not digits");
        assert_eq!(compare("a.b", "a.c"), Ordering::Less);
    }
}
