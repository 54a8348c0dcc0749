//! Which bundles to send now, and when to look again. Every due bundle is
//! sent on its own: one that keeps failing never holds the others back.

use super::Entry;

/// The ids of the entries due at `now`, oldest due first.
pub fn due(entries: &[Entry], now: i64) -> Vec<String> {
    let mut list: Vec<&Entry> = entries.iter().filter(|e| e.is_due(now)).collect();
    list.sort_by_key(|e| (e.due_at().unwrap_or(i64::MAX), e.queued_at));
    list.into_iter().map(|e| e.id.clone()).collect()
}

/// The earliest future time an entry becomes due (to set a timer), if any.
pub fn next_wakeup(entries: &[Entry], now: i64) -> Option<i64> {
    entries.iter().filter_map(Entry::due_at).filter(|&t| t > now).min()
}
