//! Folding for Vietnamese search: what a citizen types without diacritics on a
//! phone keyboard must find what the catalog writes with them.
//!
//! `fold` lowercases, strips every tone and vowel mark (precomposed letters and
//! decomposed NFD input alike), maps `đ`/`Đ` to `d`, drops apostrophes inside
//! words (`M’Drắk` → `mdrak`) and turns every run of whitespace or punctuation
//! into a single space, trimmed at both ends. No Unicode tables beyond the
//! Vietnamese letters are pulled in: combining marks are simply skipped.

/// Folds `s` for matching: `"Đăng ký  KHAI-SINH"` → `"dang ky khai sinh"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Like [`fold`], appending to `out` (which is not cleared), so callers can reuse a buffer.
pub fn fold_into(s: &str, out: &mut String) {
    let start = out.len();
    // A separator is only written once a later word character arrives, so runs
    // collapse and nothing trails.
    let mut pending_space = false;
    for c in s.chars() {
        match fold_char(c) {
            Folded::Char(f) => {
                if pending_space && out.len() > start {
                    out.push(' ');
                }
                pending_space = false;
                out.push(f);
            }
            Folded::Lower(c) => {
                if pending_space && out.len() > start {
                    out.push(' ');
                }
                pending_space = false;
                out.extend(c.to_lowercase());
            }
            Folded::Skip => {}
            Folded::Separator => pending_space = true,
        }
    }
}

/// The words of an already folded string.
pub fn tokens(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(' ').filter(|t| !t.is_empty())
}

enum Folded {
    /// Replace with this (already lowercase ASCII) character.
    Char(char),
    /// Another letter or digit: keep, lowercased.
    Lower(char),
    /// Drop without a trace (combining marks, apostrophes).
    Skip,
    /// Whitespace or punctuation: becomes a word boundary.
    Separator,
}

/// Base letters of U+1EA0..=U+1EF9 (Latin Extended Additional, the Vietnamese
/// block), one per upper/lower pair: Ạ Ả Ấ Ầ Ẩ Ẫ Ậ Ắ Ằ Ẳ Ẵ Ặ, Ẹ Ẻ Ẽ Ế Ề Ể Ễ Ệ, Ỉ Ị,
/// Ọ Ỏ Ố Ồ Ổ Ỗ Ộ Ớ Ờ Ở Ỡ Ợ, Ụ Ủ Ứ Ừ Ử Ữ Ự, Ỳ Ỵ Ỷ Ỹ.
const VIET_BLOCK: &[u8; 45] = b"aaaaaaaaaaaaeeeeeeeeiioooooooooooouuuuuuuyyyy";

/// Base letters of U+00C0..=U+00DF and U+00E0..=U+00FF (same pattern in both
/// halves); `_` means "not a plain accented letter" (× ÷ Æ Þ ß).
const LATIN1: &[u8; 32] = b"aaaaaa_ceeeeiiiidnooooo_ouuuuy__";

fn fold_char(c: char) -> Folded {
    let u = c as u32;
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Folded::Char(c.to_ascii_lowercase())
        } else if c == '\'' {
            Folded::Skip
        } else {
            Folded::Separator
        };
    }
    let base = match u {
        0x00C0..=0x00FF => match LATIN1[(u & 0x1F) as usize] {
            b'_' if u == 0xFF => b'y', // ÿ
            b'_' => 0,
            b => b,
        },
        0x0102 | 0x0103 => b'a',          // Ă ă
        0x0110 | 0x0111 | 0x0189 => b'd', // Đ đ, and Ɖ (its look-alike)
        0x0128 | 0x0129 => b'i',          // Ĩ ĩ
        0x0168 | 0x0169 => b'u',          // Ũ ũ
        0x01A0 | 0x01A1 => b'o',          // Ơ ơ
        0x01AF | 0x01B0 => b'u',          // Ư ư
        0x1EA0..=0x1EF9 => VIET_BLOCK[((u - 0x1EA0) / 2) as usize],
        _ => 0,
    };
    if base != 0 {
        return Folded::Char(base as char);
    }
    match u {
        // Combining marks: diacritical marks (tones, breve, circumflex, horn in NFD
        // input), their extensions and supplements, and half marks.
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F => Folded::Skip,
        // Apostrophe look-alikes used in ethnic minority names (Cư M’gar, Ea H’Leo).
        0x2018 | 0x2019 | 0x02BC | 0x02B9 | 0x00B4 => Folded::Skip,
        _ if c.is_alphanumeric() => Folded::Lower(c),
        _ => Folded::Separator,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vietnamese_block_table_is_aligned() {
        // Every pair of U+1EA0..=U+1EF9 must fold to the letter its name starts with.
        let expect = "ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ";
        assert_eq!(expect.chars().count(), 90);
        for (i, c) in expect.chars().enumerate() {
            assert_eq!(c as u32, 0x1EA0 + i as u32);
        }
        assert_eq!(
            fold(expect),
            "aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy"
        );
    }

    #[test]
    fn all_vietnamese_letters_fold_to_ascii() {
        let lower = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        let folded = "aaaaaaaaaaaaaaaaaabcddeeeeeeeeeeeeghiiiiiiklmnoooooooooooooooooopqrstuuuuuuuuuuuuvxyyyyyy";
        assert_eq!(fold(lower), folded);
        assert_eq!(fold(&lower.to_uppercase()), folded);
    }

    #[test]
    fn composed_decomposed_and_plain_input_agree() {
        let composed = "Đăng ký khai sinh";
        // The same words in NFD: base letters followed by combining marks.
        let decomposed = "\u{110}a\u{306}ng ky\u{301} khai sinh";
        assert_ne!(composed, decomposed);
        for s in [composed, decomposed, "dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "  Đăng   ký\tkhai\nsinh  "] {
            assert_eq!(fold(s), "dang ky khai sinh", "{s:?}");
        }
        assert_eq!(fold("Khai Sinh"), "khai sinh");
        // NFD horn and circumflex with a tone: ừ̛ forms.
        assert_eq!(fold("Tru\u{31b}\u{300}o\u{302}\u{301}ng"), "truong");
        assert_eq!(fold("Nguyễn Thị Ngọc Ánh"), "nguyen thi ngoc anh");
    }

    #[test]
    fn punctuation_collapses_and_apostrophes_vanish() {
        assert_eq!(fold("Văn Miếu - Quốc Tử Giám"), "van mieu quoc tu giam");
        assert_eq!(fold("1.001193"), "1 001193");
        assert_eq!(fold("Xã Cư M’gar"), "xa cu mgar");
        assert_eq!(fold("Ea H'Leo"), "ea hleo");
        assert_eq!(fold("(Hộ tịch), cấp xã;"), "ho tich cap xa");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" - "), "");
    }

    #[test]
    fn fold_into_appends() {
        let mut buf = String::from("x|");
        fold_into("  Ơn  ", &mut buf);
        assert_eq!(buf, "x|on");
        assert_eq!(tokens("dang ky").collect::<Vec<_>>(), ["dang", "ky"]);
    }

    #[test]
    fn other_scripts_are_kept_lowercased() {
        assert_eq!(fold("Ωmega 東京"), "ωmega 東京");
        assert_eq!(fold("Ðào"), "dao");
    }
}
