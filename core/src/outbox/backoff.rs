//! Exponential backoff with full jitter (the AWS Architecture Blog's
//! "full jitter"): after the n-th failed attempt, wait a uniformly random time
//! between 0 and min(cap, base · 2ⁿ⁻¹). Randomness spreads the retries of a
//! whole village's phones when the network comes back at once; the cap keeps
//! a phone that was offline for hours from waiting hours more.

/// First retry window.
pub const BASE_MS: i64 = 2_000;
/// Longest wait between attempts: 5 minutes.
pub const CAP_MS: i64 = 5 * 60 * 1000;

/// The upper bound of the wait after `attempt` failed attempts (1 = the first).
pub fn window_ms(attempt: u32) -> i64 {
    let doublings = attempt.saturating_sub(1).min(30);
    BASE_MS.saturating_mul(1i64 << doublings).min(CAP_MS)
}

/// The wait after `attempt` failed attempts; `jitter` is uniform in [0, 1).
pub fn delay_ms(attempt: u32, jitter: f64) -> i64 {
    let j = if jitter.is_finite() { jitter.clamp(0.0, 1.0) } else { 0.0 };
    (window_ms(attempt) as f64 * j) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn windows_double_up_to_the_cap() {
        assert_eq!(window_ms(1), 2_000);
        assert_eq!(window_ms(2), 4_000);
        assert_eq!(window_ms(5), 32_000);
        assert_eq!(window_ms(8), 256_000);
        assert_eq!(window_ms(9), CAP_MS);
        assert_eq!(window_ms(1_000), CAP_MS);
        assert_eq!(window_ms(0), 2_000);
    }

    proptest! {
        #[test]
        fn delays_stay_within_their_window(attempt in 0u32..10_000, jitter in any::<f64>()) {
            let d = delay_ms(attempt, jitter);
            prop_assert!(d >= 0);
            prop_assert!(d <= window_ms(attempt));
            prop_assert!(d <= CAP_MS);
        }
    }
}
