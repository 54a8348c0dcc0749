//! Property tests of the outbox state machine: whatever happens — failures,
//! rejections, restarts, the network flapping — no bundle is ever lost,
//! accepted and rejected are final, waits stay within the backoff bounds,
//! and every bundle that keeps being retried is eventually delivered.

use proptest::prelude::*;
use tokhai_core::outbox::{backoff, due, next_wakeup, Entry, Outcome, Receipt, State};

#[derive(Clone, Debug)]
enum Event {
    /// Time passes.
    Tick(i64),
    /// The sender starts every due bundle; each attempt ends with `kind`.
    Deliver { kind: u8, jitter: f64 },
    /// The app restarts (in-flight attempts are interrupted).
    Restart,
    /// The network comes back.
    Online,
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        (1i64..400_000).prop_map(Event::Tick),
        (0u8..10, 0.0f64..1.0).prop_map(|(kind, jitter)| Event::Deliver { kind, jitter }),
        Just(Event::Restart),
        Just(Event::Online),
    ]
}

fn receipt(id: &str) -> Receipt {
    Receipt {
        bundle_id: id.into(),
        case_number: format!("01.00004-261122-{id}"),
        received_at: "2026-11-22T03:00:00.000Z".into(),
        expected_result_date: "2026-11-23".into(),
        status: "received".into(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn no_bundle_is_ever_lost_and_finals_stay_final(n in 1usize..8, events in proptest::collection::vec(event(), 1..200)) {
        let mut now = 0i64;
        let mut entries: Vec<Entry> = (0..n).map(|i| Entry::new(format!("{i}"), now)).collect();
        let ids: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
        for ev in events {
            let before: Vec<State> = entries.iter().map(|e| e.state.clone()).collect();
            match ev {
                Event::Tick(ms) => now += ms,
                Event::Deliver { kind, jitter } => {
                    for id in due(&entries, now) {
                        let e = entries.iter_mut().find(|e| e.id == id).unwrap();
                        e.start(now).unwrap();
                        let outcome = match kind {
                            0..=3 => Outcome::Transient { reason: "dropped".into() },
                            4 => Outcome::Rejected { code: "schema_invalid".into(), message: "x".into(), message_vi: None },
                            _ => Outcome::Accepted(receipt(&id)),
                        };
                        let attempts = e.attempts;
                        e.finish(outcome, now, jitter).unwrap();
                        if let State::Waiting { until } = e.state {
                            prop_assert!(until >= now && until - now <= backoff::window_ms(attempts));
                            prop_assert!(until - now <= backoff::CAP_MS);
                        }
                    }
                }
                Event::Restart => entries.iter_mut().for_each(|e| e.recover(now)),
                Event::Online => entries.iter_mut().for_each(|e| e.retry_now(now)),
            }
            // Nothing disappears, and nothing final ever changes.
            prop_assert_eq!(entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>(), ids.clone());
            for (b, e) in before.iter().zip(&entries) {
                if b.is_final() {
                    prop_assert_eq!(b, &e.state);
                }
            }
            // A timer is always set while something waits.
            if entries.iter().any(|e| matches!(e.state, State::Waiting { until } if until > now)) {
                prop_assert!(next_wakeup(&entries, now).is_some());
            }
        }
    }

    /// With a network that drops at most k attempts in a row, a bundle is
    /// delivered, and the total wait is bounded by the backoff windows.
    #[test]
    fn persistent_retrying_delivers(failures in 0u32..40, jitters in proptest::collection::vec(0.0f64..1.0, 40)) {
        let mut e = Entry::new("b".into(), 0);
        let mut now = 0i64;
        let mut waited = 0i64;
        for attempt in 0..=failures {
            prop_assert!(e.is_due(now));
            e.start(now).unwrap();
            if attempt < failures {
                e.finish(Outcome::Transient { reason: "503".into() }, now, jitters[attempt as usize]).unwrap();
                let next = e.due_at().unwrap();
                waited += next - now;
                now = next;
            } else {
                e.finish(Outcome::Accepted(receipt("b")), now, 0.0).unwrap();
            }
        }
        prop_assert_eq!(e.state.name(), "accepted");
        prop_assert_eq!(e.attempts, failures + 1);
        let bound: i64 = (1..=failures).map(backoff::window_ms).sum();
        prop_assert!(waited <= bound);
    }
}
