//! Vietnam-specific formats: personal ID numbers, phone numbers, tax codes and
//! administrative-unit codes, plus the address book of provinces and wards.
//!
//! [`check_format`] is the entry point for the JSON Schema `format` keyword: the
//! schema validator calls it for every format it does not know itself.

pub mod address;
pub mod cccd;
pub mod phone;
pub mod tax_code;

pub use address::{AddressBook, AddressError, Province, ProvinceKind, Ward, WardKind};
pub use cccd::{Cccd, CccdError, Sex};
pub use phone::{Phone, PhoneError, PhoneKind};
pub use tax_code::{TaxCodeError, TaxCodeKind};

use crate::date::Date;
use crate::i18n::Text;
use crate::text;

/// The formats [`check_format`] knows.
pub const FORMATS: [&str; 5] = ["cccd", "vn-phone", "vn-tax-code", "vn-province-code", "vn-ward-code"];

/// Checks `value` against the Vietnamese format `name`; `None` when the format is
/// not one of [`FORMATS`].
///
/// - `cccd`: a 12-digit personal ID number ([`cccd::validate`]); with `today`,
///   a birth year in the future is refused.
/// - `vn-phone`: a mobile or landline number in any common writing
///   ([`phone::parse`]); the app should store [`phone::normalize`]'s form.
/// - `vn-tax-code`: a tax code, 10 digits, branch `0123456789-001`, or a personal
///   ID number ([`tax_code::validate`] allowing personal IDs).
/// - `vn-province-code`: one of the 34 province codes ([`address::PROVINCE_CODES`]).
/// - `vn-ward-code`: 5 digits. Whether the ward exists, and lies in the chosen
///   province, needs the address book: see [`check_address`].
pub fn check_format(name: &str, value: &str, today: Option<Date>) -> Option<Result<(), Text>> {
    let result = match name {
        "cccd" => cccd::validate(value, today).map(drop).map_err(|e| e.message()),
        "vn-phone" => phone::parse(value).map(drop).map_err(|e| e.message()),
        "vn-tax-code" => tax_code::validate(value, true).map(drop).map_err(|e| e.message()),
        "vn-province-code" => check_province_code(value),
        "vn-ward-code" => check_ward_code(value),
        _ => return None,
    };
    Some(result)
}

fn is_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

fn check_province_code(code: &str) -> Result<(), Text> {
    if !is_digits(code, 2) {
        return Err(Text::new("Mã tỉnh, thành phố phải gồm 2 chữ số", "The province code must have 2 digits"));
    }
    if address::PROVINCE_CODES.binary_search(&code).is_err() {
        return Err(unknown_province(code));
    }
    Ok(())
}

fn check_ward_code(code: &str) -> Result<(), Text> {
    if !is_digits(code, 5) {
        return Err(Text::new(
            "Mã phường, xã, đặc khu phải gồm 5 chữ số",
            "The ward or commune code must have 5 digits",
        ));
    }
    Ok(())
}

fn unknown_province(code: &str) -> Text {
    text!("Không có tỉnh, thành phố mã {code}", "There is no province with code {code}")
}

/// Checks that the province and the ward exist and that the ward lies in the province.
pub fn check_address(book: &AddressBook, province: &str, ward: &str) -> Result<(), Text> {
    check_province_code(province)?;
    check_ward_code(ward)?;
    let Some(p) = book.province(province) else {
        return Err(unknown_province(province));
    };
    let Some((w, _)) = book.ward(ward) else {
        return Err(text!("Không có phường, xã, đặc khu mã {ward}", "There is no ward or commune with code {ward}"));
    };
    if w.province_code() != p.code() {
        let (w, p) = (w.full_name(), p.full_name());
        return Err(text!("{w} không thuộc {p}", "{w} is not in {p}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_formats_are_left_alone() {
        assert_eq!(check_format("email", "x", None), None);
        assert_eq!(check_format("date", "x", None), None);
        for f in FORMATS {
            assert!(check_format(f, "", None).is_some(), "{f}");
        }
    }

    #[test]
    fn each_format() {
        let today = Date::new(2026, 11, 22);
        assert_eq!(check_format("cccd", "001090012345", today), Some(Ok(())));
        let err = check_format("cccd", "00109001234", today).unwrap().unwrap_err();
        assert_eq!(err.vi, "Số định danh cá nhân phải gồm 12 chữ số");
        assert_eq!(err.en, "The personal ID number must have 12 digits");
        assert!(check_format("cccd", "001230012345", today).unwrap().is_err());
        assert!(check_format("cccd", "001230012345", None).unwrap().is_ok());

        assert_eq!(check_format("vn-phone", "0912345678", None), Some(Ok(())));
        assert_eq!(check_format("vn-phone", "+84 912 345 678", None), Some(Ok(())));
        assert!(check_format("vn-phone", "0112345678", None).unwrap().is_err());

        assert_eq!(check_format("vn-tax-code", "0100109106", None), Some(Ok(())));
        assert_eq!(check_format("vn-tax-code", "0100109106-001", None), Some(Ok(())));
        assert_eq!(check_format("vn-tax-code", "001090012345", None), Some(Ok(())));
        assert!(check_format("vn-tax-code", "0100109107", None).unwrap().is_err());

        assert_eq!(check_format("vn-province-code", "79", None), Some(Ok(())));
        assert_eq!(
            check_format("vn-province-code", "02", None).unwrap().unwrap_err().vi,
            "Không có tỉnh, thành phố mã 02"
        );
        assert!(check_format("vn-province-code", "1", None).unwrap().is_err());
        assert!(check_format("vn-province-code", "001", None).unwrap().is_err());

        assert_eq!(check_format("vn-ward-code", "00004", None), Some(Ok(())));
        assert!(check_format("vn-ward-code", "0004", None).unwrap().is_err());
        assert!(check_format("vn-ward-code", "0000a", None).unwrap().is_err());
    }

    #[test]
    fn addresses() {
        let book = AddressBook::parse(include_str!("../../data/dvhc-2025.tsv")).unwrap();
        assert_eq!(check_address(&book, "01", "00004"), Ok(()));
        assert_eq!(check_address(&book, "79", "26732"), Ok(()));
        let err = check_address(&book, "79", "00004").unwrap_err();
        assert_eq!(err.vi, "Phường Ba Đình không thuộc Thành phố Hồ Chí Minh");
        assert_eq!(err.en, "Phường Ba Đình is not in Thành phố Hồ Chí Minh");
        assert_eq!(check_address(&book, "01", "00001").unwrap_err().vi, "Không có phường, xã, đặc khu mã 00001");
        assert!(check_address(&book, "02", "00004").is_err());
        assert!(check_address(&book, "01", "4").is_err());
    }
}
