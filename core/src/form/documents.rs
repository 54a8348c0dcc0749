//! Rules for attachments (thành phần hồ sơ): which files a document slot takes
//! and whether it holds enough. Messages name the limit in plain words.

use crate::catalog::DocumentSlot;
use crate::display::{file_count, file_size, media_types};
use crate::i18n::Text;

/// Whether the slot takes files of `media_type` (a slot naming no types takes any).
pub fn accepts(slot: &DocumentSlot, media_type: &str) -> bool {
    slot.media_types.is_empty() || slot.media_types.iter().any(|t| t.eq_ignore_ascii_case(media_type))
}

/// Whether one more file of `media_type` and `size` bytes fits the slot that
/// already holds `count` files.
pub fn check_file(slot: &DocumentSlot, media_type: &str, size: u64, count: usize) -> Result<(), Text> {
    if count >= slot.max_files as usize {
        let n = slot.max_files;
        return Err(Text::new(format!("Chỉ được đính kèm tối đa {n} tệp cho giấy tờ này"), format!("At most {n} files for this document")));
    }
    if !accepts(slot, media_type) {
        let kinds = media_types(&slot.media_types);
        return Err(Text::new(
            format!("Loại tệp này không được nhận. Hãy dùng: {}", kinds.vi),
            format!("This kind of file is not accepted. Use: {}", kinds.en),
        ));
    }
    if size > slot.max_bytes {
        let (limit, actual) = (file_size(slot.max_bytes), file_size(size));
        return Err(Text::new(
            format!("Tệp quá lớn ({}). Tối đa {} mỗi tệp", actual.vi, limit.vi),
            format!("The file is too large ({}). At most {} per file", actual.en, limit.en),
        ));
    }
    Ok(())
}

/// What a slot accepts, in one sentence: "Nhận ảnh chụp (JPG) hoặc tệp PDF,
/// tối đa 5 MB mỗi tệp, 1 đến 2 tệp."
pub fn slot_hint(slot: &DocumentSlot) -> Text {
    let (kinds, size, count) = (media_types(&slot.media_types), file_size(slot.max_bytes), file_count(slot.min_files, slot.max_files));
    Text::new(
        format!("Nhận {}, tối đa {} mỗi tệp, {}.", kinds.vi, size.vi, count.vi),
        format!("Accepts {}, at most {} per file, {}.", kinds.en, size.en, count.en),
    )
}

/// Whether a slot holding `count` files is complete.
pub fn check_slot(slot: &DocumentSlot, count: usize) -> Result<(), Text> {
    let min = if slot.required { slot.min_files.max(1) } else { slot.min_files.min(count as u32) } as usize;
    if count < min {
        return Err(if min == 1 {
            Text::new("Hãy đính kèm giấy tờ này", "Attach this document")
        } else {
            Text::new(format!("Hãy đính kèm ít nhất {min} tệp"), format!("Attach at least {min} files"))
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot() -> DocumentSlot {
        DocumentSlot {
            id: "gcs".into(),
            name: Text::new("Giấy chứng sinh", "Birth notice"),
            help: None,
            required: true,
            media_types: vec!["image/jpeg".into(), "application/pdf".into()],
            max_bytes: 5 * 1024 * 1024,
            min_files: 1,
            max_files: 2,
        }
    }

    #[test]
    fn file_limits() {
        let s = slot();
        assert!(check_file(&s, "image/jpeg", 1000, 0).is_ok());
        assert!(check_file(&s, "IMAGE/JPEG", 1000, 0).is_ok());
        let e = check_file(&s, "image/gif", 1000, 0).unwrap_err();
        assert_eq!(e.vi, "Loại tệp này không được nhận. Hãy dùng: ảnh chụp (JPG) hoặc tệp PDF");
        let e = check_file(&s, "application/pdf", 6 * 1024 * 1024, 0).unwrap_err();
        assert_eq!(e.vi, "Tệp quá lớn (6 MB). Tối đa 5 MB mỗi tệp");
        assert!(check_file(&s, "application/pdf", 10, 2).is_err());
    }

    #[test]
    fn hint_in_one_sentence() {
        assert_eq!(slot_hint(&slot()).vi, "Nhận ảnh chụp (JPG) hoặc tệp PDF, tối đa 5 MB mỗi tệp, 1 đến 2 tệp.");
    }

    #[test]
    fn slot_completeness() {
        let mut s = slot();
        assert!(check_slot(&s, 0).is_err());
        assert!(check_slot(&s, 1).is_ok());
        s.required = false;
        assert!(check_slot(&s, 0).is_ok());
        s.required = true;
        s.min_files = 2;
        assert_eq!(check_slot(&s, 1).unwrap_err().vi, "Hãy đính kèm ít nhất 2 tệp");
    }
}
