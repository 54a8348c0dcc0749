//! How long a delivered bundle stays on the device. On a shared tablet every
//! stored dossier is one more citizen's data at risk, and on a phone it is
//! space; once the portal has accepted a bundle the device needs only the
//! receipt. The copy is kept a few days (a citizen may ask for it again, the
//! team may need to show it) and then wiped, receipt kept.

use super::{Entry, State};

pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// When the local copy of `entry`'s bundle may be wiped: `days` days after
/// the portal accepted it. Never for a bundle that is not accepted (a refused
/// one is kept to be fixed and filed again; a waiting one must still be sent).
pub fn wipe_at(entry: &Entry, days: u32) -> Option<i64> {
    match entry.state {
        State::Accepted { .. } => entry.settled().map(|t| t + i64::from(days) * DAY_MS),
        _ => None,
    }
}

/// Ids of the bundles whose copy is due to be wiped at `now`.
pub fn due_for_wipe<'a>(entries: impl IntoIterator<Item = &'a Entry>, now: i64, days: u32) -> Vec<String> {
    entries.into_iter().filter(|e| wipe_at(e, days).is_some_and(|t| t <= now)).map(|e| e.id.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::{Outcome, Receipt};

    fn accepted_at(id: &str, t: i64) -> Entry {
        let mut e = Entry::new(id.into(), t - 10);
        e.start(t - 5).unwrap();
        e.finish(Outcome::Accepted(Receipt::example(id)), t, 0.5).unwrap();
        e
    }

    #[test]
    fn accepted_bundles_go_after_the_retention_others_never() {
        let t = 1_800_000_000_000;
        let a = accepted_at("a", t);
        assert_eq!(wipe_at(&a, 7), Some(t + 7 * DAY_MS));
        assert_eq!(due_for_wipe([&a], t + 7 * DAY_MS - 1, 7), Vec::<String>::new());
        assert_eq!(due_for_wipe([&a], t + 7 * DAY_MS, 7), vec!["a".to_owned()]);
        assert_eq!(due_for_wipe([&a], t, 0), vec!["a".to_owned()], "0 days: wiped at once");

        let mut refused = Entry::new("r".into(), t);
        refused.start(t).unwrap();
        refused.finish(Outcome::Rejected { code: "bad_data".into(), message: "x".into(), message_vi: None }, t, 0.5).unwrap();
        let mut waiting = Entry::new("w".into(), t);
        waiting.start(t).unwrap();
        waiting.finish(Outcome::Transient { reason: "network".into() }, t, 0.5).unwrap();
        let queued = Entry::new("q".into(), t);
        let far = t + 10_000 * DAY_MS;
        assert_eq!(due_for_wipe([&refused, &waiting, &queued], far, 7), Vec::<String>::new());
        assert_eq!(refused.settled(), Some(t));
        assert_eq!(waiting.settled(), None);
    }

    #[test]
    fn records_from_before_settled_at_use_the_last_attempt() {
        let t = 1_800_000_000_000;
        let mut a = accepted_at("a", t);
        a.settled_at = None;
        assert_eq!(a.settled(), Some(t - 5));
    }
}
