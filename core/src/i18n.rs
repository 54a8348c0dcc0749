//! Bilingual text. Vietnamese is the language of the service; English is offered
//! for foreigners filing in Vietnam, and falls back to Vietnamese where a catalog
//! author left it out.

use serde::{Deserialize, Serialize};

/// The two languages the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// A piece of text in Vietnamese and (optionally) English.
///
/// Used both for catalog text (labels, help) and for messages the code produces
/// (validation errors), so every message is bilingual by construction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub vi: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Text { vi: vi.into(), en: en.into() }
    }

    /// The text in `lang`, falling back to Vietnamese when no translation exists.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.is_empty() => &self.en,
            _ => &self.vi,
        }
    }
}

/// Builds a [`Text`] from a Vietnamese and an English format string.
#[macro_export]
macro_rules! text {
    ($vi:expr, $en:expr $(,)?) => {
        $crate::i18n::Text::new(format!($vi), format!($en))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_falls_back_to_vietnamese() {
        let t = Text::new("Họ và tên", "");
        assert_eq!(t.get(Lang::En), "Họ và tên");
        let t = Text::new("Họ và tên", "Full name");
        assert_eq!(t.get(Lang::En), "Full name");
        assert_eq!(t.get(Lang::Vi), "Họ và tên");
    }

    #[test]
    fn text_macro_formats_both_languages() {
        let n = 12;
        let t = text!("phải gồm {n} chữ số", "must have {n} digits");
        assert_eq!(t.vi, "phải gồm 12 chữ số");
        assert_eq!(t.en, "must have 12 digits");
    }
}
