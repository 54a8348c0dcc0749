//! The team dashboard's figures: for each operator, how many dossiers are
//! being filled, filed, waiting to be sent, sent, accepted and refused —
//! today (Vietnam time) and since the device was set up. Pure: the app reads
//! what is in IndexedDB, the clock is passed in.

use std::collections::BTreeMap;

use crate::outbox::{Entry, State};
use crate::time::Instant;

/// One thing on the device, as the dashboard sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    /// A draft, last changed at `updated_at` (Unix ms).
    Draft { operator: Option<String>, updated_at: i64 },
    /// A sealed bundle and its delivery state.
    Bundle { operator: Option<String>, sealed_at: i64, entry: Box<Entry> },
}

/// Counts of one operator (or of everyone) over one period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Drafts (changed in the period).
    pub drafts: usize,
    /// Bundles sealed in the period, whatever became of them.
    pub filed: usize,
    /// Sealed, not yet answered by the portal (queued, sending, waiting):
    /// those sealed in the period.
    pub queued: usize,
    /// Answered by the portal in the period: `accepted + rejected`.
    pub sent: usize,
    pub accepted: usize,
    pub rejected: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.drafts += o.drafts;
        self.filed += o.filed;
        self.queued += o.queued;
        self.sent += o.sent;
        self.accepted += o.accepted;
        self.rejected += o.rejected;
    }
}

/// One line of the dashboard.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// `None`: work nobody's name is on (filed before operator mode, or imported without an operator block).
    pub operator: Option<String>,
    pub today: Counts,
    pub all: Counts,
}

/// The dashboard: a row per operator (by name; unnamed work last) and the totals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub rows: Vec<Row>,
    pub total: Row,
}

/// Counts `facts` at `now`; "today" is the calendar day in Vietnam.
pub fn tally(facts: &[Fact], now: Instant) -> Tally {
    let today = now.vietnam_date();
    let is_today = |ms: i64| Instant(ms).vietnam_date() == today;
    let mut rows: BTreeMap<(bool, String), Row> = BTreeMap::new();
    for fact in facts {
        let operator = match fact {
            Fact::Draft { operator, .. } | Fact::Bundle { operator, .. } => {
                operator.as_deref().map(str::trim).filter(|s| !s.is_empty())
            }
        };
        let row = rows.entry((operator.is_none(), operator.unwrap_or_default().to_owned())).or_insert_with(|| Row {
            operator: operator.map(str::to_owned),
            ..Row::default()
        });
        match fact {
            Fact::Draft { updated_at, .. } => {
                let one = Counts { drafts: 1, ..Counts::default() };
                row.all.add(&one);
                if is_today(*updated_at) {
                    row.today.add(&one);
                }
            }
            Fact::Bundle { sealed_at, entry, .. } => {
                let (queued, accepted, rejected) = match entry.state {
                    State::Queued | State::Sending { .. } | State::Waiting { .. } => (1, 0, 0),
                    State::Accepted { .. } => (0, 1, 0),
                    State::Rejected { .. } => (0, 0, 1),
                };
                let one = Counts { drafts: 0, filed: 1, queued, sent: accepted + rejected, accepted, rejected };
                row.all.add(&one);
                // Filed and waiting count on the day of sealing; answers on the day they came.
                let sealed = usize::from(is_today(*sealed_at));
                let settled = usize::from(entry.settled().is_some_and(is_today));
                row.today.add(&Counts {
                    drafts: 0,
                    filed: sealed,
                    queued: queued * sealed,
                    sent: one.sent * settled,
                    accepted: accepted * settled,
                    rejected: rejected * settled,
                });
            }
        }
    }
    let rows: Vec<Row> = rows.into_values().collect();
    let mut total = Row::default();
    for r in &rows {
        total.today.add(&r.today);
        total.all.add(&r.all);
    }
    Tally { rows, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::{Outcome, Receipt};

    /// 2026-11-22 10:00 in Vietnam (03:00 UTC).
    const NOW: i64 = 1_795_316_400_000;
    const HOUR: i64 = 3_600_000;

    fn bundle(op: Option<&str>, sealed_at: i64, outcome: Option<(Outcome, i64)>) -> Fact {
        let mut entry = Entry::new(format!("{sealed_at}"), sealed_at);
        if let Some((o, at)) = outcome {
            entry.start(at).unwrap();
            entry.finish(o, at, 0.5).unwrap();
        }
        Fact::Bundle { operator: op.map(str::to_owned), sealed_at, entry: Box::new(entry) }
    }

    fn draft(op: Option<&str>, at: i64) -> Fact {
        Fact::Draft { operator: op.map(str::to_owned), updated_at: at }
    }

    #[test]
    fn now_is_the_morning_of_the_22nd_in_vietnam() {
        assert_eq!(Instant(NOW).vietnam_date().to_vn(), "22/11/2026");
        assert_eq!(Instant(NOW - 10 * HOUR - 1).vietnam_date().to_vn(), "21/11/2026");
        assert_eq!(Instant(NOW - 10 * HOUR).vietnam_date().to_vn(), "22/11/2026");
    }

    #[test]
    fn per_operator_today_and_all_time() {
        let yesterday = NOW - 11 * HOUR;
        let accepted = || Outcome::Accepted(Receipt::example("b"));
        let refused = || Outcome::Rejected { code: "bad_data".into(), message: "x".into(), message_vi: None };
        let waiting = || Outcome::Transient { reason: "network".into() };
        let facts = vec![
            draft(Some("Lò Thị Mai"), NOW - HOUR),
            draft(Some("Lò Thị Mai"), yesterday),
            draft(Some("Vũ Đức Hải"), NOW),
            draft(None, NOW),
            // Sealed yesterday, accepted this morning: filed yesterday, sent today.
            bundle(Some("Lò Thị Mai"), yesterday, Some((accepted(), NOW - HOUR))),
            // Sealed and refused yesterday.
            bundle(Some("Lò Thị Mai"), yesterday, Some((refused(), yesterday + 1))),
            // Sealed today, still waiting / queued.
            bundle(Some("Vũ Đức Hải"), NOW - 2 * HOUR, Some((waiting(), NOW - HOUR))),
            bundle(Some("  Vũ Đức Hải "), NOW - HOUR, None),
            bundle(Some("Vũ Đức Hải"), NOW - HOUR, Some((accepted(), NOW))),
        ];
        let t = tally(&facts, Instant(NOW));
        let names: Vec<_> = t.rows.iter().map(|r| r.operator.clone()).collect();
        assert_eq!(names, [Some("Lò Thị Mai".to_owned()), Some("Vũ Đức Hải".to_owned()), None]);

        let mai = &t.rows[0];
        assert_eq!(mai.all, Counts { drafts: 2, filed: 2, queued: 0, sent: 2, accepted: 1, rejected: 1 });
        assert_eq!(mai.today, Counts { drafts: 1, filed: 0, queued: 0, sent: 1, accepted: 1, rejected: 0 });
        let hai = &t.rows[1];
        assert_eq!(hai.all, Counts { drafts: 1, filed: 3, queued: 2, sent: 1, accepted: 1, rejected: 0 });
        assert_eq!(hai.today, hai.all);
        let nobody = &t.rows[2];
        assert_eq!(nobody.all, Counts { drafts: 1, ..Counts::default() });

        assert_eq!(t.total.all, Counts { drafts: 4, filed: 5, queued: 2, sent: 3, accepted: 2, rejected: 1 });
        assert_eq!(t.total.today, Counts { drafts: 3, filed: 3, queued: 2, sent: 2, accepted: 2, rejected: 0 });
        assert_eq!(t.total.operator, None);
    }

    #[test]
    fn an_empty_device() {
        let t = tally(&[], Instant(NOW));
        assert!(t.rows.is_empty());
        assert_eq!(t.total.all, Counts::default());
    }
}
