//! The personal identification number (số định danh cá nhân), printed on the
//! citizen identity card (CCCD, thẻ căn cước).
//!
//! Twelve digits, as set by Circular 07/2016/TT-BCA and kept by Circular
//! 59/2021/TT-BCA:
//! - digits 1–3: the province where the birth was registered, from the table of
//!   the 63 provinces before the 2025 reorganisation (see [`LEGACY_PROVINCES`]);
//!   the 34 provinces since 1 July 2025 kept codes from that table, so every
//!   number, old or new, uses it;
//! - digit 4: century of birth and sex: 0/1 = 1900s male/female, 2/3 = 2000s,
//!   4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s;
//! - digits 5–6: the last two digits of the birth year;
//! - digits 7–12: a random number.
//!
//! There is no check digit: a well-formed number can still belong to nobody.

use crate::date::Date;
use crate::i18n::Text;
use crate::text;

/// Sex, as recorded in the personal ID number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// Reads the values forms commonly use: `nam`/`nữ` (with or without
    /// diacritics), `male`/`female`, `m`/`f`, in any case.
    pub fn parse(s: &str) -> Option<Sex> {
        match crate::search::fold(s).as_str() {
            "nam" | "male" | "m" => Some(Sex::Male),
            "nu" | "female" | "f" => Some(Sex::Female),
            _ => None,
        }
    }

    pub fn label(self) -> Text {
        match self {
            Sex::Male => Text::new("Nam", "Male"),
            Sex::Female => Text::new("Nữ", "Female"),
        }
    }
}

/// The provinces of the birth-registration code (digits 1–3), as in the
/// appendix of Circular 07/2016/TT-BCA: the 63 provinces in force until 30 June
/// 2025, with the General Statistics Office codes they had then. Sorted by code.
/// The gaps are codes that belong to no province: 003, 005, 007, 009, 013, 016,
/// 018, 021, 023, 028, 029, 032, 039, 041, 043, 047, 050, 053, 055, 057, 059,
/// 061, 063, 065, 069, 071, 073, 076, 078, 081, 085, 088, 090, and 000 and
/// everything above 096.
pub const LEGACY_PROVINCES: [(u8, &str); 63] = [
    (1, "Hà Nội"),
    (2, "Hà Giang"),
    (4, "Cao Bằng"),
    (6, "Bắc Kạn"),
    (8, "Tuyên Quang"),
    (10, "Lào Cai"),
    (11, "Điện Biên"),
    (12, "Lai Châu"),
    (14, "Sơn La"),
    (15, "Yên Bái"),
    (17, "Hòa Bình"),
    (19, "Thái Nguyên"),
    (20, "Lạng Sơn"),
    (22, "Quảng Ninh"),
    (24, "Bắc Giang"),
    (25, "Phú Thọ"),
    (26, "Vĩnh Phúc"),
    (27, "Bắc Ninh"),
    (30, "Hải Dương"),
    (31, "Hải Phòng"),
    (33, "Hưng Yên"),
    (34, "Thái Bình"),
    (35, "Hà Nam"),
    (36, "Nam Định"),
    (37, "Ninh Bình"),
    (38, "Thanh Hóa"),
    (40, "Nghệ An"),
    (42, "Hà Tĩnh"),
    (44, "Quảng Bình"),
    (45, "Quảng Trị"),
    (46, "Thừa Thiên Huế"),
    (48, "Đà Nẵng"),
    (49, "Quảng Nam"),
    (51, "Quảng Ngãi"),
    (52, "Bình Định"),
    (54, "Phú Yên"),
    (56, "Khánh Hòa"),
    (58, "Ninh Thuận"),
    (60, "Bình Thuận"),
    (62, "Kon Tum"),
    (64, "Gia Lai"),
    (66, "Đắk Lắk"),
    (67, "Đắk Nông"),
    (68, "Lâm Đồng"),
    (70, "Bình Phước"),
    (72, "Tây Ninh"),
    (74, "Bình Dương"),
    (75, "Đồng Nai"),
    (77, "Bà Rịa - Vũng Tàu"),
    (79, "TP. Hồ Chí Minh"),
    (80, "Long An"),
    (82, "Tiền Giang"),
    (83, "Bến Tre"),
    (84, "Trà Vinh"),
    (86, "Vĩnh Long"),
    (87, "Đồng Tháp"),
    (89, "An Giang"),
    (91, "Kiên Giang"),
    (92, "Cần Thơ"),
    (93, "Hậu Giang"),
    (94, "Sóc Trăng"),
    (95, "Bạc Liêu"),
    (96, "Cà Mau"),
];

/// The legacy province name for a birth-registration code, if the code is used.
pub fn legacy_province_name(code: u16) -> Option<&'static str> {
    let code = u8::try_from(code).ok()?;
    LEGACY_PROVINCES.binary_search_by_key(&code, |&(c, _)| c).ok().map(|i| LEGACY_PROVINCES[i].1)
}

/// A well-formed personal ID number and what it says.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cccd {
    /// The 12 digits.
    pub number: String,
    /// Birth-registration province code (digits 1–3), e.g. 1 for `001` Hà Nội.
    pub province_code: u16,
    pub sex: Sex,
    pub birth_year: i32,
}

impl Cccd {
    /// Name of the birth-registration province (in the legacy 63-province table).
    pub fn province_name(&self) -> &'static str {
        legacy_province_name(self.province_code).unwrap_or_default()
    }
}

/// Why a personal ID number is not well formed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CccdError {
    #[error("the personal ID number must contain digits only")]
    NotDigits,
    #[error("the personal ID number must have 12 digits, not {0}")]
    WrongLength(usize),
    #[error("{0:03} is not a province code")]
    UnknownProvince(u16),
    #[error("the birth year {0} is in the future")]
    FutureBirthYear(i32),
}

impl CccdError {
    /// The message for the citizen.
    pub fn message(&self) -> Text {
        match self {
            CccdError::NotDigits => {
                Text::new("Số định danh cá nhân chỉ gồm chữ số", "The personal ID number must contain digits only")
            }
            CccdError::WrongLength(_) => {
                Text::new("Số định danh cá nhân phải gồm 12 chữ số", "The personal ID number must have 12 digits")
            }
            CccdError::UnknownProvince(code) => text!(
                "Số định danh cá nhân không đúng: {code:03} không phải mã tỉnh",
                "The personal ID number is not valid: {code:03} is not a province code"
            ),
            CccdError::FutureBirthYear(year) => text!(
                "Số định danh cá nhân không đúng: năm sinh {year} chưa tới",
                "The personal ID number is not valid: birth year {year} is in the future"
            ),
        }
    }
}

/// Parses a personal ID number: exactly 12 ASCII digits, nothing else (no spaces).
pub fn parse(s: &str) -> Result<Cccd, CccdError> {
    let b = s.as_bytes();
    if !b.iter().all(u8::is_ascii_digit) {
        return Err(CccdError::NotDigits);
    }
    if b.len() != 12 {
        return Err(CccdError::WrongLength(b.len()));
    }
    let d = |i: usize| u16::from(b[i] - b'0');
    let province_code = d(0) * 100 + d(1) * 10 + d(2);
    if legacy_province_name(province_code).is_none() {
        return Err(CccdError::UnknownProvince(province_code));
    }
    let century = d(3);
    let sex = if century % 2 == 0 { Sex::Male } else { Sex::Female };
    let birth_year = 1900 + 100 * i32::from(century / 2) + i32::from(d(4) * 10 + d(5));
    Ok(Cccd { number: s.to_owned(), province_code, sex, birth_year })
}

/// [`parse`], and when `today` is known, rejects a birth year after this year.
pub fn validate(s: &str, today: Option<Date>) -> Result<Cccd, CccdError> {
    let id = parse(s)?;
    match today {
        Some(t) if id.birth_year > t.year => Err(CccdError::FutureBirthYear(id.birth_year)),
        _ => Ok(id),
    }
}

/// Checks the number against the birth date and sex given elsewhere on the form;
/// one message per mismatch, none when everything agrees or is unknown.
pub fn cross_check(id: &Cccd, birth_date: Option<Date>, sex: Option<Sex>) -> Vec<Text> {
    let mut problems = Vec::new();
    if let Some(d) = birth_date {
        if d.year != id.birth_year {
            let year = id.birth_year;
            problems.push(text!(
                "Năm sinh không khớp với số định danh cá nhân (năm {year})",
                "The birth year does not match the personal ID number ({year})"
            ));
        }
    }
    if let Some(s) = sex {
        if s != id.sex {
            problems.push(Text::new(
                "Giới tính không khớp với số định danh cá nhân",
                "The sex does not match the personal ID number",
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legacy_table_is_the_63_provinces() {
        assert_eq!(LEGACY_PROVINCES.len(), 63);
        assert!(LEGACY_PROVINCES.windows(2).all(|w| w[0].0 < w[1].0), "sorted, no duplicates");
        let unused = [
            0, 3, 5, 7, 9, 13, 16, 18, 21, 23, 28, 29, 32, 39, 41, 43, 47, 50, 53, 55, 57, 59, 61, 63, 65, 69, 71, 73,
            76, 78, 81, 85, 88, 90, 97, 98, 99, 100, 999,
        ];
        for code in unused {
            assert_eq!(legacy_province_name(code), None, "{code:03}");
        }
        // Every code from 001 to 096 is either used or listed as unused above.
        for code in 1..=96 {
            assert!(legacy_province_name(code).is_some() != unused.contains(&code), "{code:03}");
        }
        assert_eq!(legacy_province_name(1), Some("Hà Nội"));
        assert_eq!(legacy_province_name(79), Some("TP. Hồ Chí Minh"));
        assert_eq!(legacy_province_name(96), Some("Cà Mau"));
    }

    #[test]
    fn decodes_century_sex_and_year() {
        let id = parse("001090012345").unwrap();
        assert_eq!((id.province_code, id.sex, id.birth_year), (1, Sex::Male, 1990));
        assert_eq!(id.province_name(), "Hà Nội");
        let id = parse("079185001234").unwrap();
        assert_eq!((id.province_code, id.sex, id.birth_year), (79, Sex::Female, 1985));
        assert_eq!(id.province_name(), "TP. Hồ Chí Minh");
        let id = parse("096205000111").unwrap();
        assert_eq!((id.province_code, id.sex, id.birth_year), (96, Sex::Male, 2005));
        let id = parse("038324009876").unwrap();
        assert_eq!((id.sex, id.birth_year), (Sex::Female, 2024));
        assert_eq!(parse("001400000001").unwrap().birth_year, 2100);
        assert_eq!(parse("001599000001").unwrap().birth_year, 2199);
        assert_eq!(parse("001612000001").unwrap().birth_year, 2212);
        assert_eq!(parse("001701000001").unwrap().sex, Sex::Female);
        assert_eq!(parse("001899000001").unwrap().birth_year, 2399);
        assert_eq!(parse("001900000001").unwrap().birth_year, 2300);
    }

    #[test]
    fn rejects_malformed_numbers() {
        assert_eq!(parse("003090012345"), Err(CccdError::UnknownProvince(3)));
        assert_eq!(parse("000090012345"), Err(CccdError::UnknownProvince(0)));
        assert_eq!(parse("097090012345"), Err(CccdError::UnknownProvince(97)));
        assert_eq!(parse("01309001234"), Err(CccdError::WrongLength(11)));
        assert_eq!(parse("0010900123456"), Err(CccdError::WrongLength(13)));
        assert_eq!(parse(""), Err(CccdError::WrongLength(0)));
        assert_eq!(parse("00109001234A"), Err(CccdError::NotDigits));
        assert_eq!(parse("001 090 012345"), Err(CccdError::NotDigits));
        assert_eq!(parse("００１０９００１２３４５"), Err(CccdError::NotDigits));
        let m = parse("003090012345").unwrap_err().message();
        assert_eq!(m.vi, "Số định danh cá nhân không đúng: 003 không phải mã tỉnh");
        assert_eq!(parse("12").unwrap_err().message().vi, "Số định danh cá nhân phải gồm 12 chữ số");
        assert_eq!(parse("12").unwrap_err().message().en, "The personal ID number must have 12 digits");
    }

    #[test]
    fn a_birth_year_after_today_is_rejected() {
        let today = Date::new(2026, 11, 22);
        assert!(validate("001226012345", today).is_ok());
        assert_eq!(validate("001227012345", today), Err(CccdError::FutureBirthYear(2027)));
        assert!(validate("001227012345", None).is_ok());
        assert_eq!(validate("001430000001", today), Err(CccdError::FutureBirthYear(2130)));
    }

    #[test]
    fn cross_check_reports_each_mismatch() {
        let id = parse("001090012345").unwrap();
        let born = Date::new(1990, 7, 5);
        assert!(cross_check(&id, born, Some(Sex::Male)).is_empty());
        assert!(cross_check(&id, None, None).is_empty());
        let problems = cross_check(&id, Date::new(1991, 1, 1), Some(Sex::Female));
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].vi, "Năm sinh không khớp với số định danh cá nhân (năm 1990)");
        assert_eq!(problems[1].vi, "Giới tính không khớp với số định danh cá nhân");
        // A birth in 2090 would share the last two digits: the century digit tells them apart.
        let problems = cross_check(&id, Date::new(2090, 1, 1), None);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn sex_values_from_forms() {
        assert_eq!(Sex::parse("Nữ"), Some(Sex::Female));
        assert_eq!(Sex::parse("nu"), Some(Sex::Female));
        assert_eq!(Sex::parse("NAM"), Some(Sex::Male));
        assert_eq!(Sex::parse("female"), Some(Sex::Female));
        assert_eq!(Sex::parse("khác"), None);
        assert_eq!(Sex::Female.label().vi, "Nữ");
    }
}
