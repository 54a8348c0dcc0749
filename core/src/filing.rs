//! Where a dossier is filed: one rule, decided by the procedure's implementing
//! level and its non-geographic flag (`anyWard`, *phi địa giới hành chính*).
//! It says which filing choices the review screen shows and requires, turns
//! the draft's choices into the receiving agency sealed into the bundle,
//! checks that agency (the app's self-check and the portal run the same
//! check), and forms the agency part of the case number.
//!
//! | level      | `anyWard` | province | ward     | agency part of the case number |
//! |------------|-----------|----------|----------|--------------------------------|
//! | `commune`  | either    | required | required | `<province>.<ward>`: `01.00004` |
//! | `province` | either    | required | —        | `<province>`: `79`             |
//! | `central`  | either    | —        | —        | [`CENTRAL_AGENCY`]: `TW`       |
//!
//! `anyWard` changes what the citizen is told (any ward or province, or the
//! one where they live: [`Guidance`]), not what is sealed: the portal cannot
//! know where a citizen lives. A central-level procedure goes to the central
//! agency named by the procedure itself (its `agency`), so nothing is chosen.

use crate::bundle::Agency;
use crate::catalog::{Level, Procedure};
use crate::draft::Filing;
use crate::i18n::Text;
use crate::text;
use crate::vn::{self, AddressBook};

/// The agency part of the case number of a central-level procedure's cases
/// (*trung ương*): no province code is two letters.
pub const CENTRAL_AGENCY: &str = "TW";

/// A filing choice the citizen may have to make on the review screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FilingField {
    Province,
    Ward,
}

impl FilingField {
    /// What to tell a citizen who has not made this choice (the review
    /// screen's error summary and sealing say the same).
    pub fn required_message(self) -> Text {
        match self {
            FilingField::Province => text!("Hãy chọn tỉnh, thành phố nơi nộp hồ sơ", "Choose the province to file with"),
            FilingField::Ward => text!("Hãy chọn phường, xã nơi nộp hồ sơ", "Choose the ward or commune to file with"),
        }
    }
}

/// What the rule asks of one filing choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ask {
    /// The choice is on the screen (and sealed).
    pub shown: bool,
    /// The dossier cannot be filed without it.
    pub required: bool,
}

impl Ask {
    const REQUIRED: Ask = Ask { shown: true, required: true };
    const ABSENT: Ask = Ask { shown: false, required: false };
}

/// What the citizen is told about where to file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guidance {
    /// Any ward, wherever the citizen lives.
    AnyWard,
    /// The ward where the citizen lives.
    ResidenceWard,
    /// Any province.
    AnyProvince,
    /// The province where the citizen lives.
    ResidenceProvince,
    /// The central agency of the procedure; nothing to choose.
    Central,
}

/// The filing rule of one procedure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilingRule {
    pub level: Level,
    pub any_ward: bool,
}

impl FilingRule {
    pub fn new(level: Level, any_ward: bool) -> FilingRule {
        FilingRule { level, any_ward }
    }

    pub fn of(procedure: &Procedure) -> FilingRule {
        FilingRule::new(procedure.level, procedure.any_ward)
    }

    /// What the rule asks of `field`.
    pub fn ask(self, field: FilingField) -> Ask {
        match (self.level, field) {
            (Level::Commune, _) => Ask::REQUIRED,
            (Level::Province, FilingField::Province) => Ask::REQUIRED,
            (Level::Province, FilingField::Ward) | (Level::Central, _) => Ask::ABSENT,
        }
    }

    /// The choices shown, in the order they are made.
    pub fn fields(self) -> Vec<FilingField> {
        [FilingField::Province, FilingField::Ward].into_iter().filter(|f| self.ask(*f).shown).collect()
    }

    pub fn guidance(self) -> Guidance {
        match (self.level, self.any_ward) {
            (Level::Commune, true) => Guidance::AnyWard,
            (Level::Commune, false) => Guidance::ResidenceWard,
            (Level::Province, true) => Guidance::AnyProvince,
            (Level::Province, false) => Guidance::ResidenceProvince,
            (Level::Central, _) => Guidance::Central,
        }
    }

    /// The first required choice the draft has not made yet.
    pub fn missing(self, filing: &Filing) -> Option<FilingField> {
        self.fields().into_iter().find(|f| self.ask(*f).required && value(filing, *f).is_none())
    }

    /// The receiving agency of a dossier filed with these choices. A choice
    /// the rule does not ask for (a ward left from a form version of another
    /// level) is not sealed.
    pub fn agency(self, filing: &Filing) -> Result<Agency, Text> {
        if let Some(field) = self.missing(filing) {
            return Err(field.required_message());
        }
        let take = |f: FilingField| if self.ask(f).shown { value(filing, f).map(str::to_owned) } else { None };
        Ok(Agency { province: take(FilingField::Province), ward: take(FilingField::Ward) })
    }

    /// Whether a sealed agency fits the rule; with the address units at hand,
    /// the province and the ward must exist and the ward lie in the province.
    pub fn check(self, agency: &Agency, book: Option<&AddressBook>) -> Result<(), Text> {
        let wrong_level = || match self.level {
            Level::Commune => text!(
                "Thủ tục cấp xã phải nộp tại một phường, xã, đặc khu",
                "A commune-level procedure is filed with a ward or commune"
            ),
            Level::Province => text!(
                "Thủ tục này nộp tại một tỉnh, thành phố, không chọn phường, xã",
                "This procedure is filed with a province, without a ward"
            ),
            Level::Central => text!(
                "Thủ tục này do cơ quan trung ương giải quyết, không chọn tỉnh, thành phố hay phường, xã",
                "This procedure is handled by a central agency: no province or ward is chosen"
            ),
        };
        for field in [FilingField::Province, FilingField::Ward] {
            let sealed = match field {
                FilingField::Province => agency.province.is_some(),
                FilingField::Ward => agency.ward.is_some(),
            };
            let ask = self.ask(field);
            if (ask.required && !sealed) || (!ask.shown && sealed) {
                return Err(wrong_level());
            }
        }
        match (&agency.province, &agency.ward, book) {
            (Some(p), Some(w), Some(book)) => vn::check_address(book, p, w),
            (Some(p), _, _) => vn::check_format("vn-province-code", p, None).unwrap_or(Ok(())),
            (None, _, _) => Ok(()),
        }
    }

    /// The receiving agency's name, for receipts: the ward and province
    /// from the address units, or the central agency the procedure names.
    pub fn agency_name(self, agency: &Agency, book: &AddressBook, implementing: &Text) -> String {
        let province = agency.province.as_deref().and_then(|p| book.province(p));
        let ward = agency.ward.as_deref().and_then(|w| book.ward(w)).map(|(w, _)| w);
        match (ward, province) {
            (Some(w), Some(p)) => format!("{}, {}", w.full_name(), p.full_name()),
            (None, Some(p)) => p.full_name(),
            _ => implementing.vi.clone(),
        }
    }
}

/// The agency part of a case number: `01.00004` (a ward of a province),
/// `79` (a province), `TW` (a central agency). The agency was checked
/// against its procedure's [`FilingRule`] first.
pub fn agency_code(agency: &Agency) -> String {
    match (&agency.province, &agency.ward) {
        (Some(p), Some(w)) => format!("{p}.{w}"),
        (Some(p), None) => p.clone(),
        (None, _) => CENTRAL_AGENCY.to_owned(),
    }
}

/// Whether `s` has the shape of [`agency_code`]'s result.
pub fn is_agency_code(s: &str) -> bool {
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
    match s.split_once('.') {
        Some((p, w)) => digits(p, 2) && digits(w, 5),
        None => digits(s, 2) || s == CENTRAL_AGENCY,
    }
}

fn value(filing: &Filing, field: FilingField) -> Option<&str> {
    let v = match field {
        FilingField::Province => &filing.province,
        FilingField::Ward => &filing.ward,
    };
    v.as_deref().filter(|s| !s.is_empty())
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Level::{Central, Commune, Province};
    use FilingField::Ward;

    const R: Ask = Ask::REQUIRED;
    const A: Ask = Ask::ABSENT;

    fn filing(province: Option<&str>, ward: Option<&str>) -> Filing {
        Filing { province: province.map(Into::into), ward: ward.map(Into::into), delivery: None }
    }

    fn agency(province: Option<&str>, ward: Option<&str>) -> Agency {
        Agency { province: province.map(Into::into), ward: ward.map(Into::into) }
    }

    fn address_book() -> AddressBook {
        AddressBook::parse(include_str!("../data/dvhc-2025.tsv")).unwrap()
    }

    /// Every level × `anyWard`: the choices asked, what is told, what a
    /// complete draft seals, its case-number prefix, and the agencies of the
    /// other levels refused.
    #[test]
    fn every_level_and_flag() {
        // (level, anyWard, province, ward, guidance, sealed from a draft that chose both, code)
        let table = [
            (Commune, false, R, R, Guidance::ResidenceWard, agency(Some("01"), Some("00004")), "01.00004"),
            (Commune, true, R, R, Guidance::AnyWard, agency(Some("01"), Some("00004")), "01.00004"),
            (Province, false, R, A, Guidance::ResidenceProvince, agency(Some("01"), None), "01"),
            (Province, true, R, A, Guidance::AnyProvince, agency(Some("01"), None), "01"),
            (Central, false, A, A, Guidance::Central, agency(None, None), "TW"),
            (Central, true, A, A, Guidance::Central, agency(None, None), "TW"),
        ];
        let kinds = [agency(Some("01"), Some("00004")), agency(Some("01"), None), agency(None, None)];
        let book = &address_book();
        for (level, any_ward, province, ward, guidance, sealed, code) in table {
            let rule = FilingRule::new(level, any_ward);
            let case = format!("{level:?} anyWard={any_ward}");
            assert_eq!((rule.ask(FilingField::Province), rule.ask(Ward)), (province, ward), "{case}");
            assert_eq!(rule.fields().len(), [province, ward].iter().filter(|a| a.shown).count(), "{case}");
            assert_eq!(rule.guidance(), guidance, "{case}");

            // A complete draft (a ward chosen even where none is asked: it is not sealed).
            let full = filing(Some("01"), Some("00004"));
            assert_eq!(rule.missing(&full), None, "{case}");
            assert_eq!(rule.agency(&full).as_ref(), Ok(&sealed), "{case}");
            assert_eq!(agency_code(&sealed), code, "{case}");
            assert!(is_agency_code(code), "{case}");
            assert_eq!(rule.check(&sealed, Some(book)), Ok(()), "{case}");
            assert_eq!(rule.check(&sealed, None), Ok(()), "{case}");

            // Nothing chosen: the first required choice is named, and sealing says so.
            let empty = filing(None, None);
            let first_required = [FilingField::Province, Ward].into_iter().find(|f| rule.ask(*f).required);
            assert_eq!(rule.missing(&empty), first_required, "{case}");
            assert_eq!(rule.agency(&empty).is_err(), first_required.is_some(), "{case}");
            // A province without its ward, for the levels that need one.
            let half = filing(Some("01"), None);
            assert_eq!(rule.missing(&half), (ward.required).then_some(Ward), "{case}");

            // The agency of any other level does not fit.
            for other in kinds.iter().filter(|k| **k != sealed) {
                assert!(rule.check(other, Some(book)).is_err(), "{case}: {other:?}");
            }
        }
    }

    #[test]
    fn agencies_must_exist_and_fit_together() {
        let book = &address_book();
        let commune = FilingRule::new(Commune, true);
        // Ward 00004 (Ba Đình) is in Hà Nội, not in TP. Hồ Chí Minh.
        assert!(commune.check(&agency(Some("79"), Some("00004")), Some(book)).is_err());
        assert!(commune.check(&agency(Some("01"), Some("99999")), Some(book)).is_err());
        assert!(commune.check(&agency(Some("01"), Some("00004")), Some(book)).is_ok());
        let province = FilingRule::new(Province, false);
        assert!(province.check(&agency(Some("00"), None), None).is_err(), "no province 00, even without the book");
        assert!(province.check(&agency(Some("79"), None), None).is_ok());
    }

    #[test]
    fn names_for_receipts() {
        let book = &address_book();
        let implementing = Text::new("Cục Sở hữu trí tuệ", "Intellectual Property Office");
        let rule = FilingRule::new(Commune, false);
        assert_eq!(rule.agency_name(&agency(Some("01"), Some("00004")), book, &implementing), "Phường Ba Đình, Thành phố Hà Nội");
        assert_eq!(rule.agency_name(&agency(Some("01"), None), book, &implementing), "Thành phố Hà Nội");
        assert_eq!(rule.agency_name(&agency(None, None), book, &implementing), "Cục Sở hữu trí tuệ");
    }

    #[test]
    fn agency_codes() {
        for ok in ["01.00004", "79", "TW"] {
            assert!(is_agency_code(ok), "{ok}");
        }
        for bad in ["1.00004", "01.0004", "7", "tw", "TW.00004", ""] {
            assert!(!is_agency_code(bad), "{bad}");
        }
    }
}
