//! The address data compiled in with the `embedded-address` feature.
#![cfg(feature = "embedded-address")]

use tokhai_core::vn::address::{AddressBook, WardKind, EMBEDDED_DATA, PROVINCE_CODES};

#[test]
fn embedded_data_parses_with_the_expected_counts() {
    let book = AddressBook::embedded();
    assert_eq!(book.provinces().len(), 34);
    assert_eq!(book.wards().len(), 3321);
    let count = |k| book.wards().iter().filter(|w| w.kind() == k).count();
    assert_eq!((count(WardKind::Ward), count(WardKind::Commune), count(WardKind::SpecialZone)), (687, 2621, 13));
    let codes: Vec<&str> = book.provinces().iter().map(|p| p.code()).collect();
    assert_eq!(codes, PROVINCE_CODES);
    // Every ward resolves to the province it is listed under.
    for p in book.provinces() {
        for w in book.wards_of(p.code()) {
            let (found, province) = book.ward(w.code()).expect("ward by code");
            assert_eq!(found.code(), w.code());
            assert_eq!(province.code(), p.code());
        }
    }
    // Parsing again gives the same book, and the same instance is shared.
    assert_eq!(AddressBook::parse(EMBEDDED_DATA).unwrap().wards().len(), 3321);
    assert!(std::ptr::eq(book, AddressBook::embedded()));
}

#[test]
fn the_file_is_compact_utf8_text() {
    assert!(EMBEDDED_DATA.starts_with("#tokhai-dvhc/1\t34\t3321\n"));
    assert!(EMBEDDED_DATA.len() < 80_000, "{} bytes", EMBEDDED_DATA.len());
    assert!(!EMBEDDED_DATA.contains('\r'));
    // Names are NFC: no combining diacritical marks.
    assert!(!EMBEDDED_DATA.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)));
}
