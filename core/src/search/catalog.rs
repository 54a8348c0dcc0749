//! From catalog procedures to search documents.
//!
//! The name in the reader's language is the document's name (it ranks highest
//! and is what a phrase match is checked against); the name in the other
//! language and the catalog's keywords are keywords, so an English search finds
//! a procedure while the interface is in Vietnamese, and the other way round.
//! The field is searchable in both languages. Broken procedures are not
//! searchable: they cannot be opened.

use crate::catalog::{Catalog, Procedure};
use crate::i18n::Lang;

use super::rank::SearchDoc;

/// One document per usable procedure, in [`Catalog::procedures`] order, for a
/// reader of `lang`: [`Hit::index`](super::Hit::index) is the position in that
/// order.
pub fn docs_in(catalog: &Catalog, lang: Lang) -> Vec<SearchDoc> {
    catalog.procedures().map(|p| doc(p, lang)).collect()
}

/// [`docs_in`] for a Vietnamese reader.
pub fn docs(catalog: &Catalog) -> Vec<SearchDoc> {
    docs_in(catalog, Lang::Vi)
}

/// The search document of one procedure, for a reader of `lang`.
pub fn doc(p: &Procedure, lang: Lang) -> SearchDoc {
    let other = match lang {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    let name = p.name.get(lang);
    let mut keywords = Vec::with_capacity(p.keywords.len() + 1);
    let other_name = p.name.get(other);
    if other_name != name {
        keywords.push(other_name.to_owned());
    }
    keywords.extend(p.keywords.iter().cloned());
    let (field_vi, field_en) = (p.field.name.get(Lang::Vi), p.field.name.get(Lang::En));
    let field = if field_vi == field_en { field_vi.to_owned() } else { format!("{field_vi} {field_en}") };
    SearchDoc { code: p.code.clone(), name: name.to_owned(), keywords, field }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::assemble;
    use crate::schema::NoPatterns;
    use crate::search::SearchIndex;
    use serde_json::{json, Value};

    fn procedure(code: &str, vi: &str, en: &str, field: (&str, &str), keywords: &[&str]) -> Value {
        json!({
            "code": code, "name": {"vi": vi, "en": en},
            "field": {"id": "f", "name": {"vi": field.0, "en": field.1}},
            "level": "commune", "agency": {"vi": "UBND cấp xã"}, "online": "full",
            "processing": {"workingDays": 1}, "delivery": ["electronic"], "schemaVersion": "1.0.0",
            "keywords": keywords,
            "schema": {"type": "object", "properties": {"hoTen": {"type": "string"}}},
            "ui": {"steps": [{"id": "s", "title": {"vi": "Bước"},
                              "elements": [{"scope": "/hoTen", "widget": "text", "label": {"vi": "Họ và tên"}}]}]}
        })
    }

    /// The sample catalog's procedures (names, fields, keywords as in `catalog/`),
    /// plus a broken one in the middle.
    fn catalog() -> Catalog {
        let header = json!({"format": "tokhai-catalog/1", "id": "t", "version": "1",
                            "title": {"vi": "Thử"}, "published": "2026-11-01"});
        let ho_tich = ("Hộ tịch", "Civil status");
        let procedures = vec![
            procedure(
                "1.000656",
                "Đăng ký khai tử",
                "Death registration",
                ho_tich,
                &["giấy chứng tử", "trích lục khai tử", "khai tử", "báo tử", "người mất", "death certificate"],
            ),
            procedure(
                "1.000894",
                "Đăng ký kết hôn",
                "Marriage registration",
                ho_tich,
                &["giấy đăng ký kết hôn", "làm giấy kết hôn", "cưới", "marriage certificate"],
            ),
            json!({"code": "9.999999", "name": {"vi": "Thủ tục hỏng khai sinh"}, "colour": "red"}),
            procedure(
                "1.001193",
                "Đăng ký khai sinh",
                "Birth registration",
                ho_tich,
                &["giấy khai sinh", "làm khai sinh", "khai sinh cho con", "trích lục khai sinh", "birth certificate"],
            ),
            procedure(
                "1.001612",
                "Đăng ký thành lập hộ kinh doanh",
                "Household business registration",
                ("Thành lập và hoạt động của hộ kinh doanh", "Household businesses"),
                &["giấy phép kinh doanh", "đăng ký kinh doanh", "mở quán", "household business"],
            ),
            procedure(
                "1.004222",
                "Đăng ký thường trú",
                "Permanent residence registration",
                ("Đăng ký, quản lý cư trú", "Residence registration"),
                &["CT01", "nhập hộ khẩu", "đăng ký hộ khẩu", "thường trú", "permanent residence"],
            ),
            procedure(
                "3.000333",
                "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
                "Criminal record certificate for Vietnamese citizens and foreigners residing in Vietnam",
                ("Lý lịch tư pháp", "Judicial records"),
                &["lý lịch tư pháp", "LLTP", "criminal record"],
            ),
        ];
        Catalog::parse(&assemble(header, procedures).unwrap().to_string(), &NoPatterns).unwrap()
    }

    fn first(cat: &Catalog, lang: Lang, q: &str) -> Option<String> {
        let docs = docs_in(cat, lang);
        let index = SearchIndex::new(&docs);
        index.search(q, 10).first().map(|h| cat.procedures().nth(h.index).unwrap().code.clone())
    }

    fn codes(cat: &Catalog, q: &str) -> Vec<String> {
        let index = SearchIndex::new(&docs(cat));
        let procedures: Vec<_> = cat.procedures().collect();
        index.search(q, 10).iter().map(|h| procedures[h.index].code.clone()).collect()
    }

    #[test]
    fn one_document_per_usable_procedure_in_order() {
        let cat = catalog();
        let d = docs(&cat);
        assert_eq!(d.len(), 6);
        assert_eq!(cat.broken().count(), 1);
        let got: Vec<&str> = d.iter().map(|d| d.code.as_str()).collect();
        let want: Vec<&str> = cat.procedures().map(|p| p.code.as_str()).collect();
        assert_eq!(got, want);
        let birth = &d[2];
        assert_eq!(birth.name, "Đăng ký khai sinh");
        assert_eq!(birth.keywords[0], "Birth registration");
        assert!(birth.keywords.iter().any(|k| k == "giấy khai sinh"));
        assert_eq!(birth.field, "Hộ tịch Civil status");
        let en = doc(cat.procedure("1.001193").unwrap(), Lang::En);
        assert_eq!(en.name, "Birth registration");
        assert_eq!(en.keywords[0], "Đăng ký khai sinh");
    }

    #[test]
    fn birth_registration_whatever_the_diacritics_or_case() {
        let cat = catalog();
        for q in
            ["dang ky khai sinh", "khai sinh", "Khai Sinh", "ĐĂNG KÝ KHAI SINH", "Đăng ký khai sinh", "giay khai sinh"]
        {
            assert_eq!(first(&cat, Lang::Vi, q).as_deref(), Some("1.001193"), "{q:?}");
        }
        // The broken procedure has "khai sinh" in its name, but is not searchable.
        assert!(!codes(&cat, "khai sinh").iter().any(|c| c == "9.999999"));
    }

    #[test]
    fn typing_dang_ky_kh_offers_the_kh_procedures() {
        let cat = catalog();
        let got = codes(&cat, "dang ky kh");
        // khai tử and khai sinh by name (the shorter name first), then hộ khẩu by keyword.
        assert_eq!(got, ["1.000656", "1.001193", "1.004222"]);
        // One letter more: khai sinh by name; khai tử only through its field's
        // English name ("Civil status"), so after it.
        assert_eq!(codes(&cat, "dang ky khai s"), ["1.001193", "1.000656"]);
    }

    #[test]
    fn codes_are_searchable() {
        let cat = catalog();
        assert_eq!(codes(&cat, "1.001193"), ["1.001193"]);
        assert_eq!(codes(&cat, " 1.001193 "), ["1.001193"]);
        assert_eq!(codes(&cat, "001193"), ["1.001193"]);
        assert_eq!(codes(&cat, "1.0016"), ["1.001612"]);
        assert_eq!(codes(&cat, "3.000"), ["3.000333"]);
    }

    #[test]
    fn english_search_works_in_both_interface_languages() {
        let cat = catalog();
        assert_eq!(first(&cat, Lang::En, "birth").as_deref(), Some("1.001193"));
        assert_eq!(first(&cat, Lang::Vi, "birth registration").as_deref(), Some("1.001193"));
        assert_eq!(first(&cat, Lang::En, "criminal record").as_deref(), Some("3.000333"));
        assert_eq!(first(&cat, Lang::En, "marriage").as_deref(), Some("1.000894"));
        // Vietnamese still works for an English reader.
        assert_eq!(first(&cat, Lang::En, "khai sinh").as_deref(), Some("1.001193"));
        // Fields in either language: "civil status" finds the three civil status procedures.
        assert_eq!(codes(&cat, "civil status").len(), 3);
        assert_eq!(codes(&cat, "ho tich").len(), 3);
    }

    #[test]
    fn keywords_and_abbreviations() {
        let cat = catalog();
        assert_eq!(codes(&cat, "lltp"), ["3.000333"]);
        assert_eq!(codes(&cat, "ct01"), ["1.004222"]);
        assert_eq!(codes(&cat, "ho khau"), ["1.004222"]);
        assert_eq!(codes(&cat, "mo quan"), ["1.001612"]);
        assert!(codes(&cat, "khai sinh xyz").is_empty());
    }
}
