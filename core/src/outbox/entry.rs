//! One bundle in the outbox and its state machine:
//!
//! ```text
//! queued ──start──▶ sending ──accepted──▶ accepted (receipt)      final
//!    ▲                 │    ──rejected──▶ rejected (reason)       final
//!    │                 └────transient───▶ waiting (until t) ─start─▶ sending …
//!    └──── recover (app restarted mid-send) / retry now (back online)
//! ```
//!
//! No transition removes an entry: nothing is ever deleted because of an
//! error. A rejected bundle stays, with the portal's reason, so the citizen
//! can copy it back into a new draft, fix it and file again.

use serde::{Deserialize, Serialize};

use super::backoff;

/// The portal's receipt for an accepted bundle (`201`/`200` body).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub bundle_id: String,
    /// Dossier code, e.g. `01.00004-261122-0001`.
    pub case_number: String,
    /// RFC 3339.
    pub received_at: String,
    /// ISO date.
    pub expected_result_date: String,
    /// Case status as last known: `received`, `processing`, `result_ready`.
    #[serde(default = "received")]
    pub status: String,
}

fn received() -> String {
    "received".into()
}

#[cfg(test)]
impl Receipt {
    /// A receipt as the portal gives one, for tests.
    pub(crate) fn example(bundle_id: &str) -> Receipt {
        Receipt {
            bundle_id: bundle_id.into(),
            case_number: "01.00004-261122-0001".into(),
            received_at: "2026-11-22T03:00:00.000Z".into(),
            expected_result_date: "2026-11-23".into(),
            status: "received".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum State {
    Queued,
    /// An upload is in flight (since Unix ms).
    Sending { since: i64 },
    /// The last attempt failed for a reason that may pass; next try at `until`.
    Waiting { until: i64 },
    Accepted { receipt: Receipt },
    /// The portal refused the bundle itself; retrying cannot help. `message`
    /// is the portal's English text; `message_vi`, its Vietnamese one, if given.
    Rejected {
        code: String,
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message_vi: Option<String>,
        at: i64,
    },
}

impl State {
    /// `accepted` and `rejected` are final.
    pub fn is_final(&self) -> bool {
        matches!(self, State::Accepted { .. } | State::Rejected { .. })
    }

    /// A short machine name (`queued`, `sending`, …), also the IndexedDB index value.
    pub fn name(&self) -> &'static str {
        match self {
            State::Queued => "queued",
            State::Sending { .. } => "sending",
            State::Waiting { .. } => "waiting",
            State::Accepted { .. } => "accepted",
            State::Rejected { .. } => "rejected",
        }
    }
}

/// What an attempt to deliver came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `201` (new case) or `200` (the same bundle again: same receipt).
    Accepted(Receipt),
    /// The portal's `4xx` about the bundle itself (bad signature, invalid data, `409`…).
    Rejected { code: String, message: String, message_vi: Option<String> },
    /// No answer, a timeout, a dropped connection, `5xx`, `408`, `429`.
    Transient { reason: String },
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OutboxError {
    #[error("bundle {0} is not due yet")]
    NotDue(String),
    #[error("bundle {0} is already final")]
    Final(String),
    #[error("bundle {0} is not being sent")]
    NotSending(String),
}

/// One sealed bundle in the outbox, with what the outbox page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// The bundle id (its idempotency key).
    pub id: String,
    pub state: State,
    /// Delivery attempts started so far.
    pub attempts: u32,
    /// Unix ms the bundle was queued.
    pub queued_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_attempt_at: Option<i64>,
    /// Why the last attempt failed, if it did (shown while waiting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Unix ms the portal's final answer (accepted or rejected) arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_at: Option<i64>,
}

impl Entry {
    pub fn new(id: String, now: i64) -> Entry {
        Entry { id, state: State::Queued, attempts: 0, queued_at: now, last_attempt_at: None, last_error: None, settled_at: None }
    }

    /// Whether an attempt should start now.
    pub fn is_due(&self, now: i64) -> bool {
        match self.state {
            State::Queued => true,
            State::Waiting { until } => until <= now,
            _ => false,
        }
    }

    /// When the next attempt is due (`None` while sending or when final).
    pub fn due_at(&self) -> Option<i64> {
        match self.state {
            State::Queued => Some(self.queued_at),
            State::Waiting { until } => Some(until),
            _ => None,
        }
    }

    /// Starts an attempt.
    pub fn start(&mut self, now: i64) -> Result<(), OutboxError> {
        if self.state.is_final() {
            return Err(OutboxError::Final(self.id.clone()));
        }
        if !self.is_due(now) {
            return Err(OutboxError::NotDue(self.id.clone()));
        }
        self.state = State::Sending { since: now };
        self.attempts += 1;
        self.last_attempt_at = Some(now);
        Ok(())
    }

    /// Records how the attempt ended; `jitter` ∈ [0, 1) draws the backoff.
    pub fn finish(&mut self, outcome: Outcome, now: i64, jitter: f64) -> Result<(), OutboxError> {
        if !matches!(self.state, State::Sending { .. }) {
            return Err(OutboxError::NotSending(self.id.clone()));
        }
        self.state = match outcome {
            Outcome::Accepted(receipt) => {
                self.last_error = None;
                self.settled_at = Some(now);
                State::Accepted { receipt }
            }
            Outcome::Rejected { code, message, message_vi } => {
                self.settled_at = Some(now);
                State::Rejected { code, message, message_vi, at: now }
            }
            Outcome::Transient { reason } => {
                self.last_error = Some(reason);
                State::Waiting { until: now + backoff::delay_ms(self.attempts, jitter) }
            }
        };
        Ok(())
    }

    /// After the app was closed mid-upload: the attempt's fate is unknown, so
    /// try again now (the portal answers a repeat with the same receipt).
    pub fn recover(&mut self, now: i64) {
        if let State::Sending { .. } = self.state {
            self.last_error = Some("interrupted".into());
            self.state = State::Waiting { until: now };
        }
    }

    /// The network came back: a waiting bundle is due at once.
    pub fn retry_now(&mut self, now: i64) {
        if let State::Waiting { until } = self.state {
            if until > now {
                self.state = State::Waiting { until: now };
            }
        }
    }

    /// When the portal's final answer arrived (records older than
    /// `settled_at` give the start of the last attempt); `None` until final.
    pub fn settled(&self) -> Option<i64> {
        match self.state {
            State::Accepted { .. } => Some(self.settled_at.or(self.last_attempt_at).unwrap_or(self.queued_at)),
            State::Rejected { at, .. } => Some(self.settled_at.unwrap_or(at)),
            _ => None,
        }
    }

    /// The case status reported by the portal later (received → processing → result_ready).
    pub fn update_status(&mut self, status: &str) {
        if let State::Accepted { receipt } = &mut self.state {
            receipt.status = status.to_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt() -> Receipt {
        Receipt::example("b")
    }

    #[test]
    fn happy_path() {
        let mut e = Entry::new("b".into(), 0);
        assert!(e.is_due(0));
        e.start(10).unwrap();
        assert_eq!(e.state, State::Sending { since: 10 });
        assert!(e.start(11).is_err(), "one attempt at a time");
        e.finish(Outcome::Accepted(receipt()), 20, 0.5).unwrap();
        assert!(e.state.is_final());
        assert_eq!(e.attempts, 1);
        assert!(e.start(30).is_err());
    }

    #[test]
    fn transient_failures_wait_and_retry() {
        let mut e = Entry::new("b".into(), 0);
        e.start(0).unwrap();
        e.finish(Outcome::Transient { reason: "HTTP 503".into() }, 1_000, 0.999).unwrap();
        let State::Waiting { until } = e.state else { panic!() };
        assert!(until > 1_000 && until <= 1_000 + backoff::window_ms(1));
        assert!(!e.is_due(1_000));
        assert_eq!(e.start(1_000), Err(OutboxError::NotDue("b".into())));
        e.retry_now(1_500);
        assert!(e.is_due(1_500));
        e.start(1_500).unwrap();
        assert_eq!(e.attempts, 2);
        assert_eq!(e.last_error.as_deref(), Some("HTTP 503"));
    }

    #[test]
    fn rejection_is_final_and_kept() {
        let mut e = Entry::new("b".into(), 0);
        e.start(0).unwrap();
        e.finish(Outcome::Rejected { code: "schema_invalid".into(), message: "bad CCCD".into(), message_vi: None }, 5, 0.0).unwrap();
        assert_eq!(e.state.name(), "rejected");
        e.retry_now(10);
        e.recover(10);
        assert_eq!(e.state.name(), "rejected");
    }

    #[test]
    fn a_restart_mid_send_retries_at_once() {
        let mut e = Entry::new("b".into(), 0);
        e.start(0).unwrap();
        e.recover(50);
        assert!(e.is_due(50));
    }

    #[test]
    fn serializes_with_a_state_tag() {
        let mut e = Entry::new("b".into(), 0);
        e.start(1).unwrap();
        e.finish(Outcome::Accepted(receipt()), 2, 0.0).unwrap();
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["state"]["state"], "accepted");
        assert_eq!(v["state"]["receipt"]["caseNumber"], "01.00004-261122-0001");
        assert_eq!(serde_json::from_value::<Entry>(v).unwrap(), e);
    }
}
