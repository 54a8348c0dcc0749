//! Fault mode, for testing clients against a bad network (`--fault-rate`).
//!
//! With probability `rate`, a `POST /api/bundles` meets one of four faults,
//! chosen uniformly:
//!
//! - [`Fault::Unavailable`]: `503` with a JSON error and `Retry-After: 1`; the
//!   bundle is not looked at.
//! - [`Fault::DropBeforeStore`]: the body is read, then the connection is closed
//!   without a byte of response; nothing is stored.
//! - [`Fault::DropAfterStore`]: the bundle is processed and committed as usual,
//!   then the connection is closed without a response. A retry gets `200` and the
//!   same receipt.
//! - [`Fault::Delay`]: the request waits 1–3 s, then is processed normally.
//!
//! Faults never touch the stored state: the drops only lose the answer. Every
//! fault is logged. `--fault-seed` makes the sequence of choices reproducible.

use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;

/// One injected fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Unavailable,
    DropBeforeStore,
    DropAfterStore,
    Delay(Duration),
}

impl Fault {
    pub fn name(self) -> &'static str {
        match self {
            Fault::Unavailable => "503",
            Fault::DropBeforeStore => "drop-before-store",
            Fault::DropAfterStore => "drop-after-store",
            Fault::Delay(_) => "delay",
        }
    }
}

/// The fault injector: a rate and a seeded generator.
pub struct Faults {
    rate: f64,
    rng: Mutex<SplitMix64>,
}

impl Faults {
    /// `None` when `rate` is 0 (no fault mode).
    pub fn new(rate: f64, seed: Option<u64>) -> Option<Faults> {
        if rate.is_nan() || rate <= 0.0 {
            return None;
        }
        let seed = seed.unwrap_or_else(|| {
            let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64);
            t.unwrap_or(0) ^ u64::from(std::process::id()).rotate_left(32)
        });
        tracing::warn!(
            "FAULT MODE: {:.0}% of bundle submissions will fail on purpose (seed {seed})",
            rate.min(1.0) * 100.0
        );
        Some(Faults { rate: rate.min(1.0), rng: Mutex::new(SplitMix64(seed)) })
    }

    /// Draws the fault for one request, if any.
    pub fn pick(&self) -> Option<Fault> {
        let mut rng = self.rng.lock().unwrap_or_else(|p| p.into_inner());
        if rng.unit() >= self.rate {
            return None;
        }
        Some(match rng.next() % 4 {
            0 => Fault::Unavailable,
            1 => Fault::DropBeforeStore,
            2 => Fault::DropAfterStore,
            _ => Fault::Delay(Duration::from_millis(1000 + rng.next() % 2001)),
        })
    }
}

/// A response that makes hyper close the connection before sending anything:
/// its body fails on the first read, while the status line and headers are
/// still in hyper's write buffer (they are written together with the first
/// body bytes), so the client sees the connection end without a response.
pub fn abort_connection() -> Response {
    let stream = futures_util_stream::once_err();
    let mut res = Response::new(Body::from_stream(stream));
    // Keep intermediaries and compression out of the way: nothing to encode.
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    res
}

mod futures_util_stream {
    //! A one-item stream yielding an error, without pulling in `futures`.
    use std::pin::Pin;
    use std::task::{Context, Poll};

    pub struct OnceErr(bool);

    pub fn once_err() -> OnceErr {
        OnceErr(false)
    }

    impl futures_core::Stream for OnceErr {
        type Item = Result<bytes::Bytes, std::io::Error>;

        fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            if self.0 {
                return Poll::Ready(None);
            }
            self.0 = true;
            Poll::Ready(Some(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "fault mode: connection dropped",
            ))))
        }
    }
}

/// SplitMix64: small, fast, and the same sequence for the same seed everywhere.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_faults_and_every_kind_occurs() {
        let a = Faults::new(1.0, Some(7)).unwrap();
        let b = Faults::new(1.0, Some(7)).unwrap();
        let xs: Vec<_> = (0..40).map(|_| a.pick()).collect();
        let ys: Vec<_> = (0..40).map(|_| b.pick()).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().all(Option::is_some), "rate 1.0 always faults");
        for kind in ["503", "drop-before-store", "drop-after-store", "delay"] {
            assert!(xs.iter().flatten().any(|f| f.name() == kind), "{kind} never drawn");
        }
        for f in xs.iter().flatten() {
            if let Fault::Delay(d) = f {
                assert!((1000..=3000).contains(&d.as_millis()), "{d:?}");
            }
        }
    }

    #[test]
    fn rate_zero_is_off_and_rates_are_roughly_honoured() {
        assert!(Faults::new(0.0, Some(1)).is_none());
        let f = Faults::new(0.3, Some(1)).unwrap();
        let hits = (0..10_000).filter(|_| f.pick().is_some()).count();
        assert!((2_700..3_300).contains(&hits), "{hits}");
    }
}
