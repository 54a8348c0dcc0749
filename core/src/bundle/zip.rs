//! A small ZIP writer and a strict ZIP reader for bundle containers.
//!
//! Only the plainest ZIP: every entry "stored" (method 0, no compression:
//! attachments are JPEG and PDF, already compressed), no encryption, no data
//! descriptors, no extra fields, no ZIP64 (nothing at or above 4 GiB), names
//! in UTF-8 (general purpose flag bit 11). The reader accepts exactly that
//! and refuses anything that two ZIP readers could see differently: entries
//! must follow each other from the first byte with no gap or overlap, the
//! central directory must repeat every local header exactly and follow the
//! last entry, and the end record must end the file (after its comment).
//! Fields no reader needs ("version made by", file attributes) have one
//! allowed value, so that no single byte of an archive can change unnoticed.
//! APPNOTE.TXT 6.3.10 is the reference for the byte layout.

use std::collections::HashSet;

/// Local file header signature `PK\x03\x04`.
const LOCAL: u32 = 0x0403_4b50;
/// Central directory file header signature `PK\x01\x02`.
const CENTRAL: u32 = 0x0201_4b50;
/// End of central directory signature `PK\x05\x06`.
const END: u32 = 0x0605_4b50;
const LOCAL_LEN: usize = 30;
const CENTRAL_LEN: usize = 46;
const END_LEN: usize = 22;
/// Version needed to extract: 2.0 (the oldest version that has every feature used).
const VERSION: u16 = 20;
/// General purpose flag bit 11: names are UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
const FLAG_ENCRYPTED: u16 = 1;
/// Longest entry name, in bytes.
pub const MAX_NAME_LEN: usize = 255;
/// At most this many entries (the end record counts them in 16 bits, and
/// 0xFFFF means ZIP64).
pub const MAX_ENTRIES: usize = 0xFFFE;

/// Why an archive was refused or could not be written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ZipError {
    #[error("no end of central directory record at the end of the file")]
    NoEndRecord,
    #[error("more than one possible end of central directory record")]
    AmbiguousEnd,
    #[error("multi-disk archives are not supported")]
    MultiDisk,
    #[error("ZIP64 archives are not supported")]
    Zip64,
    #[error("{0} exceeds the limits of a ZIP without ZIP64 (4 GiB, 65534 entries)")]
    TooLarge(&'static str),
    #[error("a signature is missing or wrong at byte {0}")]
    BadSignature(usize),
    #[error("the archive is truncated")]
    Truncated,
    #[error("entry {0:?} is encrypted")]
    Encrypted(String),
    #[error("entry {0:?} is compressed (method {1}); only stored entries are allowed")]
    Compressed(String, u16),
    #[error("entry {0:?} uses unsupported general purpose flags {1:#06x}")]
    Flags(String, u16),
    #[error("entry {0:?} needs ZIP version {1}, above 2.0")]
    Version(String, u16),
    #[error("entry {0:?} has extra fields or a comment, which are not allowed")]
    Extra(String),
    #[error("entry {0:?}: \"version made by\" must be 20 and the file attributes 0")]
    Attributes(String),
    #[error("entry {0:?}: the local header and the central directory disagree ({1})")]
    Inconsistent(String, &'static str),
    #[error("entry {0:?}: CRC-32 mismatch")]
    Crc(String),
    #[error("invalid entry name {0:?}: {1}")]
    BadName(String, &'static str),
    #[error("duplicate entry name {0:?}")]
    Duplicate(String),
    #[error("entries overlap, leave gaps or are out of order at byte {0}")]
    Layout(usize),
    #[error("the central directory does not match the end record ({0})")]
    Directory(&'static str),
}

/// One entry of a read archive, in archive order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    pub name: &'a str,
    pub data: &'a [u8],
    /// Offset of the entry's local header in the archive.
    pub offset: usize,
}

impl Entry<'_> {
    /// Where the entry's data lies in the archive.
    pub fn data_range(&self) -> std::ops::Range<usize> {
        let start = self.offset + LOCAL_LEN + self.name.len();
        start..start + self.data.len()
    }
}

/// Checks an entry name: 1–255 bytes, relative, `/`-separated segments that
/// are neither empty nor `.` or `..`, no backslash, no colon, no control
/// characters (C0, DEL, C1). Directories (a trailing `/`) are not entries.
pub fn check_name(name: &str) -> Result<(), ZipError> {
    let bad = |why| Err(ZipError::BadName(name.to_owned(), why));
    if name.is_empty() {
        return bad("empty");
    }
    if name.len() > MAX_NAME_LEN {
        return bad("longer than 255 bytes");
    }
    if name.starts_with('/') {
        return bad("absolute path");
    }
    if name.contains('\\') {
        return bad("backslash");
    }
    if name.contains(':') {
        return bad("colon (drive letter or stream)");
    }
    if name.chars().any(|c| c.is_control()) {
        return bad("control character");
    }
    for segment in name.split('/') {
        match segment {
            "" => return bad("empty path segment (or a directory)"),
            "." | ".." => return bad("relative path segment . or .."),
            _ => {}
        }
    }
    Ok(())
}

/// CRC-32 (ISO-HDLC, the ZIP and PNG one: reflected polynomial 0xEDB88320).
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc = CRC_TABLE[((crc ^ b as u32) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// An MS-DOS date and time, the only timestamp of a plain ZIP entry (local
/// time, 2-second resolution, 1980–2107).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DosTime {
    pub time: u16,
    pub date: u16,
}

impl DosTime {
    /// 1980-01-01 00:00:00, the earliest DOS time.
    pub const EPOCH: DosTime = DosTime { time: 0, date: (1 << 5) | 1 };

    /// From calendar fields; out of range values give [`DosTime::EPOCH`].
    pub fn new(year: i32, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> DosTime {
        if !(1980..=2107).contains(&year)
            || !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return DosTime::EPOCH;
        }
        DosTime {
            time: ((hour as u16) << 11) | ((minute as u16) << 5) | (second as u16 / 2),
            date: (((year - 1980) as u16) << 9) | ((month as u16) << 5) | day as u16,
        }
    }
}

/// Writes the headers of a ZIP of stored entries whose bodies are kept
/// elsewhere: [`ZipHeaders::entry`] gives the local header to write just
/// before an entry's bytes, [`ZipHeaders::finish`] the central directory and
/// end record that close the archive. In the browser the bodies are Blobs
/// already in IndexedDB, so a batch of hundreds of megabytes is assembled
/// without ever holding it in memory.
#[derive(Debug)]
pub struct ZipHeaders {
    /// Bytes written so far (headers and bodies).
    offset: u64,
    central: Vec<u8>,
    names: HashSet<String>,
    count: usize,
    time: DosTime,
}

impl ZipHeaders {
    /// Headers stamping every entry with `time`.
    pub fn new(time: DosTime) -> ZipHeaders {
        ZipHeaders { offset: 0, central: Vec::new(), names: HashSet::new(), count: 0, time }
    }

    /// The local header of a stored entry of `size` bytes whose CRC-32 is
    /// `crc` ([`crc32`]); the caller writes it, then exactly those bytes.
    pub fn entry(&mut self, name: &str, size: u64, crc: u32) -> Result<Vec<u8>, ZipError> {
        check_name(name)?;
        if self.names.contains(name) {
            return Err(ZipError::Duplicate(name.to_owned()));
        }
        if self.count >= MAX_ENTRIES {
            return Err(ZipError::TooLarge("the number of entries"));
        }
        let size = u32::try_from(size).ok().filter(|n| *n < u32::MAX).ok_or(ZipError::TooLarge("an entry"))?;
        let offset = u32::try_from(self.offset).ok().filter(|n| *n < u32::MAX).ok_or(ZipError::TooLarge("the archive"))?;
        let end = self.offset + (LOCAL_LEN + name.len()) as u64 + u64::from(size);
        if end >= u32::MAX as u64 {
            return Err(ZipError::TooLarge("the archive"));
        }
        self.names.insert(name.to_owned());
        let flags = if name.is_ascii() { 0 } else { FLAG_UTF8 };
        let name_len = name.len() as u16;

        let mut o = Vec::with_capacity(LOCAL_LEN + name.len());
        put32(&mut o, LOCAL);
        put16(&mut o, VERSION);
        put16(&mut o, flags);
        put16(&mut o, 0); // method: stored
        put16(&mut o, self.time.time);
        put16(&mut o, self.time.date);
        put32(&mut o, crc);
        put32(&mut o, size);
        put32(&mut o, size);
        put16(&mut o, name_len);
        put16(&mut o, 0); // extra field length
        o.extend_from_slice(name.as_bytes());

        let c = &mut self.central;
        put32(c, CENTRAL);
        put16(c, VERSION); // version made by: 2.0, MS-DOS attributes
        put16(c, VERSION);
        put16(c, flags);
        put16(c, 0);
        put16(c, self.time.time);
        put16(c, self.time.date);
        put32(c, crc);
        put32(c, size);
        put32(c, size);
        put16(c, name_len);
        put16(c, 0); // extra field length
        put16(c, 0); // comment length
        put16(c, 0); // disk number start
        put16(c, 0); // internal attributes
        put32(c, 0); // external attributes
        put32(c, offset);
        c.extend_from_slice(name.as_bytes());
        self.count += 1;
        self.offset = end;
        Ok(o)
    }

    /// The central directory and end record (no comment), written after the
    /// last entry's bytes.
    pub fn finish(self) -> Result<Vec<u8>, ZipError> {
        let cd_offset = u32::try_from(self.offset).ok().filter(|n| *n < u32::MAX).ok_or(ZipError::TooLarge("the archive"))?;
        let cd_size = u32_below_marker(self.central.len(), "the central directory")?;
        if self.offset + self.central.len() as u64 + END_LEN as u64 >= u32::MAX as u64 {
            return Err(ZipError::TooLarge("the archive"));
        }
        let mut o = self.central;
        put32(&mut o, END);
        put16(&mut o, 0); // this disk
        put16(&mut o, 0); // disk with the central directory
        put16(&mut o, self.count as u16);
        put16(&mut o, self.count as u16);
        put32(&mut o, cd_size);
        put32(&mut o, cd_offset);
        put16(&mut o, 0); // comment length
        Ok(o)
    }
}

/// Writes a ZIP of stored entries in memory, in the order they are added.
#[derive(Debug)]
pub struct ZipWriter {
    out: Vec<u8>,
    headers: ZipHeaders,
}

impl ZipWriter {
    /// A writer stamping every entry with `time`.
    pub fn new(time: DosTime) -> ZipWriter {
        ZipWriter { out: Vec::new(), headers: ZipHeaders::new(time) }
    }

    /// Appends a stored entry.
    pub fn add(&mut self, name: &str, data: &[u8]) -> Result<(), ZipError> {
        let header = self.headers.entry(name, data.len() as u64, crc32(data))?;
        self.out.extend_from_slice(&header);
        self.out.extend_from_slice(data);
        Ok(())
    }

    /// The finished archive: entries, central directory, end record (no comment).
    pub fn finish(mut self) -> Result<Vec<u8>, ZipError> {
        let tail = self.headers.finish()?;
        self.out.extend_from_slice(&tail);
        Ok(self.out)
    }
}

fn u32_below_marker(n: usize, what: &'static str) -> Result<u32, ZipError> {
    // 0xFFFFFFFF itself means "see the ZIP64 record".
    u32::try_from(n).ok().filter(|n| *n < u32::MAX).ok_or(ZipError::TooLarge(what))
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn get16(b: &[u8], at: usize) -> Result<u16, ZipError> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]])).ok_or(ZipError::Truncated)
}

fn get32(b: &[u8], at: usize) -> Result<u32, ZipError> {
    b.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]])).ok_or(ZipError::Truncated)
}

/// The fields a local header and its central directory record share.
#[derive(PartialEq, Eq)]
struct Header {
    version: u16,
    flags: u16,
    method: u16,
    time: u16,
    date: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    name_len: u16,
    extra_len: u16,
}

/// Reads the shared fields starting at the "version needed" field.
fn header_at(b: &[u8], at: usize) -> Result<Header, ZipError> {
    Ok(Header {
        version: get16(b, at)?,
        flags: get16(b, at + 2)?,
        method: get16(b, at + 4)?,
        time: get16(b, at + 6)?,
        date: get16(b, at + 8)?,
        crc: get32(b, at + 10)?,
        compressed: get32(b, at + 14)?,
        size: get32(b, at + 18)?,
        name_len: get16(b, at + 22)?,
        extra_len: get16(b, at + 24)?,
    })
}

/// Reads a strict archive (see the module documentation): its entries in order.
pub fn read(bytes: &[u8]) -> Result<Vec<Entry<'_>>, ZipError> {
    if bytes.len() >= u32::MAX as usize {
        return Err(ZipError::TooLarge("the archive"));
    }
    let end = find_end(bytes)?;
    if get16(bytes, end + 4)? != 0 || get16(bytes, end + 6)? != 0 {
        return Err(ZipError::MultiDisk);
    }
    let (on_disk, total) = (get16(bytes, end + 8)?, get16(bytes, end + 10)?);
    let (cd_size, cd_offset) = (get32(bytes, end + 12)?, get32(bytes, end + 16)?);
    if on_disk == 0xFFFF || total == 0xFFFF || cd_size == u32::MAX || cd_offset == u32::MAX {
        return Err(ZipError::Zip64);
    }
    if on_disk != total {
        return Err(ZipError::MultiDisk);
    }
    let (cd_offset, cd_size) = (cd_offset as usize, cd_size as usize);
    if cd_offset.checked_add(cd_size) != Some(end) {
        return Err(ZipError::Directory("the central directory must end where the end record starts"));
    }

    let mut entries = Vec::with_capacity(total as usize);
    let mut names: HashSet<String> = HashSet::new();
    let mut at = cd_offset;
    // Where the next local header must start: entries are contiguous from byte 0.
    let mut next_local = 0usize;
    for _ in 0..total {
        if at + CENTRAL_LEN > end || get32(bytes, at)? != CENTRAL {
            return Err(ZipError::BadSignature(at));
        }
        let central = header_at(bytes, at + 6)?;
        let made_by = get16(bytes, at + 4)?;
        let comment_len = get16(bytes, at + 32)? as usize;
        let disk = get16(bytes, at + 34)?;
        let attributes = (get16(bytes, at + 36)?, get32(bytes, at + 38)?);
        let local_offset = get32(bytes, at + 42)? as usize;
        let name_end = at + CENTRAL_LEN + central.name_len as usize;
        if name_end > end {
            return Err(ZipError::Truncated);
        }
        let raw_name = &bytes[at + CENTRAL_LEN..name_end];
        let name = std::str::from_utf8(raw_name)
            .map_err(|_| ZipError::BadName(String::from_utf8_lossy(raw_name).into_owned(), "not UTF-8"))?;
        let owned = || name.to_owned();
        if disk != 0 {
            return Err(ZipError::MultiDisk);
        }
        if central.flags & FLAG_ENCRYPTED != 0 {
            return Err(ZipError::Encrypted(owned()));
        }
        if central.flags & !FLAG_UTF8 != 0 {
            return Err(ZipError::Flags(owned(), central.flags));
        }
        if central.method != 0 {
            return Err(ZipError::Compressed(owned(), central.method));
        }
        if central.version > VERSION {
            return Err(ZipError::Version(owned(), central.version));
        }
        if central.extra_len != 0 || comment_len != 0 {
            return Err(ZipError::Extra(owned()));
        }
        // Fields no reader needs are fixed, so that no byte of a bundle can
        // change without the bundle being refused.
        if made_by != VERSION || attributes != (0, 0) {
            return Err(ZipError::Attributes(owned()));
        }
        if central.compressed == u32::MAX || central.size == u32::MAX || local_offset == u32::MAX as usize {
            return Err(ZipError::Zip64);
        }
        if central.compressed != central.size {
            return Err(ZipError::Inconsistent(owned(), "a stored entry's sizes differ"));
        }
        check_name(name)?;
        // Also refuse names equal but for ASCII case: they collide when extracted on
        // Windows or macOS.
        if !names.insert(name.to_ascii_lowercase()) {
            return Err(ZipError::Duplicate(owned()));
        }

        if local_offset != next_local {
            return Err(ZipError::Layout(local_offset));
        }
        if get32(bytes, local_offset)? != LOCAL {
            return Err(ZipError::BadSignature(local_offset));
        }
        let local = header_at(bytes, local_offset + 4)?;
        if local != central {
            return Err(ZipError::Inconsistent(owned(), "header fields"));
        }
        let data_start = local_offset + LOCAL_LEN + central.name_len as usize;
        let data_end = data_start.checked_add(central.size as usize).ok_or(ZipError::Truncated)?;
        if data_end > cd_offset {
            return Err(ZipError::Layout(local_offset));
        }
        if &bytes[local_offset + LOCAL_LEN..data_start] != raw_name {
            return Err(ZipError::Inconsistent(owned(), "name"));
        }
        let data = &bytes[data_start..data_end];
        if crc32(data) != central.crc {
            return Err(ZipError::Crc(owned()));
        }
        entries.push(Entry { name, data, offset: local_offset });
        next_local = data_end;
        at = name_end;
    }
    if at != end {
        return Err(ZipError::Directory("the central directory holds more than the end record counts"));
    }
    if next_local != cd_offset {
        return Err(ZipError::Layout(next_local));
    }
    Ok(entries)
}

/// The offset of the end of central directory record: the one whose comment
/// ends exactly at the end of the file. Two candidates (a comment that hides
/// another end record) are refused.
fn find_end(bytes: &[u8]) -> Result<usize, ZipError> {
    if bytes.len() < END_LEN {
        return Err(ZipError::NoEndRecord);
    }
    let lowest = bytes.len().saturating_sub(END_LEN + 0xFFFF);
    let mut found = None;
    for at in (lowest..=bytes.len() - END_LEN).rev() {
        if get32(bytes, at)? == END && at + END_LEN + get16(bytes, at + 20)? as usize == bytes.len() {
            if found.is_some() {
                return Err(ZipError::AmbiguousEnd);
            }
            found = Some(at);
        }
    }
    found.ok_or(ZipError::NoEndRecord)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut w = ZipWriter::new(DosTime::new(2026, 11, 22, 10, 42, 7));
        w.add("mimetype", b"application/x-test").unwrap();
        w.add("a/b.txt", b"hello").unwrap();
        w.add("giấy.txt", b"").unwrap();
        w.finish().unwrap()
    }

    #[test]
    fn crc32_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn round_trip() {
        let zip = sample();
        let entries = read(&zip).unwrap();
        let names: Vec<_> = entries.iter().map(|e| (e.name, e.data)).collect();
        assert_eq!(names, [("mimetype", &b"application/x-test"[..]), ("a/b.txt", b"hello"), ("giấy.txt", b"")]);
        assert_eq!(entries[0].offset, 0);
        assert_eq!(&zip[entries[1].data_range()], b"hello");
        // The first entry is at byte 0 with its name at byte 30 and data right after.
        assert_eq!(&zip[30..38], b"mimetype");
        assert_eq!(&zip[38..56], b"application/x-test");
    }

    #[test]
    fn empty_archive() {
        let zip = ZipWriter::new(DosTime::EPOCH).finish().unwrap();
        assert_eq!(zip.len(), 22);
        assert_eq!(read(&zip).unwrap(), Vec::new());
    }

    #[test]
    fn names_are_checked() {
        for ok in ["mimetype", "attachments/01-a.jpg", "a b/c", "giấy tờ.pdf", "..a", "a..b"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "a/../b",
            "..",
            "./a",
            "a//b",
            "dir/",
            "a\\b",
            "C:x",
            "a\u{0}b",
            "a\nb",
            "a\u{7f}",
            "a\u{85}",
            &"x".repeat(256),
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        let mut w = ZipWriter::new(DosTime::EPOCH);
        w.add("a", b"1").unwrap();
        assert_eq!(w.add("a", b"2"), Err(ZipError::Duplicate("a".into())));
        assert!(w.add("../a", b"2").is_err());
    }

    fn expect_err(bytes: &[u8]) -> ZipError {
        read(bytes).expect_err("should be refused")
    }

    /// Patches a little-endian u16 at `at`.
    fn patch16(z: &mut [u8], at: usize, v: u16) {
        z[at..at + 2].copy_from_slice(&v.to_le_bytes());
    }

    /// Offsets of the central records of `sample()`.
    fn central_offsets(z: &[u8]) -> Vec<usize> {
        let end = z.len() - END_LEN;
        let mut at = u32::from_le_bytes(z[end + 16..end + 20].try_into().unwrap()) as usize;
        let mut out = Vec::new();
        while at < end {
            out.push(at);
            at += CENTRAL_LEN + u16::from_le_bytes(z[at + 28..at + 30].try_into().unwrap()) as usize;
        }
        out
    }

    #[test]
    fn refuses_what_it_does_not_write() {
        let good = sample();
        let cds = central_offsets(&good);
        assert_eq!(cds.len(), 3);

        // Method 8 (deflate) in both headers.
        let mut z = good.clone();
        patch16(&mut z, 8, 8);
        patch16(&mut z, cds[0] + 10, 8);
        assert!(matches!(expect_err(&z), ZipError::Compressed(_, 8)));

        // Encrypted.
        let mut z = good.clone();
        patch16(&mut z, 6, 1);
        patch16(&mut z, cds[0] + 8, 1);
        assert!(matches!(expect_err(&z), ZipError::Encrypted(_)));

        // Unix "version made by", or file attributes.
        let mut z = good.clone();
        patch16(&mut z, cds[0] + 4, 0x031e);
        assert!(matches!(expect_err(&z), ZipError::Attributes(_)));
        let mut z = good.clone();
        z[cds[1] + 40] = 0x81;
        assert!(matches!(expect_err(&z), ZipError::Attributes(_)));

        // Data descriptor flag.
        let mut z = good.clone();
        patch16(&mut z, cds[0] + 8, 1 << 3);
        assert!(matches!(expect_err(&z), ZipError::Flags(..)));

        // Local and central disagree (time).
        let mut z = good.clone();
        patch16(&mut z, 10, 0x1234);
        assert!(matches!(expect_err(&z), ZipError::Inconsistent(..)));

        // CRC mismatch: change a data byte.
        let mut z = good.clone();
        z[40] ^= 0x20;
        assert!(matches!(expect_err(&z), ZipError::Crc(_)));

        // Bad local signature.
        let mut z = good.clone();
        z[0] = b'Q';
        assert!(matches!(expect_err(&z), ZipError::BadSignature(0)));

        // Trailing garbage after the end record, and data before the first entry.
        let mut z = good.clone();
        z.push(0);
        assert_eq!(expect_err(&z), ZipError::NoEndRecord);
        let mut z = vec![0u8; 4];
        z.extend_from_slice(&good);
        assert!(read(&z).is_err());

        // Truncated anywhere.
        for n in [0, 10, good.len() / 2, good.len() - 1] {
            assert!(read(&good[..n]).is_err(), "{n}");
        }

        // ZIP64 markers in the end record.
        let mut z = good.clone();
        let end = z.len() - END_LEN;
        patch16(&mut z, end + 8, 0xFFFF);
        patch16(&mut z, end + 10, 0xFFFF);
        assert_eq!(expect_err(&z), ZipError::Zip64);
    }

    #[test]
    fn no_single_byte_can_change_unnoticed() {
        let good = sample();
        for at in 0..good.len() {
            for mask in [0x01, 0x80, 0xff] {
                let mut z = good.clone();
                z[at] ^= mask;
                assert!(read(&z).is_err(), "byte {at} ^ {mask:#04x} went unnoticed");
            }
        }
    }

    #[test]
    fn a_comment_is_allowed_but_nothing_after_it() {
        let mut z = sample();
        let end = z.len() - END_LEN;
        patch16(&mut z, end + 20, 3);
        z.extend_from_slice(b"abc");
        assert_eq!(read(&z).unwrap().len(), 3);
        z.push(b'd');
        assert_eq!(expect_err(&z), ZipError::NoEndRecord);
    }

    /// Builds an archive by hand from (name, data, local offset override).
    fn craft(entries: &[(&str, &[u8])], offsets: &[usize], body: Vec<u8>) -> Vec<u8> {
        let mut central = Vec::new();
        for ((name, data), offset) in entries.iter().zip(offsets) {
            put32(&mut central, CENTRAL);
            put16(&mut central, VERSION);
            put16(&mut central, VERSION);
            put16(&mut central, 0);
            put16(&mut central, 0);
            put16(&mut central, 0);
            put16(&mut central, 0x21);
            put32(&mut central, crc32(data));
            put32(&mut central, data.len() as u32);
            put32(&mut central, data.len() as u32);
            put16(&mut central, name.len() as u16);
            put16(&mut central, 0);
            put16(&mut central, 0);
            put16(&mut central, 0);
            put16(&mut central, 0);
            put32(&mut central, 0);
            put32(&mut central, *offset as u32);
            central.extend_from_slice(name.as_bytes());
        }
        let mut out = body;
        let cd_offset = out.len();
        out.extend_from_slice(&central);
        put32(&mut out, END);
        put16(&mut out, 0);
        put16(&mut out, 0);
        put16(&mut out, entries.len() as u16);
        put16(&mut out, entries.len() as u16);
        put32(&mut out, central.len() as u32);
        put32(&mut out, cd_offset as u32);
        put16(&mut out, 0);
        out
    }

    #[test]
    fn overlapping_and_duplicate_entries_are_refused() {
        // One local entry referenced twice by the central directory.
        let mut w = ZipWriter::new(DosTime::EPOCH);
        w.add("a", b"xyz").unwrap();
        let one = w.finish().unwrap();
        let body = one[..LOCAL_LEN + 1 + 3].to_vec();
        let z = craft(&[("a", b"xyz"), ("a", b"xyz")], &[0, 0], body.clone());
        assert!(matches!(expect_err(&z), ZipError::Duplicate(_)));
        // Same data under another name: the second record points back into the first.
        let z = craft(&[("a", b"xyz"), ("b", b"xyz")], &[0, 0], body.clone());
        assert!(matches!(expect_err(&z), ZipError::Layout(0)));
        // Case-only duplicates.
        let mut w = ZipWriter::new(DosTime::EPOCH);
        w.add("A", b"1").unwrap();
        w.add("a", b"1").unwrap();
        assert!(matches!(expect_err(&w.finish().unwrap()), ZipError::Duplicate(_)));
    }

    #[test]
    fn bad_names_in_an_archive_are_refused() {
        for name in ["../evil", "/abs", "a\\b", "x\u{1}"] {
            let mut local = Vec::new();
            put32(&mut local, LOCAL);
            put16(&mut local, VERSION);
            put16(&mut local, 0);
            put16(&mut local, 0);
            put16(&mut local, 0);
            put16(&mut local, 0x21);
            put32(&mut local, crc32(b"x"));
            put32(&mut local, 1);
            put32(&mut local, 1);
            put16(&mut local, name.len() as u16);
            put16(&mut local, 0);
            local.extend_from_slice(name.as_bytes());
            local.push(b'x');
            let z = craft(&[(name, b"x")], &[0], local);
            assert!(matches!(expect_err(&z), ZipError::BadName(..)), "{name:?}");
        }
    }

    #[test]
    fn dos_time() {
        let t = DosTime::new(2026, 11, 22, 10, 42, 7);
        assert_eq!(t.date, ((2026 - 1980) << 9) | (11 << 5) | 22);
        assert_eq!(t.time, (10 << 11) | (42 << 5) | 3);
        assert_eq!(DosTime::new(1970, 1, 1, 0, 0, 0), DosTime::EPOCH);
    }
}
