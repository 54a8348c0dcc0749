//! A draft saved as a file ("Lưu hồ sơ thành tệp"): an unfinished dossier
//! taken off a phone whose storage is full, or carried to another device,
//! and opened there again as a draft.
//!
//! Unlike a bundle it is not signed: it is the citizen's own work in progress,
//! and opening it only gives back something to edit and check again. It is
//! still read as strictly as a bundle — the same stored-only ZIP reader, size
//! and count limits, digests — because a file from elsewhere is untrusted.
//!
//! Layout (in this order): `mimetype` (exactly [`DRAFT_MIMETYPE`]),
//! `draft.json` (the [`Draft`]), `files.json` (a list of [`FileEntry`]), then
//! one `files/NNNN` entry per attachment, in the list's order.

use serde::{Deserialize, Serialize};

use crate::bundle::zip::{self, DosTime, ZipError, ZipWriter};
use crate::bundle::{sha256_hex, Limits};
use crate::draft::Draft;
use crate::i18n::Text;

pub const DRAFT_MIMETYPE: &str = "application/vnd.tokhai.draft+zip";
/// File name ending of a saved draft.
pub const DRAFT_EXTENSION: &str = ".tokhai-nhap";

const MIMETYPE_NAME: &str = "mimetype";
const DRAFT_NAME: &str = "draft.json";
const FILES_NAME: &str = "files.json";

/// One attachment of the draft, as listed in `files.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileEntry {
    /// Entry name in the archive (`files/0001`).
    pub path: String,
    /// Document slot id in the procedure.
    pub slot: String,
    /// The file's name as the citizen gave it.
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

/// An attachment to write: what `files.json` says of it, and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInput {
    pub slot: String,
    pub name: String,
    pub media_type: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub bytes: Vec<u8>,
}

/// A draft file, read and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftFile {
    pub draft: Draft,
    /// Each attachment with its bytes, in the file's order.
    pub files: Vec<(FileEntry, Vec<u8>)>,
}

/// Why a draft file cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DraftFileError {
    #[error("not a valid draft file: {0}")]
    BadContainer(String),
    #[error("not a Tờ khai draft file")]
    NotADraft,
    #[error("the draft file is too large: {0}")]
    TooLarge(String),
    #[error("the draft in the file is unreadable: {0}")]
    BadDraft(String),
    #[error("attachment {0:?} does not match its size and SHA-256")]
    DigestMismatch(String),
}

impl From<ZipError> for DraftFileError {
    fn from(e: ZipError) -> Self {
        match e {
            ZipError::TooLarge(what) => DraftFileError::TooLarge(what.to_owned()),
            other => DraftFileError::BadContainer(other.to_string()),
        }
    }
}

impl DraftFileError {
    /// What the citizen is told (the file is refused; nothing changed on the device).
    pub fn message(&self) -> Text {
        match self {
            DraftFileError::NotADraft => Text::new(
                "Tệp này không phải hồ sơ đang khai được lưu từ Tờ khai. Nếu là hồ sơ đã nộp (.tokhai), hãy nhập nó trong Hộp thư đi.",
                "This file is not a draft saved from Tờ khai. If it is a filed dossier (.tokhai), import it in the Outbox.",
            ),
            DraftFileError::TooLarge(_) => Text::new(
                "Tệp hồ sơ quá lớn nên không mở được.",
                "The draft file is too large to open.",
            ),
            DraftFileError::BadContainer(_) | DraftFileError::BadDraft(_) | DraftFileError::DigestMismatch(_) => Text::new(
                "Tệp hồ sơ bị hỏng hoặc không đầy đủ (có thể do tải về hoặc sao chép chưa xong). Hãy lưu lại tệp từ máy cũ.",
                "The draft file is damaged or incomplete (perhaps a download or copy did not finish). Save it again on the original device.",
            ),
        }
    }
}

/// Writes a draft and its attachments as one file.
pub fn write(draft: &Draft, files: &[FileInput], time: DosTime) -> Result<Vec<u8>, DraftFileError> {
    let mut entries = Vec::with_capacity(files.len());
    for (n, f) in files.iter().enumerate() {
        entries.push(FileEntry {
            path: format!("files/{:04}", n + 1),
            slot: f.slot.clone(),
            name: f.name.clone(),
            media_type: f.media_type.clone(),
            size: f.bytes.len() as u64,
            sha256: sha256_hex(&f.bytes),
            width: f.width,
            height: f.height,
        });
    }
    let draft_json = serde_json::to_vec(draft).map_err(|e| DraftFileError::BadDraft(e.to_string()))?;
    let files_json = serde_json::to_vec(&entries).map_err(|e| DraftFileError::BadDraft(e.to_string()))?;
    let mut zip = ZipWriter::new(time);
    zip.add(MIMETYPE_NAME, DRAFT_MIMETYPE.as_bytes())?;
    zip.add(DRAFT_NAME, &draft_json)?;
    zip.add(FILES_NAME, &files_json)?;
    for (entry, f) in entries.iter().zip(files) {
        zip.add(&entry.path, &f.bytes)?;
    }
    Ok(zip.finish()?)
}

/// Whether `bytes` look like a draft file (its first entry names the type).
pub fn is_draft_file(bytes: &[u8]) -> bool {
    zip::read(bytes).is_ok_and(|e| e.first().is_some_and(|m| m.name == MIMETYPE_NAME && m.data == DRAFT_MIMETYPE.as_bytes()))
}

/// Reads and checks a draft file: the layout, the limits (those of a bundle),
/// every attachment against its size and digest.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<DraftFile, DraftFileError> {
    if bytes.len() as u64 > limits.max_bundle_bytes {
        return Err(DraftFileError::TooLarge(format!("{} bytes", bytes.len())));
    }
    let entries = zip::read(bytes)?;
    let mut it = entries.iter();
    match it.next() {
        Some(m) if m.name == MIMETYPE_NAME && m.data == DRAFT_MIMETYPE.as_bytes() => {}
        _ => return Err(DraftFileError::NotADraft),
    }
    fn next<'a>(it: &mut std::slice::Iter<'_, zip::Entry<'a>>, name: &str) -> Result<&'a [u8], DraftFileError> {
        match it.next() {
            Some(e) if e.name == name => Ok(e.data),
            _ => Err(DraftFileError::BadContainer(format!("expected {name}"))),
        }
    }
    let draft: Draft = serde_json::from_slice(next(&mut it, DRAFT_NAME)?).map_err(|e| DraftFileError::BadDraft(e.to_string()))?;
    let list: Vec<FileEntry> = serde_json::from_slice(next(&mut it, FILES_NAME)?).map_err(|e| DraftFileError::BadDraft(e.to_string()))?;
    if list.len() > limits.max_attachments {
        return Err(DraftFileError::TooLarge(format!("{} attachments", list.len())));
    }
    let mut files = Vec::with_capacity(list.len());
    for entry in list {
        let data = next(&mut it, &entry.path)?;
        if data.len() as u64 != entry.size || sha256_hex(data) != entry.sha256 {
            return Err(DraftFileError::DigestMismatch(entry.name));
        }
        files.push((entry, data.to_vec()));
    }
    if let Some(extra) = it.next() {
        return Err(DraftFileError::BadContainer(format!("unexpected entry {:?}", extra.name)));
    }
    Ok(DraftFile { draft, files })
}

/// The file name for a saved draft: `ho-so-nguyen-van-an-1.001193.tokhai-nhap`.
pub fn file_name(draft: &Draft) -> String {
    // Folded (no marks, lowercase), only ASCII letters and digits kept: a name
    // every file system and messaging app takes.
    let who = draft.summary.citizen.as_deref().map(|c| {
        crate::search::fold::fold(c).split(' ').map(|w| w.chars().filter(char::is_ascii_alphanumeric).collect::<String>()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-")
    });
    let who = who.filter(|s| !s.is_empty());
    match who {
        Some(who) => format!("ho-so-{who}-{}{DRAFT_EXTENSION}", draft.procedure),
        None => format!("ho-so-{}{DRAFT_EXTENSION}", draft.procedure),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{Filing, Summary};
    use serde_json::json;

    fn draft() -> Draft {
        Draft {
            id: "d1".into(),
            procedure: "1.001193".into(),
            catalog_version: "2026.11.1".into(),
            schema_version: "1.0.0".into(),
            data: json!({"nguoiDuocKhaiSinh": {"hoTen": "Nguyễn Văn An"}}),
            filing: Filing { province: Some("01".into()), ward: Some("00004".into()), delivery: None },
            step: 1,
            created_at: 1,
            updated_at: 2,
            set_aside: vec![],
            summary: Summary { citizen: Some("Nguyễn Văn An".into()), percent: 30, attachments: 1, started: true },
        }
    }

    fn photo() -> FileInput {
        FileInput {
            slot: "giayChungSinh".into(),
            name: "giấy chứng sinh.jpg".into(),
            media_type: "image/jpeg".into(),
            width: Some(2000),
            height: Some(1500),
            bytes: vec![0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9],
        }
    }

    #[test]
    fn round_trips_a_draft_and_its_files() {
        let bytes = write(&draft(), &[photo(), FileInput { name: "b.pdf".into(), media_type: "application/pdf".into(), width: None, height: None, bytes: b"%PDF-1.7".to_vec(), ..photo() }], DosTime::EPOCH).unwrap();
        assert!(is_draft_file(&bytes));
        let back = read(&bytes, &Limits::DEFAULT).unwrap();
        assert_eq!(back.draft, draft());
        assert_eq!(back.files.len(), 2);
        assert_eq!(back.files[0].0.name, "giấy chứng sinh.jpg");
        assert_eq!(back.files[0].0.width, Some(2000));
        assert_eq!(back.files[0].1, photo().bytes);
        assert_eq!(back.files[1].1, b"%PDF-1.7");
    }

    #[test]
    fn a_flipped_byte_in_an_attachment_is_refused() {
        let mut bytes = write(&draft(), &[photo()], DosTime::EPOCH).unwrap();
        let at = bytes.windows(3).position(|w| w == [1, 2, 3]).unwrap();
        bytes[at] ^= 0xFF;
        // The ZIP's CRC catches it first, or the digest: refused either way.
        assert!(read(&bytes, &Limits::DEFAULT).is_err());
    }

    #[test]
    fn a_bundle_or_random_bytes_are_not_drafts() {
        let mut zip = ZipWriter::new(DosTime::EPOCH);
        zip.add("mimetype", crate::bundle::MIMETYPE.as_bytes()).unwrap();
        let bundle_like = zip.finish().unwrap();
        assert!(!is_draft_file(&bundle_like));
        assert_eq!(read(&bundle_like, &Limits::DEFAULT), Err(DraftFileError::NotADraft));
        assert!(matches!(read(b"not a zip", &Limits::DEFAULT), Err(DraftFileError::BadContainer(_))));
    }

    #[test]
    fn limits_apply() {
        let files = vec![photo(), photo(), photo()];
        let bytes = write(&draft(), &files, DosTime::EPOCH).unwrap();
        let tight = Limits { max_bundle_bytes: 1 << 20, max_attachments: 2 };
        assert!(matches!(read(&bytes, &tight), Err(DraftFileError::TooLarge(_))));
        let tiny = Limits { max_bundle_bytes: 100, max_attachments: 10 };
        assert!(matches!(read(&bytes, &tiny), Err(DraftFileError::TooLarge(_))));
    }

    #[test]
    fn an_extra_entry_is_refused() {
        let mut zip = ZipWriter::new(DosTime::EPOCH);
        zip.add("mimetype", DRAFT_MIMETYPE.as_bytes()).unwrap();
        zip.add("draft.json", &serde_json::to_vec(&draft()).unwrap()).unwrap();
        zip.add("files.json", b"[]").unwrap();
        zip.add("evil.js", b"alert(1)").unwrap();
        assert!(matches!(read(&zip.finish().unwrap(), &Limits::DEFAULT), Err(DraftFileError::BadContainer(_))));
    }

    #[test]
    fn file_names_say_whose_and_which_procedure() {
        assert_eq!(file_name(&draft()), "ho-so-nguyen-van-an-1.001193.tokhai-nhap");
        let mut anonymous = draft();
        anonymous.summary.citizen = None;
        assert_eq!(file_name(&anonymous), "ho-so-1.001193.tokhai-nhap");
    }
}
