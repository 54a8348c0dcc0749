//! Instants. The core never reads a clock: callers pass "now" in, so every rule
//! that depends on time (backoff, retention, "not in the future") is testable.

use std::fmt;

use crate::date::Date;

/// Milliseconds since the Unix epoch, UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Instant(pub i64);

impl Instant {
    pub fn millis(self) -> i64 {
        self.0
    }

    pub fn date(self) -> Date {
        Date::from_unix_millis(self.0)
    }

    pub fn plus_millis(self, ms: i64) -> Instant {
        Instant(self.0.saturating_add(ms))
    }

    /// The calendar date in Vietnam (UTC+7, no daylight saving time).
    pub fn vietnam_date(self) -> Date {
        Date::from_unix_millis(self.0 + VIETNAM_OFFSET_MS)
    }

    /// Hours and minutes in Vietnam, for "Đã lưu lúc 10:42".
    pub fn vietnam_hh_mm(self) -> (u8, u8) {
        let ms = (self.0 + VIETNAM_OFFSET_MS).rem_euclid(86_400_000);
        ((ms / 3_600_000) as u8, ((ms / 60_000) % 60) as u8)
    }

    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-22T03:04:05.006Z`.
    pub fn to_rfc3339(self) -> String {
        self.to_string()
    }

    /// Parses RFC 3339 with a `Z` or `±hh:mm` offset and optional fraction.
    pub fn parse_rfc3339(s: &str) -> Option<Instant> {
        let b = s.as_bytes();
        if b.len() < 20 || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let date = Date::parse_iso(&s[..10])?;
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = s.get(r)?;
            part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
        };
        let (h, m, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if h > 23 || m > 59 || sec > 60 {
            return None;
        }
        let mut i = 19;
        let mut millis = 0i64;
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            i = start;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return None;
            }
            let frac = &s[start..i.min(start + 3)];
            millis = frac.parse::<i64>().ok()? * 10i64.pow(3 - frac.len() as u32);
        }
        let offset_min = match &s[i..] {
            "Z" | "z" => 0,
            rest if rest.len() == 6 && matches!(rest.as_bytes()[0], b'+' | b'-') && rest.as_bytes()[3] == b':' => {
                let oh = num(i + 1..i + 3)?;
                let om = num(i + 4..i + 6)?;
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                sign * (oh * 60 + om)
            }
            _ => return None,
        };
        let secs = date.days_since_epoch() * 86_400 + h * 3600 + m * 60 + sec.min(59) - offset_min * 60;
        Some(Instant(secs * 1000 + millis))
    }
}

/// Vietnam's time zone offset (Indochina Time, UTC+7).
pub const VIETNAM_OFFSET_MS: i64 = 7 * 3_600_000;

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.date();
        let ms = self.0.rem_euclid(86_400_000);
        write!(
            f,
            "{date}T{:02}:{:02}:{:02}.{:03}Z",
            ms / 3_600_000,
            (ms / 60_000) % 60,
            (ms / 1000) % 60,
            ms % 1000
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip() {
        for ms in [0i64, 1, 1_795_000_000_123, -86_400_001] {
            let t = Instant(ms);
            assert_eq!(Instant::parse_rfc3339(&t.to_rfc3339()), Some(t), "{t}");
        }
        assert_eq!(Instant(1_795_000_000_123).to_rfc3339(), "2026-11-18T11:06:40.123Z");
    }

    #[test]
    fn rfc3339_offsets_and_fractions() {
        let z = Instant::parse_rfc3339("2026-11-22T03:04:05Z").unwrap();
        assert_eq!(Instant::parse_rfc3339("2026-11-22T10:04:05+07:00"), Some(z));
        assert_eq!(Instant::parse_rfc3339("2026-11-22T03:04:05.5Z"), Some(z.plus_millis(500)));
        assert_eq!(Instant::parse_rfc3339("2026-11-22T03:04:05.123456Z"), Some(z.plus_millis(123)));
        assert_eq!(Instant::parse_rfc3339("2026-11-22 03:04:05Z"), None);
        assert_eq!(Instant::parse_rfc3339("2026-11-22T25:04:05Z"), None);
        assert_eq!(Instant::parse_rfc3339("2026-11-22T03:04:05"), None);
    }

    #[test]
    fn vietnam_local_time() {
        // 2026-11-22T17:30:00Z is 00:30 on the 23rd in Hà Nội.
        let t = Instant::parse_rfc3339("2026-11-22T17:30:00Z").unwrap();
        assert_eq!(t.vietnam_date(), Date::new(2026, 11, 23).unwrap());
        assert_eq!(t.vietnam_hh_mm(), (0, 30));
    }
}
