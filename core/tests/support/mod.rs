//! Fixtures shared by the integration tests: the sample catalog as the app
//! and the portal load it, its examples, an environment fixed on 22/11/2026,
//! and taking bundle containers apart and putting them back together.
#![allow(dead_code)] // each test file uses its own subset

use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde_json::Value;
use tokhai_core::bundle::zip::{self, DosTime, ZipWriter};
use tokhai_core::catalog::{assemble, Catalog};
use tokhai_core::date::Date;
use tokhai_core::form::{Env, Form};
use tokhai_core::schema::NativePatterns;
use tokhai_core::time::Instant;
use tokhai_core::vn::AddressBook;

pub fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

pub fn read(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

/// The sample catalog (`catalog/`), assembled and parsed once per test binary.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let dir = repo().join("catalog");
        let mut files: Vec<_> = std::fs::read_dir(dir.join("procedures")).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        let doc = assemble(read(&dir.join("catalog.json")), files.iter().map(|p| read(p)).collect()).unwrap();
        Catalog::parse(&doc.to_string(), &NativePatterns::new()).unwrap()
    })
}

pub fn form(code: &str) -> Arc<Form> {
    catalog().form(code).unwrap_or_else(|| panic!("{code} is not ready")).clone()
}

/// `catalog/examples/<code>.json`: a complete, valid filing of the procedure.
pub fn example(code: &str) -> Value {
    read(&repo().join(format!("catalog/examples/{code}.json")))
}

pub fn today() -> Date {
    Date::new(2026, 11, 22).unwrap()
}

pub fn env(patterns: &NativePatterns) -> Env<'_> {
    Env::new(patterns, today()).with_addresses(AddressBook::embedded())
}

pub fn t(s: &str) -> Instant {
    Instant::parse_rfc3339(s).unwrap()
}

/// A few bytes that start and end like a JPEG.
pub fn jpeg(tag: &str) -> Vec<u8> {
    [&[0xFF, 0xD8, 0xFF, 0xE0][..], b"\x00\x10JFIF ", tag.as_bytes(), &[0xFF, 0xD9]].concat()
}

/// A container's entries, `(name, data)`, in order.
pub type Entries = Vec<(String, Vec<u8>)>;

pub fn entries(bytes: &[u8]) -> Entries {
    zip::read(bytes).unwrap().into_iter().map(|e| (e.name.to_owned(), e.data.to_vec())).collect()
}

/// A container of `entries` as the bundle writer makes one.
pub fn rezip(entries: &Entries) -> Vec<u8> {
    let mut w = ZipWriter::new(DosTime::EPOCH);
    for (name, data) in entries {
        w.add(name, data).unwrap();
    }
    w.finish().unwrap()
}
