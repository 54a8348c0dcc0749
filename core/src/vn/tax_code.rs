//! Tax codes (mã số thuế).
//!
//! Three shapes are accepted:
//! - 10 digits `N1…N10`: an enterprise, organisation or (before July 2025)
//!   individual. `N1N2` is the issuing tax department's code, `N3…N9` a sequence
//!   number from 0000001, and `N10` a check digit;
//! - 10 digits, a dash, 3 digits: a dependent unit (branch, representative
//!   office) of the taxpayer whose code is the first 10 digits, numbered 001–999;
//! - 12 digits: the personal ID number ([`super::cccd`]), which has been the tax
//!   code of individuals and household businesses since 1 July 2025 (Law on Tax
//!   Administration 38/2019/QH14 as applied by Circular 86/2024/TT-BTC). Accepted
//!   only where the caller allows it, since an organisation cannot have one.
//!
//! The check digit: with the weights 31, 29, 23, 19, 17, 13, 7, 5, 3 on `N1…N9`
//! and `S` the weighted sum, `N10 = 10 − (S mod 11)`. Edge cases, handled explicitly:
//! - `S mod 11 = 0` gives 10, which is not a digit: no tax code is ever issued
//!   with such a first nine digits, so every number starting with them is invalid;
//! - `S mod 11 = 10` gives 0, an ordinary check digit;
//! - `N3…N9 = 0000000` is refused even if the check digit fits (sequences start at 1);
//! - branch number `000` is refused.
//!
//! Known real codes pass, e.g. Viettel `0100109106` (S = 114, 114 mod 11 = 4,
//! 10 − 4 = 6) and Vietcombank `0100112437` (S = 102, remainder 3, check 7).
//! A 13-digit number written without the dash is refused with a hint, so that
//! what is stored is the form the tax authority prints.

use crate::i18n::Text;

use super::cccd::{self, CccdError};

const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/// Which kind of tax code a valid value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TaxCodeKind {
    /// 10 digits.
    Main,
    /// 10 digits, dash, 3 digits.
    Branch,
    /// A 12-digit personal ID number used as an individual's tax code.
    PersonalId,
}

/// Why a tax code is not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TaxCodeError {
    #[error("a tax code has 10 digits, or 10 digits, a dash and 3 digits")]
    Shape { personal_id_allowed: bool },
    #[error("a branch tax code needs a dash before its last 3 digits")]
    MissingDash,
    #[error("a personal ID number is not accepted as a tax code here")]
    PersonalIdNotAllowed,
    #[error("the check digit does not match")]
    CheckDigit,
    #[error("the branch number must be 001 to 999")]
    BranchZero,
    #[error("invalid personal ID number: {0}")]
    PersonalId(CccdError),
}

impl TaxCodeError {
    /// The message for the citizen.
    pub fn message(&self) -> Text {
        match self {
            TaxCodeError::Shape { personal_id_allowed: false } => Text::new(
                "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số",
                "A tax code has 10 digits, or 10 digits, a dash and 3 digits",
            ),
            TaxCodeError::Shape { personal_id_allowed: true } => Text::new(
                "Mã số thuế gồm 10 chữ số (chi nhánh: thêm dấu gạch ngang và 3 chữ số), hoặc là số định danh cá nhân 12 chữ số",
                "A tax code has 10 digits (branches: a dash and 3 more digits), or is a 12-digit personal ID number",
            ),
            TaxCodeError::MissingDash => Text::new(
                "Mã số thuế chi nhánh cần dấu gạch ngang trước 3 chữ số cuối, ví dụ 0100109106-001",
                "A branch tax code needs a dash before its last 3 digits, e.g. 0100109106-001",
            ),
            TaxCodeError::PersonalIdNotAllowed => Text::new(
                "Ở đây cần mã số thuế 10 chữ số của tổ chức, không phải số định danh cá nhân",
                "An organisation's 10-digit tax code is needed here, not a personal ID number",
            ),
            TaxCodeError::CheckDigit => {
                Text::new("Mã số thuế không đúng, vui lòng kiểm tra lại", "This tax code is not valid; please check it")
            }
            TaxCodeError::BranchZero => Text::new(
                "3 chữ số cuối của mã số thuế chi nhánh phải từ 001 đến 999",
                "The last 3 digits of a branch tax code must be 001 to 999",
            ),
            TaxCodeError::PersonalId(e) => e.message(),
        }
    }
}

/// The check digit for the first nine digits, or `None` when no check digit
/// exists (the weighted sum is a multiple of 11). `first9` must be 9 ASCII digits.
pub fn check_digit(first9: &[u8]) -> Option<u8> {
    debug_assert!(first9.len() == 9 && first9.iter().all(u8::is_ascii_digit));
    let sum: u32 = first9.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    match 10 - sum % 11 {
        10 => None,
        c => Some(c as u8),
    }
}

/// Validates a tax code in one of the shapes of the module docs; 12-digit personal
/// ID numbers only when `allow_personal_id`.
pub fn validate(s: &str, allow_personal_id: bool) -> Result<TaxCodeKind, TaxCodeError> {
    let b = s.as_bytes();
    let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
    let shape = TaxCodeError::Shape { personal_id_allowed: allow_personal_id };
    match b.len() {
        10 if digits(b) => check_main(b).map(|()| TaxCodeKind::Main),
        14 if b[10] == b'-' && digits(&b[..10]) && digits(&b[11..]) => {
            check_main(&b[..10])?;
            if &b[11..] == b"000" {
                return Err(TaxCodeError::BranchZero);
            }
            Ok(TaxCodeKind::Branch)
        }
        13 if digits(b) => Err(TaxCodeError::MissingDash),
        12 if digits(b) => {
            if !allow_personal_id {
                return Err(TaxCodeError::PersonalIdNotAllowed);
            }
            cccd::parse(s).map(|_| TaxCodeKind::PersonalId).map_err(TaxCodeError::PersonalId)
        }
        _ => Err(shape),
    }
}

fn check_main(b: &[u8]) -> Result<(), TaxCodeError> {
    if b[2..9].iter().all(|&d| d == b'0') {
        return Err(TaxCodeError::CheckDigit);
    }
    match check_digit(&b[..9]) {
        Some(c) if c == b[9] - b'0' => Ok(()),
        _ => Err(TaxCodeError::CheckDigit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_codes_pass() {
        // Viettel, Vietcombank, FPT, and two examples of python-stdnum's documentation.
        for code in ["0100109106", "0100112437", "0101248141", "0100233488", "0314409058"] {
            assert_eq!(validate(code, false), Ok(TaxCodeKind::Main), "{code}");
        }
        assert_eq!(check_digit(b"010010910"), Some(6));
    }

    #[test]
    fn a_wrong_check_digit_fails() {
        for code in ["0100109107", "0100109100", "0100112430", "0314409059"] {
            assert_eq!(validate(code, true), Err(TaxCodeError::CheckDigit), "{code}");
        }
    }

    #[test]
    fn check_digit_edge_cases() {
        // Weighted sum 44 ≡ 0 (mod 11): 10 − 0 = 10 is no digit, so nothing starting
        // with these nine digits is valid.
        assert_eq!(check_digit(b"010000005"), None);
        for last in b'0'..=b'9' {
            let code = format!("010000005{}", last as char);
            assert_eq!(validate(&code, false), Err(TaxCodeError::CheckDigit), "{code}");
        }
        // Weighted sum 32 ≡ 10 (mod 11): the check digit is 0.
        assert_eq!(check_digit(b"010000001"), Some(0));
        assert_eq!(validate("0100000010", false), Ok(TaxCodeKind::Main));
        // An all-zero sequence number is refused even when the digit would fit.
        assert_eq!(check_digit(b"010000000"), Some(3));
        assert_eq!(validate("0100000003", false), Err(TaxCodeError::CheckDigit));
        // Every computed digit validates.
        for n in 1..2000u32 {
            let first9 = format!("03{n:07}");
            if let Some(c) = check_digit(first9.as_bytes()) {
                assert_eq!(validate(&format!("{first9}{c}"), false), Ok(TaxCodeKind::Main));
            }
        }
    }

    #[test]
    fn branches() {
        assert_eq!(validate("0100109106-001", false), Ok(TaxCodeKind::Branch));
        assert_eq!(validate("0314409058-002", false), Ok(TaxCodeKind::Branch));
        assert_eq!(validate("0100109106-000", false), Err(TaxCodeError::BranchZero));
        assert_eq!(validate("0100109107-001", false), Err(TaxCodeError::CheckDigit));
        assert_eq!(validate("0100109106001", false), Err(TaxCodeError::MissingDash));
        assert_eq!(validate("0100109106-01", false), Err(TaxCodeError::Shape { personal_id_allowed: false }));
        assert_eq!(validate("0100109106 001", false), Err(TaxCodeError::Shape { personal_id_allowed: false }));
    }

    #[test]
    fn personal_id_numbers() {
        assert_eq!(validate("001090012345", true), Ok(TaxCodeKind::PersonalId));
        assert_eq!(validate("001090012345", false), Err(TaxCodeError::PersonalIdNotAllowed));
        assert_eq!(validate("003090012345", true), Err(TaxCodeError::PersonalId(CccdError::UnknownProvince(3))));
    }

    #[test]
    fn shapes() {
        for s in ["", "123", "01001091", "010010910a", " 0100109106", "0100109106 ", "01.00.109.106"] {
            assert!(matches!(validate(s, true), Err(TaxCodeError::Shape { .. })), "{s:?}");
        }
        assert_eq!(
            validate("12", false).unwrap_err().message().vi,
            "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số"
        );
    }
}
