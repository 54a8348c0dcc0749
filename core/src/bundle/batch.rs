//! Batch files: many sealed bundles in one file, for days without a network.
//!
//! An outreach team seals dossiers in the field, exports its outbox as one
//! batch file, carries it to the office, and the office computer (running the
//! app) imports it into its own outbox and delivers the bundles one by one.
//! A batch adds no trust of its own: it is not signed, and every bundle in it
//! is opened and verified on its own ([`super::open`]) when imported.
//!
//! The container is the bundle's strict stored-only ZIP ([`super::zip`]):
//!
//! ```text
//! mimetype                  application/vnd.tokhai.batch+zip (first, stored, like a bundle's)
//! bundles/<bundle id>.tokhai  each bundle file, byte for byte
//! …
//! ```
//!
//! and nothing else. `docs/bundle-format.md` ("Batch files") is the specification.

use std::ops::Range;

use super::manifest::is_lower_uuid;
use super::zip::{self, DosTime, ZipHeaders};
use super::{BundleError, MIMETYPE, MIMETYPE_NAME};

/// Content of a batch's `mimetype` entry (and the batch's media type).
pub const BATCH_MIMETYPE: &str = "application/vnd.tokhai.batch+zip";
/// Folder of the bundles inside a batch.
pub const BUNDLES_DIR: &str = "bundles/";
/// Extension of a bundle file (and of the entries of a batch).
pub const BUNDLE_EXTENSION: &str = ".tokhai";

/// The entry name of bundle `id` in a batch: `bundles/<id>.tokhai`.
pub fn entry_name(id: &str) -> String {
    format!("{BUNDLES_DIR}{id}{BUNDLE_EXTENSION}")
}

/// The bundle id in an entry name `bundles/<id>.tokhai`, if it is one
/// (a lowercase UUID).
fn id_of(name: &str) -> Option<&str> {
    name.strip_prefix(BUNDLES_DIR)?.strip_suffix(BUNDLE_EXTENSION).filter(|id| is_lower_uuid(id))
}

/// Writes a batch of `bundles`, `(bundle id, bundle file)`, in that order.
/// Refuses an empty list, an id that is not a lowercase UUID, the same id
/// twice, and bytes that do not start like a bundle (a ZIP whose first entry
/// is the bundle `mimetype`); the bundles are not opened or verified. Every
/// entry is stamped 1980-01-01 00:00 (a batch has no time of its own), so the
/// same bundles in the same order always give the same bytes.
pub fn write_batch(bundles: &[(String, Vec<u8>)]) -> Result<Vec<u8>, BundleError> {
    let mut w = BatchWriter::new();
    let mut out = w.start()?;
    for (id, bytes) in bundles {
        out.extend_from_slice(&w.bundle(id, bytes.len() as u64, zip::crc32(bytes), bytes)?);
        out.extend_from_slice(bytes);
    }
    out.extend_from_slice(&w.finish()?);
    Ok(out)
}

/// Writes a batch piece by piece, for bundles too many to hold in memory at
/// once: [`BatchWriter::start`], then for each bundle the header from
/// [`BatchWriter::bundle`] followed by the bundle's bytes, then
/// [`BatchWriter::finish`]. The pieces, concatenated, are exactly what
/// [`write_batch`] gives for the same bundles.
#[derive(Debug)]
pub struct BatchWriter {
    headers: ZipHeaders,
    bundles: usize,
}

impl Default for BatchWriter {
    fn default() -> Self {
        BatchWriter::new()
    }
}

impl BatchWriter {
    pub fn new() -> BatchWriter {
        BatchWriter { headers: ZipHeaders::new(DosTime::EPOCH), bundles: 0 }
    }

    /// The `mimetype` entry, header and data: the first bytes of the file.
    pub fn start(&mut self) -> Result<Vec<u8>, BundleError> {
        let mut out = self.headers.entry(MIMETYPE_NAME, BATCH_MIMETYPE.len() as u64, zip::crc32(BATCH_MIMETYPE.as_bytes()))?;
        out.extend_from_slice(BATCH_MIMETYPE.as_bytes());
        Ok(out)
    }

    /// The header to write before bundle `id`, whose file is `size` bytes
    /// with CRC-32 `crc` and begins with `head` (its first 100 bytes or more,
    /// to check that it is a bundle).
    pub fn bundle(&mut self, id: &str, size: u64, crc: u32, head: &[u8]) -> Result<Vec<u8>, BundleError> {
        if !is_lower_uuid(id) {
            return Err(BundleError::BadContainer(format!("{id:?} is not a bundle id (a lowercase UUID)")));
        }
        if !starts_with_mimetype(head, MIMETYPE) {
            return Err(BundleError::BadMimetype(format!("the file given for bundle {id} is not a bundle")));
        }
        let header = self.headers.entry(&entry_name(id), size, crc).map_err(|e| match e {
            zip::ZipError::Duplicate(_) => BundleError::BadContainer(format!("bundle {id} is in the batch twice")),
            e => e.into(),
        })?;
        self.bundles += 1;
        Ok(header)
    }

    /// The central directory and end record: the last bytes of the file.
    pub fn finish(self) -> Result<Vec<u8>, BundleError> {
        if self.bundles == 0 {
            return Err(BundleError::BadContainer("a batch holds at least one bundle".into()));
        }
        Ok(self.headers.finish()?)
    }
}

/// Reads a batch: the bundle files, in batch order. See [`read_batch_named`].
pub fn read_batch(bytes: &[u8]) -> Result<Vec<Vec<u8>>, BundleError> {
    Ok(read_batch_named(bytes)?.into_iter().map(|(_, b)| b).collect())
}

/// Reads a batch: `(bundle id from the entry name, bundle file)`, in batch
/// order. See [`read_batch_ranges`].
pub fn read_batch_named(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, BundleError> {
    Ok(read_batch_ranges(bytes)?.into_iter().map(|(id, r)| (id, bytes[r].to_vec())).collect())
}

/// Reads a batch: `(bundle id from the entry name, where the bundle file is
/// in `bytes`)`, in batch order, copying nothing. As strict as the bundle
/// reader: the container rules of a bundle (`bad_container`, `too_large`),
/// `mimetype` first with exactly [`BATCH_MIMETYPE`] (`bad_mimetype`, also for
/// a single bundle given as a batch), then only entries
/// `bundles/<lowercase UUID>.tokhai` (`extra_file` for any other), each id
/// once, at least one. The bundles themselves are **not** opened or
/// verified: open each with [`super::open`] (and check that its id is the
/// one in its name).
pub fn read_batch_ranges(bytes: &[u8]) -> Result<Vec<(String, Range<usize>)>, BundleError> {
    let entries = zip::read(bytes)?;
    match entries.first() {
        Some(e) if e.name == MIMETYPE_NAME && e.data == BATCH_MIMETYPE.as_bytes() => {}
        Some(e) if e.name == MIMETYPE_NAME && e.data == MIMETYPE.as_bytes() => {
            return Err(BundleError::BadMimetype("this is a single bundle, not a batch".into()))
        }
        Some(e) if e.name == MIMETYPE_NAME => {
            return Err(BundleError::BadMimetype(format!(
                "the mimetype entry is {:?}, not {BATCH_MIMETYPE:?}",
                String::from_utf8_lossy(e.data)
            )))
        }
        Some(e) => return Err(BundleError::BadMimetype(format!("the first entry is {:?}, not \"mimetype\"", e.name))),
        None => return Err(BundleError::BadMimetype("the container is empty".into())),
    }
    let mut out = Vec::with_capacity(entries.len() - 1);
    for e in &entries[1..] {
        // The ZIP reader already refused names that are equal ignoring case.
        let Some(id) = id_of(e.name) else {
            return Err(BundleError::ExtraFile(e.name.to_owned()));
        };
        out.push((id.to_owned(), e.data_range()));
    }
    if out.is_empty() {
        return Err(BundleError::BadContainer("the batch holds no bundle".into()));
    }
    Ok(out)
}

/// Whether `bytes` start like a batch: a ZIP whose first entry is a stored
/// `mimetype` holding exactly [`BATCH_MIMETYPE`] (bytes 30–37 `mimetype`,
/// 38–69 the media type). A quick look to tell a batch from a bundle before
/// reading either; [`read_batch`] does the real checks.
pub fn is_batch(bytes: &[u8]) -> bool {
    starts_with_mimetype(bytes, BATCH_MIMETYPE)
}

/// A ZIP whose first local header is a stored, extra-less `mimetype` entry
/// with exactly `media_type` as its data.
fn starts_with_mimetype(bytes: &[u8], media_type: &str) -> bool {
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let u32_at = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let end = 30 + MIMETYPE_NAME.len() + media_type.len();
    bytes.len() >= end
        && bytes.starts_with(b"PK\x03\x04")
        && u16_at(8) == 0
        && u32_at(18) == media_type.len() as u32
        && u32_at(22) == media_type.len() as u32
        && u16_at(26) == MIMETYPE_NAME.len() as u16
        && u16_at(28) == 0
        && &bytes[30..38] == MIMETYPE_NAME.as_bytes()
        && &bytes[38..end] == media_type.as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::zip::ZipWriter;

    const A: &str = "0b6f3c1e-8d2a-4f57-9a3e-2c1d4b5a6f70";
    const B: &str = "6f1c7a52-3d4e-4b8a-9f10-2a6b5c8d9e01";

    /// Something that starts like a bundle (the batch does not open it).
    fn fake_bundle(tag: &[u8]) -> Vec<u8> {
        let mut w = ZipWriter::new(DosTime::EPOCH);
        w.add(MIMETYPE_NAME, MIMETYPE.as_bytes()).unwrap();
        w.add("manifest.json", tag).unwrap();
        w.finish().unwrap()
    }

    fn batch_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = ZipWriter::new(DosTime::EPOCH);
        for (name, data) in entries {
            w.add(name, data).unwrap();
        }
        w.finish().unwrap()
    }

    #[test]
    fn round_trip_keeps_order_and_bytes() {
        let (a, b) = (fake_bundle(b"a"), fake_bundle(b"b"));
        let batch = write_batch(&[(B.into(), b.clone()), (A.into(), a.clone())]).unwrap();
        assert!(is_batch(&batch));
        assert!(!is_batch(&a));
        assert_eq!(&batch[30..38], b"mimetype");
        assert_eq!(&batch[38..70], BATCH_MIMETYPE.as_bytes());
        assert_eq!(read_batch(&batch).unwrap(), vec![b.clone(), a.clone()]);
        assert_eq!(read_batch_named(&batch).unwrap(), vec![(B.to_owned(), b.clone()), (A.to_owned(), a.clone())]);
        let names: Vec<_> = zip::read(&batch).unwrap().iter().map(|e| e.name.to_owned()).collect();
        assert_eq!(names, ["mimetype".to_owned(), entry_name(B), entry_name(A)]);
        assert_eq!(entry_name(A), format!("bundles/{A}.tokhai"));
        // Deterministic.
        assert_eq!(write_batch(&[(B.into(), b), (A.into(), a)]).unwrap(), batch);
    }

    #[test]
    fn pieces_make_the_same_file_and_ranges_point_at_the_bundles() {
        let (a, b) = (fake_bundle(b"a"), fake_bundle(b"bb"));
        let whole = write_batch(&[(A.into(), a.clone()), (B.into(), b.clone())]).unwrap();
        let mut w = BatchWriter::new();
        let mut pieces = w.start().unwrap();
        for (id, bytes) in [(A, &a), (B, &b)] {
            pieces.extend(w.bundle(id, bytes.len() as u64, zip::crc32(bytes), &bytes[..100.min(bytes.len())]).unwrap());
            pieces.extend_from_slice(bytes);
        }
        pieces.extend(w.finish().unwrap());
        assert_eq!(pieces, whole);
        let ranges = read_batch_ranges(&whole).unwrap();
        assert_eq!(ranges.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), [A, B]);
        assert_eq!(&whole[ranges[0].1.clone()], &a[..]);
        assert_eq!(&whole[ranges[1].1.clone()], &b[..]);
        // A wrong CRC given to the writer makes a file the reader refuses.
        let mut w = BatchWriter::new();
        let mut bad = w.start().unwrap();
        bad.extend(w.bundle(A, a.len() as u64, zip::crc32(&a) ^ 1, &a).unwrap());
        bad.extend_from_slice(&a);
        bad.extend(w.finish().unwrap());
        assert!(read_batch(&bad).is_err());
        assert_eq!(BatchWriter::new().finish().unwrap_err().code(), "bad_container");
    }

    #[test]
    fn the_writer_refuses_what_the_reader_would() {
        let a = fake_bundle(b"a");
        let code = |list: &[(String, Vec<u8>)]| write_batch(list).unwrap_err().code();
        assert_eq!(code(&[]), "bad_container");
        assert_eq!(code(&[(A.to_uppercase(), a.clone())]), "bad_container");
        assert_eq!(code(&[("../x".into(), a.clone())]), "bad_container");
        assert_eq!(code(&[(A.into(), a.clone()), (A.into(), a.clone())]), "bad_container");
        assert_eq!(code(&[(A.into(), b"not a bundle".to_vec())]), "bad_mimetype");
        let batch = write_batch(&[(A.into(), a.clone())]).unwrap();
        assert_eq!(code(&[(A.into(), batch)]), "bad_mimetype", "a batch is not a bundle");
    }

    #[test]
    fn malformed_batches_are_refused() {
        let a = fake_bundle(b"a");
        let good_name = entry_name(A);
        let code = |bytes: &[u8]| read_batch(bytes).unwrap_err().code();
        let mt = BATCH_MIMETYPE.as_bytes();
        // Not a ZIP, an empty ZIP, another first entry, another media type, a bundle.
        assert_eq!(code(b"hello"), "bad_container");
        assert_eq!(code(&batch_of(&[])), "bad_mimetype");
        assert_eq!(code(&batch_of(&[(&good_name, &a), ("mimetype", mt)])), "bad_mimetype");
        assert_eq!(code(&batch_of(&[("mimetype", b"application/zip"), (&good_name, &a)])), "bad_mimetype");
        let e = read_batch(&a).unwrap_err();
        assert_eq!(e.code(), "bad_mimetype");
        assert!(e.to_string().contains("single bundle"), "{e}");
        // No bundle; other files; names that are not bundles/<lowercase uuid>.tokhai.
        assert_eq!(code(&batch_of(&[("mimetype", mt)])), "bad_container");
        for name in [
            "README.txt".to_owned(),
            format!("bundles/{A}.zip"),
            format!("bundles/{}.tokhai", B.to_uppercase()),
            format!("bundles/x/{A}.tokhai"),
            format!("{A}.tokhai"),
            "bundles/not-a-uuid.tokhai".to_owned(),
        ] {
            let e = read_batch(&batch_of(&[("mimetype", mt), (&good_name, &a), (&name, &a)])).unwrap_err();
            assert_eq!(e, BundleError::ExtraFile(name.clone()), "{name}");
        }
        // The same bundle twice, also in another case.
        let upper = format!("bundles/{}.TOKHAI", A);
        assert_eq!(code(&batch_of(&[("mimetype", mt), (&good_name, &a), (&upper, &a)])), "bad_container");
        // A flipped byte inside an inner bundle: the ZIP's CRC.
        let mut batch = write_batch(&[(A.into(), a.clone())]).unwrap();
        let at = zip::read(&batch).unwrap()[1].data_range().start + 40;
        batch[at] ^= 1;
        assert_eq!(code(&batch), "bad_container");
        // Compressed or trailing data: the strict reader.
        let mut batch = write_batch(&[(A.into(), a)]).unwrap();
        batch.push(0);
        assert_eq!(code(&batch), "bad_container");
    }

    #[test]
    fn peeking() {
        assert!(!is_batch(b""));
        assert!(!is_batch(b"PK\x03\x04"));
        let b = batch_of(&[("mimetype", BATCH_MIMETYPE.as_bytes())]);
        assert!(is_batch(&b));
        assert!(!is_batch(&batch_of(&[("mimetype", b"application/vnd.tokhai.batch+zipX")])));
        assert!(!is_batch(&batch_of(&[("mimetypf", BATCH_MIMETYPE.as_bytes())])));
    }
}
