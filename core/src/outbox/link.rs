//! The link to the portal, as the outbox sees it.
//!
//! Each bundle backs off on its own, so one bad bundle never holds the others
//! back. But when the *network* is gone — no answer at all, several times in a
//! row — every bundle fails for the same reason, and 300 bundles each retrying
//! on their own schedule would keep a phone's radio and CPU busy for nothing.
//! Then the outbox sends one bundle at a time, as a probe, on its own
//! backoff; the first answer of any kind (even a refusal, even a 503) brings
//! the link back up and everything due goes again.
//!
//! A single lost answer does not take the link down: the portal may drop one
//! connection (or one request may time out) while the network is fine.

use super::backoff;

/// Consecutive unanswered attempts after which the link counts as down.
pub const DOWN_AFTER: u32 = 2;

/// What the outbox knows about reaching the portal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Link {
    /// Attempts in a row that got no answer at all.
    unanswered: u32,
    /// While down: when the next probe may start (Unix ms).
    probe_at: i64,
}

impl Link {
    /// Whether the link counts as down (probing).
    pub fn is_down(&self) -> bool {
        self.unanswered >= DOWN_AFTER
    }

    /// How many uploads may start at `now`, with `busy` already in flight, out
    /// of `parallel` when the link is up.
    pub fn slots(&self, now: i64, busy: usize, parallel: usize) -> usize {
        if !self.is_down() {
            return parallel.saturating_sub(busy);
        }
        usize::from(busy == 0 && now >= self.probe_at)
    }

    /// While down, when the next probe may start.
    pub fn wake_at(&self) -> Option<i64> {
        self.is_down().then_some(self.probe_at)
    }

    /// Records how an attempt ended: `answered` if any HTTP answer arrived.
    /// `jitter` ∈ [0, 1) draws the probe's backoff.
    pub fn record(&mut self, answered: bool, now: i64, jitter: f64) {
        if answered {
            *self = Link::default();
            return;
        }
        self.unanswered = self.unanswered.saturating_add(1);
        if self.is_down() {
            self.probe_at = now + backoff::delay_ms(self.unanswered - DOWN_AFTER + 1, jitter);
        }
    }

    /// The device says it is back online, or the portal answered another
    /// request: try everything due at once.
    pub fn up(&mut self) {
        *self = Link::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn one_lost_answer_keeps_the_link_up() {
        let mut l = Link::default();
        assert_eq!(l.slots(0, 0, 2), 2);
        l.record(false, 10, 0.5);
        assert!(!l.is_down());
        assert_eq!(l.slots(10, 1, 2), 1);
        l.record(true, 20, 0.5);
        l.record(false, 30, 0.5);
        assert!(!l.is_down(), "an answer in between resets the count");
    }

    #[test]
    fn with_no_network_one_probe_at_a_time_on_its_own_backoff() {
        let mut l = Link::default();
        l.record(false, 1_000, 0.99);
        l.record(false, 1_000, 0.99);
        assert!(l.is_down());
        let first = l.wake_at().unwrap();
        assert!((1_000..=1_000 + backoff::window_ms(1)).contains(&first), "{first}");
        assert_eq!(l.slots(first - 1, 0, 2), 0, "not before the probe time");
        assert_eq!(l.slots(first, 0, 2), 1, "one probe");
        assert_eq!(l.slots(first, 1, 2), 0, "and only one");
        l.record(false, first, 0.99);
        let second = l.wake_at().unwrap();
        assert!(second - first > backoff::window_ms(1) / 2, "the probes back off: {first} → {second}");
        // Any answer, even a refusal or a 503, means the portal is reachable.
        l.record(true, second, 0.5);
        assert_eq!(l.slots(second, 0, 2), 2);
        assert_eq!(l.wake_at(), None);
    }

    #[test]
    fn coming_back_online_lifts_the_wait() {
        let mut l = Link::default();
        for t in 0..5 {
            l.record(false, t, 0.9);
        }
        assert_eq!(l.slots(10, 0, 2), 0);
        l.up();
        assert_eq!(l.slots(10, 0, 2), 2);
    }

    proptest! {
        /// Whatever happens, the link never allows more than `parallel` uploads,
        /// never more than one while down, and never waits past the backoff cap.
        #[test]
        fn bounds(steps in proptest::collection::vec((any::<bool>(), 0.0f64..1.0), 0..60), busy in 0usize..4) {
            let mut l = Link::default();
            let mut now = 0i64;
            for (answered, jitter) in steps {
                l.record(answered, now, jitter);
                prop_assert!(l.slots(now, busy, 2) <= 2usize.saturating_sub(busy));
                if l.is_down() {
                    prop_assert!(l.slots(i64::MAX, busy, 2) <= 1);
                    prop_assert!(l.wake_at().unwrap() <= now + backoff::CAP_MS);
                }
                now += 1_000;
            }
        }
    }
}
