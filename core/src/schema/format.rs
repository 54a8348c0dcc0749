//! The `format` keyword.
//!
//! The specification makes `format` an annotation by default (it never fails),
//! which is what interoperable tools expect. Tờ khai forms want it enforced, so a
//! [`FormatMode::Assert`] context checks the formats the app relies on, and hands
//! every other format name to an injected [`FormatChecker`] (the Vietnamese
//! formats such as `cccd` live outside this module).

use super::messages;
use crate::date::Date;
use crate::i18n::Text;

/// Whether `format` is enforced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FormatMode {
    /// The specification's default: `format` never fails.
    #[default]
    Annotate,
    /// `format` is checked: built-in formats here, others by the injected checker.
    Assert,
}

/// Checks formats the validator does not know itself.
///
/// Returns `None` for a format name it does not know either (the value then
/// passes), `Some(Ok(()))` if the value is fine, `Some(Err(message))` if not.
/// Any `Fn(&str, &str, Option<Date>) -> Option<Result<(), Text>>` closure is a checker.
pub trait FormatChecker {
    /// `format` is the keyword's value, `value` the string being checked, `today`
    /// the context's date (for formats such as "not in the future").
    fn check(&self, format: &str, value: &str, today: Option<Date>) -> Option<Result<(), Text>>;
}

impl<F> FormatChecker for F
where
    F: Fn(&str, &str, Option<Date>) -> Option<Result<(), Text>>,
{
    fn check(&self, format: &str, value: &str, today: Option<Date>) -> Option<Result<(), Text>> {
        self(format, value, today)
    }
}

/// The formats checked by the validator itself in assert mode.
pub const BUILTIN_FORMATS: &[&str] = &["date", "past-date", "email", "uuid"];

/// Checks `value` against `format` in `mode`. Built-in formats take precedence
/// over the injected checker; unknown formats pass.
pub(crate) fn check(
    format: &str,
    value: &str,
    mode: FormatMode,
    today: Option<Date>,
    checker: Option<&dyn FormatChecker>,
) -> Result<(), Text> {
    if mode == FormatMode::Annotate {
        return Ok(());
    }
    match format {
        "date" => Date::parse_iso(value)
            .map(|_| ())
            .ok_or_else(messages::invalid_date),
        "past-date" => match Date::parse_iso(value) {
            None => Err(messages::invalid_date()),
            Some(d) if today.is_some_and(|t| d > t) => Err(messages::future_date()),
            Some(_) => Ok(()),
        },
        "email" if is_email(value) => Ok(()),
        "email" => Err(messages::invalid_email()),
        "uuid" if is_uuid(value) => Ok(()),
        "uuid" => Err(messages::invalid_uuid()),
        other => checker
            .and_then(|c| c.check(other, value, today))
            .unwrap_or(Ok(())),
    }
}

/// A practical address check (`local@domain.tld`, ASCII), not the full RFC 5321
/// grammar: quoted local parts and IP-literal domains are refused, as no
/// citizen's mailbox needs them and they are usually typing mistakes.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let local_ok = (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b));
    local_ok && is_domain(domain)
}

fn is_domain(d: &str) -> bool {
    let labels: Vec<&str> = d.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let tld = labels.last().copied().unwrap_or("");
    d.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(label_ok)
        && tld.len() >= 2
        && !tld.bytes().all(|b| b.is_ascii_digit())
}

/// `8-4-4-4-12` hexadecimal digits (RFC 9562 string form, any version).
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert(format: &str, value: &str, today: Option<Date>) -> Result<(), Text> {
        check(format, value, FormatMode::Assert, today, None)
    }

    #[test]
    fn annotate_never_fails() {
        for (f, v) in [
            ("date", "nope"),
            ("email", "nope"),
            ("uuid", "nope"),
            ("cccd", "x"),
        ] {
            assert_eq!(check(f, v, FormatMode::Annotate, None, None), Ok(()));
        }
    }

    #[test]
    fn dates() {
        assert!(assert("date", "2024-02-29", None).is_ok());
        assert_eq!(
            assert("date", "2023-02-29", None),
            Err(messages::invalid_date())
        );
        assert_eq!(
            assert("date", "29/02/2024", None),
            Err(messages::invalid_date())
        );
        let today = Date::new(2026, 1, 15);
        assert!(assert("past-date", "2026-01-15", today).is_ok());
        assert!(assert("past-date", "1990-07-05", today).is_ok());
        assert_eq!(
            assert("past-date", "2026-01-16", today),
            Err(messages::future_date())
        );
        assert!(assert("past-date", "2099-01-01", None).is_ok());
        assert_eq!(
            assert("past-date", "2026-1-1", today),
            Err(messages::invalid_date())
        );
    }

    #[test]
    fn emails() {
        for ok in [
            "nguyen.van.a@gmail.com",
            "a+b@dichvucong.gov.vn",
            "x@xn--p1ai.com",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@b.vn",
            "a@b",
            "a b@c.vn",
            ".a@b.vn",
            "a..b@c.vn",
            "a@-b.vn",
            "a@b.1",
            "a@b..vn",
            "a@@b.vn",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        assert_eq!(assert("email", "a@b", None), Err(messages::invalid_email()));
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("2EB8AA08-AA98-11EA-B4AA-73B441D16380"));
        assert!(is_uuid("00000000-0000-0000-0000-000000000000"));
        assert!(!is_uuid("2eb8aa08-aa98-11ea-b4aa-73b441d1638"));
        assert!(!is_uuid("2eb8aa08aa9811eab4aa73b441d16380"));
        assert!(!is_uuid("2eb8aa08-aa98-11ea-b4aa-73b441d1638g"));
        assert_eq!(assert("uuid", "x", None), Err(messages::invalid_uuid()));
    }

    #[test]
    fn unknown_formats_go_to_the_checker() {
        let checker = |format: &str, value: &str, _today: Option<Date>| match format {
            "cccd" => Some(if value.len() == 12 {
                Ok(())
            } else {
                Err(Text::new("CCCD phải có 12 số", "must have 12 digits"))
            }),
            _ => None,
        };
        let run = |f: &str, v: &str| check(f, v, FormatMode::Assert, None, Some(&checker));
        assert!(run("cccd", "001234567890").is_ok());
        assert_eq!(run("cccd", "1").unwrap_err().en, "must have 12 digits");
        assert!(run("hostname", "!!!").is_ok());
        // Built-ins are not overridden.
        assert!(run("date", "x").is_err());
        assert!(check("cccd", "1", FormatMode::Annotate, None, Some(&checker)).is_ok());
    }
}
