//! What checking a form needs from its surroundings: the regular-expression
//! engine (JavaScript's in the browser, `regress` natively) and today's date.

use crate::date::Date;
use crate::i18n::Text;
use crate::schema::{Context, FormatChecker, PatternMatcher};
use crate::vn::AddressBook;

/// The Vietnamese formats (`cccd`, `vn-phone`, …) as a validator format checker.
pub struct VnFormats;

impl FormatChecker for VnFormats {
    fn check(&self, format: &str, value: &str, today: Option<Date>) -> Option<Result<(), Text>> {
        crate::vn::check_format(format, value, today)
    }
}

/// The environment of a form check.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub patterns: &'a dyn PatternMatcher,
    /// Today in Vietnam, for "not in the future" and CCCD birth years.
    pub today: Date,
    /// The administrative units, when loaded (the app fetches them lazily):
    /// addresses are then checked to name a real ward of the chosen province.
    pub addresses: Option<&'a AddressBook>,
}

impl<'a> Env<'a> {
    pub fn new(patterns: &'a dyn PatternMatcher, today: Date) -> Env<'a> {
        Env { patterns, today, addresses: None }
    }

    pub fn with_addresses(self, book: &'a AddressBook) -> Env<'a> {
        Env { addresses: Some(book), ..self }
    }

    /// A validation context that enforces every format the app knows.
    pub fn context(&self) -> Context<'a> {
        Context::new(self.patterns).assert_formats().with_today(self.today).with_format_checker(&VnFormats)
    }
}
