//! Calendar dates. Citizens see and type `dd/mm/yyyy`; everything stored or sent
//! is ISO 8601 `yyyy-mm-dd`. "Today" is always passed in, never read from a clock,
//! so rules that depend on it stay pure and testable.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date, if it exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses ISO 8601 `yyyy-mm-dd` (exactly that shape, as JSON Schema's `date` format).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::new(digits(&b[0..4])? as i32, digits(&b[5..7])? as u8, digits(&b[8..10])? as u8)
    }

    /// Parses what a citizen types: `dd/mm/yyyy`, also accepting `d/m/yyyy`,
    /// `-` or `.` as separators (all common on paper forms), and `ddmmyyyy`
    /// (phone number pads have no `/`).
    pub fn parse_vn(s: &str) -> Option<Date> {
        let s = s.trim();
        if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            let b = s.as_bytes();
            return Date::new(digits(&b[4..8])? as i32, digits(&b[2..4])? as u8, digits(&b[0..2])? as u8);
        }
        let mut parts = s.split(['/', '-', '.']);
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 || y.len() != 4 {
            return None;
        }
        Date::new(digits(y.as_bytes())? as i32, digits(m.as_bytes())? as u8, digits(d.as_bytes())? as u8)
    }

    /// `dd/mm/yyyy`, as shown to citizens.
    pub fn to_vn(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The UTC calendar date of a Unix time in milliseconds.
    pub fn from_unix_millis(ms: i64) -> Date {
        Date::from_days_since_epoch(ms.div_euclid(86_400_000))
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        ((self.days_since_epoch() + 3).rem_euclid(7)) as u8
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + n)
    }

    /// The date `n` working days (Monday–Friday) after this one: how Vietnamese
    /// procedures count their processing time. Public holidays are not modelled.
    pub fn add_working_days(self, n: u32) -> Date {
        let mut d = self;
        let mut left = n;
        while left > 0 {
            d = d.add_days(1);
            if d.weekday() < 5 {
                left -= 1;
            }
        }
        d
    }
}

impl fmt::Display for Date {
    /// ISO 8601.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn is_leap_year(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip_and_rejects_impossible_dates() {
        let d = Date::parse_iso("2024-02-29").unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        assert_eq!(Date::parse_iso("2023-02-29"), None);
        assert_eq!(Date::parse_iso("2024-13-01"), None);
        assert_eq!(Date::parse_iso("2024-1-01"), None);
        assert_eq!(Date::parse_iso("2024-01-01T00:00"), None);
    }

    #[test]
    fn vietnamese_input_forms() {
        let d = Date::new(1990, 7, 5).unwrap();
        assert_eq!(Date::parse_vn("05/07/1990"), Some(d));
        assert_eq!(Date::parse_vn("5/7/1990"), Some(d));
        assert_eq!(Date::parse_vn(" 05-07-1990 "), Some(d));
        assert_eq!(Date::parse_vn("05.07.1990"), Some(d));
        assert_eq!(Date::parse_vn("05071990"), Some(d));
        assert_eq!(Date::parse_vn("31041990"), None);
        assert_eq!(Date::parse_vn("1990/07/05"), None);
        assert_eq!(Date::parse_vn("31/04/1990"), None);
        assert_eq!(d.to_vn(), "05/07/1990");
    }

    #[test]
    fn epoch_days_round_trip() {
        for days in [-800_000i64, -1, 0, 1, 19_000, 20_000, 2_932_896] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
    }

    #[test]
    fn weekdays_and_working_days() {
        let fri = Date::new(2026, 11, 20).unwrap();
        assert_eq!(fri.weekday(), 4);
        assert_eq!(fri.add_working_days(1), Date::new(2026, 11, 23).unwrap());
        assert_eq!(fri.add_working_days(5), Date::new(2026, 11, 27).unwrap());
        assert_eq!(fri.add_working_days(0), fri);
        let sat = Date::new(2026, 11, 21).unwrap();
        assert_eq!(sat.add_working_days(1), Date::new(2026, 11, 23).unwrap());
    }
}
