//! The outbox: sealed bundles waiting to reach the portal, and the rules that
//! deliver each exactly once however bad the network is. Pure: the clock
//! ("now", Unix ms) and the randomness of the backoff are passed in.
//!
//! Delivery is exactly-once because the bundle id is the idempotency key: a
//! retry after a lost response gets the same receipt from the portal, never a
//! second case. So the outbox may always retry; it never has to guess.

mod answer;
pub mod backoff;
mod link;
mod entry;
pub mod retention;
mod schedule;

pub use answer::{classify, refuse_oversize};
pub use link::Link;
pub use entry::{Entry, OutboxError, Outcome, Receipt, State};
pub use schedule::{due, next_wakeup};
