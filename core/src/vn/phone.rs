//! Vietnamese phone numbers: mobile and landline (fixed line).
//!
//! The number ranges follow libphonenumber's metadata for territory VN
//! (`resources/PhoneNumberMetadata.xml`, country code 84, national prefix 0),
//! as published in 2024–2025. Its national significant number patterns, which
//! the matchers below implement digit by digit without a regex engine:
//!
//! - mobile, 9 digits: `(?:5(?:2[238]|59)|89[6-9]|99[013-9])\d{6}|(?:3\d|5[1689]|7[06-9]|8[1-8]|9[0-8])\d{7}`
//! - fixed line, 10 digits: `2(?:0[3-9]|1[0-689]|2[0-25-9]|[38][2-9]|4[2-8]|5[124-9]|6[0-39]|7[0-7]|9[0-4679])\d{7}`
//!
//! So in national form (with the leading 0) a mobile number has 10 digits
//! (03x, 05x, 07x, 08x, 09x) and a landline 11: 0, the area code 2xx (024 Hà Nội,
//! 028 TP. Hồ Chí Minh, 0236 Đà Nẵng …) and 7 more digits. Other services
//! (1800/1900 numbers, short codes) are not personal numbers and are refused.

use crate::i18n::Text;
use crate::text;

/// What kind of line a number is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PhoneKind {
    Mobile,
    Landline,
}

/// A valid Vietnamese phone number.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone {
    /// National form: `0` and 9 (mobile) or 10 (landline) digits, no separators.
    pub national: String,
    pub kind: PhoneKind,
}

impl Phone {
    /// E.164 form, e.g. `+84912345678`.
    pub fn e164(&self) -> String {
        format!("+84{}", &self.national[1..])
    }
}

/// Why a phone number is not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("empty phone number")]
    Empty,
    #[error("a phone number contains only digits, spaces, dots, dashes and a leading +")]
    InvalidCharacter,
    #[error("only Vietnamese numbers (+84) are accepted")]
    NotVietnamese,
    #[error("the number must start with 0 or +84")]
    MissingPrefix,
    #[error("a mobile number has 10 digits")]
    MobileLength,
    #[error("a landline number has 11 digits")]
    LandlineLength,
    #[error("{0} is not a Vietnamese phone prefix in use")]
    UnknownPrefix(String),
}

impl PhoneError {
    /// The message for the citizen.
    pub fn message(&self) -> Text {
        match self {
            PhoneError::Empty => Text::new("Chưa nhập số điện thoại", "The phone number is empty"),
            PhoneError::InvalidCharacter => Text::new(
                "Số điện thoại chỉ gồm chữ số (có thể có dấu cách, dấu chấm, gạch ngang, dấu + ở đầu)",
                "A phone number has only digits (spaces, dots, dashes and a leading + are allowed)",
            ),
            PhoneError::NotVietnamese => {
                Text::new("Chỉ nhận số điện thoại Việt Nam (+84)", "Only Vietnamese phone numbers (+84) are accepted")
            }
            PhoneError::MissingPrefix => {
                Text::new("Số điện thoại phải bắt đầu bằng 0 hoặc +84", "The phone number must start with 0 or +84")
            }
            PhoneError::MobileLength => {
                Text::new("Số điện thoại di động phải gồm 10 chữ số", "A mobile number must have 10 digits")
            }
            PhoneError::LandlineLength => {
                Text::new("Số điện thoại cố định phải gồm 11 chữ số", "A landline number must have 11 digits")
            }
            PhoneError::UnknownPrefix(prefix) => text!(
                "Đầu số {prefix} không phải đầu số điện thoại Việt Nam đang dùng",
                "{prefix} is not a Vietnamese phone prefix in use"
            ),
        }
    }
}

/// Parses a phone number as people write it: `0912 345 678`, `0912.345.678`,
/// `+84 912-345-678`, `84912345678`, `(024) 3825 1234`, `+84 (0) 24 3825 1234`,
/// `0084 912 345 678`.
pub fn parse(s: &str) -> Result<Phone, PhoneError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(PhoneError::Empty);
    }
    let (plus, rest) = match s.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '(' | ')' | '\u{a0}' => {}
            _ => return Err(PhoneError::InvalidCharacter),
        }
    }
    if digits.is_empty() {
        return Err(PhoneError::Empty);
    }

    // The national significant number: without the country code or the leading 0.
    let nsn = if plus {
        digits.strip_prefix("84").ok_or(PhoneError::NotVietnamese)?
    } else if let Some(international) = digits.strip_prefix("00") {
        international.strip_prefix("84").ok_or(PhoneError::NotVietnamese)?
    } else if let Some(national) = digits.strip_prefix('0') {
        national
    } else if digits.starts_with("84") && (11..=12).contains(&digits.len()) {
        &digits[2..]
    } else {
        return Err(PhoneError::MissingPrefix);
    };
    // "+84 (0) 912 …": a national prefix after the country code is tolerated.
    let nsn = match nsn.strip_prefix('0') {
        Some(n) if plus || digits.starts_with("00") || digits.starts_with("84") => n,
        _ => nsn,
    };

    let b = nsn.as_bytes();
    let kind = match b.first() {
        Some(b'2') => PhoneKind::Landline,
        _ => PhoneKind::Mobile,
    };
    match (kind, b.len()) {
        (PhoneKind::Mobile, 9) if is_mobile(b) => {}
        (PhoneKind::Landline, 10) if is_landline(b) => {}
        (PhoneKind::Mobile, 9) | (PhoneKind::Landline, 10) => {
            let shown = if kind == PhoneKind::Landline { 3 } else { 2 };
            return Err(PhoneError::UnknownPrefix(format!("0{}", &nsn[..shown])));
        }
        (PhoneKind::Mobile, _) => return Err(PhoneError::MobileLength),
        (PhoneKind::Landline, _) => return Err(PhoneError::LandlineLength),
    }
    Ok(Phone { national: format!("0{nsn}"), kind })
}

/// The national form `0xxxxxxxxx` (10 digits mobile, 11 landline).
pub fn normalize(s: &str) -> Result<String, PhoneError> {
    parse(s).map(|p| p.national)
}

/// The E.164 form `+84xxxxxxxxx`.
pub fn to_e164(s: &str) -> Result<String, PhoneError> {
    parse(s).map(|p| p.e164())
}

/// Mobile national significant number (9 digits), per the pattern in the module docs.
fn is_mobile(b: &[u8]) -> bool {
    match (b[0], b[1], b[2]) {
        (b'3', _, _) => true,
        (b'5', b'1' | b'6' | b'8' | b'9', _) => true,
        (b'5', b'2', c) => matches!(c, b'2' | b'3' | b'8'),
        (b'5', b'5', c) => c == b'9',
        (b'7', b'0' | b'6'..=b'9', _) => true,
        (b'8', b'1'..=b'8', _) => true,
        (b'8', b'9', c) => matches!(c, b'6'..=b'9'),
        (b'9', b'0'..=b'8', _) => true,
        (b'9', b'9', c) => matches!(c, b'0' | b'1' | b'3'..=b'9'),
        _ => false,
    }
}

/// Allowed third digits of a fixed-line number `2XY…`, indexed by its second digit X.
const LANDLINE_AREAS: [&[u8]; 10] = [
    b"3456789",   // 20[3-9]
    b"012345689", // 21[0-689]
    b"01256789",  // 22[0-25-9]
    b"23456789",  // 23[2-9]
    b"2345678",   // 24[2-8]
    b"12456789",  // 25[124-9]
    b"01239",     // 26[0-39]
    b"01234567",  // 27[0-7]
    b"23456789",  // 28[2-9]
    b"01234679",  // 29[0-4679]
];

/// Fixed-line national significant number (10 digits, starting with 2).
fn is_landline(b: &[u8]) -> bool {
    b[0] == b'2' && b[1].is_ascii_digit() && LANDLINE_AREAS[usize::from(b[1] - b'0')].contains(&b[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers_in_every_common_shape() {
        for s in [
            "0912345678",
            "0912 345 678",
            "0912.345.678",
            "0912-345-678",
            "+84 912 345 678",
            "+84912345678",
            "84912345678",
            "0084 912 345 678",
            "+84 (0) 912 345 678",
            " 091 234 5678 ",
        ] {
            assert_eq!(normalize(s).as_deref(), Ok("0912345678"), "{s:?}");
        }
        assert_eq!(to_e164("0912 345 678").as_deref(), Ok("+84912345678"));
        assert_eq!(parse("0912345678").unwrap().kind, PhoneKind::Mobile);
        for s in [
            "0321234567",
            "0389999999",
            "0562345678",
            "0587654321",
            "0592345678",
            "0523456789",
            "0559123456",
            "0701234567",
            "0761234567",
            "0791234567",
            "0812345678",
            "0888888888",
            "0896123456",
            "0901234567",
            "0981234567",
            "0991234567",
            "0931234567",
        ] {
            assert!(parse(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn landlines() {
        assert_eq!(normalize("024 3825 1234").as_deref(), Ok("02438251234"));
        assert_eq!(normalize("(028) 3829 1234").as_deref(), Ok("02838291234"));
        assert_eq!(normalize("+84 236 3821 234").as_deref(), Ok("02363821234"));
        assert_eq!(to_e164("024 3825 1234").as_deref(), Ok("+842438251234"));
        assert_eq!(parse("02438251234").unwrap().kind, PhoneKind::Landline);
        for s in ["02033123456", "02103123456", "02963123456", "02993123456", "02773123456"] {
            assert!(parse(s).is_ok(), "{s}");
        }
        for s in [
            "02023123456",
            "02173123456",
            "02233123456",
            "02413123456",
            "02533123456",
            "02643123456",
            "02783123456",
            "02953123456",
            "02983123456",
        ] {
            assert!(matches!(parse(s), Err(PhoneError::UnknownPrefix(_))), "{s}");
        }
    }

    #[test]
    fn invalid_prefixes_and_lengths() {
        assert_eq!(parse("0112345678"), Err(PhoneError::UnknownPrefix("011".into())));
        assert_eq!(parse("0412345678"), Err(PhoneError::UnknownPrefix("041".into())));
        assert_eq!(parse("0612345678"), Err(PhoneError::UnknownPrefix("061".into())));
        assert_eq!(parse("0552345678"), Err(PhoneError::UnknownPrefix("055".into())));
        assert_eq!(parse("0892345678"), Err(PhoneError::UnknownPrefix("089".into())));
        assert_eq!(parse("0992345678"), Err(PhoneError::UnknownPrefix("099".into())));
        assert_eq!(parse("1900123456"), Err(PhoneError::MissingPrefix));
        assert_eq!(parse("091234567"), Err(PhoneError::MobileLength));
        assert_eq!(parse("09123456789"), Err(PhoneError::MobileLength));
        assert_eq!(parse("0243825123"), Err(PhoneError::LandlineLength));
        assert_eq!(parse("912345678"), Err(PhoneError::MissingPrefix));
        assert_eq!(parse("+1 202 555 0100"), Err(PhoneError::NotVietnamese));
        assert_eq!(parse("0912x45678"), Err(PhoneError::InvalidCharacter));
        assert_eq!(parse("  "), Err(PhoneError::Empty));
        assert_eq!(parse("+"), Err(PhoneError::Empty));
        assert_eq!(
            parse("0112345678").unwrap_err().message().vi,
            "Đầu số 011 không phải đầu số điện thoại Việt Nam đang dùng"
        );
    }
}
