//! Catalog values as a citizen reads them: money the Vietnamese way
//! (`50.000 đ`), file sizes, working days, accepted file types in plain words,
//! and the names of levels, online levels and delivery options.
//!
//! Every function returns a bilingual [`Text`]; none depends on the browser, so
//! the app's pages and the portal can share them.

use crate::catalog::{Delivery, Level, OnlineLevel};
use crate::filing::Guidance;
use crate::i18n::Text;

/// `n` with its digits grouped by threes: `group_digits(1234567, '.')` → `1.234.567`.
pub fn group_digits(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A count as each language writes it: `6.000` in Vietnamese, `6,000` in English.
pub fn number(n: u64) -> Text {
    Text::new(group_digits(n, '.'), group_digits(n, ','))
}

/// An amount in VND: `50.000 đ` / `50,000 VND`, and `Miễn phí` / `Free` for 0.
pub fn vnd(amount: u64) -> Text {
    if amount == 0 {
        return Text::new("Miễn phí", "Free");
    }
    Text::new(format!("{} đ", group_digits(amount, '.')), format!("{} VND", group_digits(amount, ',')))
}

/// A size in bytes, rounded for reading: `5 MB`, `1,5 MB` (`1.5 MB` in English),
/// `500 KB`, `200 byte`.
pub fn file_size(bytes: u64) -> Text {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        // Tenths of a megabyte, rounded to nearest.
        let tenths = (bytes * 10 + MB / 2) / MB;
        let (whole, frac) = (tenths / 10, tenths % 10);
        if frac == 0 {
            let s = format!("{} MB", group_digits(whole, '.'));
            Text::new(s, format!("{} MB", group_digits(whole, ',')))
        } else {
            Text::new(
                format!("{},{frac} MB", group_digits(whole, '.')),
                format!("{}.{frac} MB", group_digits(whole, ',')),
            )
        }
    } else if bytes >= KB {
        let kb = (bytes + KB / 2) / KB;
        // 1023.6 KB rounds to 1024 KB: say 1 MB instead.
        if kb >= 1024 {
            return Text::new("1 MB", "1 MB");
        }
        Text::new(format!("{kb} KB"), format!("{kb} KB"))
    } else {
        Text::new(format!("{bytes} byte"), format!("{bytes} {}", if bytes == 1 { "byte" } else { "bytes" }))
    }
}

/// A time limit: `3 ngày làm việc` / `3 working days`, and `Trong ngày` / `Same day` for 0.
pub fn working_days(days: u32) -> Text {
    match days {
        0 => Text::new("Trong ngày", "Same day"),
        1 => Text::new("1 ngày làm việc", "1 working day"),
        n => Text::new(format!("{n} ngày làm việc"), format!("{n} working days")),
    }
}

/// Accepted media types in plain words: `ảnh chụp (JPG, PNG) hoặc tệp PDF`.
///
/// Images are grouped as photos, anything else is a file named by its usual
/// extension. Duplicates (`image/jpeg` and `image/jpg`) are named once.
pub fn media_types(types: &[String]) -> Text {
    let mut images: Vec<&str> = Vec::new();
    let mut files: Vec<&str> = Vec::new();
    for t in types {
        let t = t.trim();
        let (kind, name) = media_type_name(t);
        let list = if kind == "image" { &mut images } else { &mut files };
        if !list.contains(&name) {
            list.push(name);
        }
    }
    if images.is_empty() && files.is_empty() {
        return Text::new("mọi loại tệp", "any type of file");
    }
    let (mut vi, mut en) = (Vec::new(), Vec::new());
    if !images.is_empty() {
        let list = images.join(", ");
        vi.push(format!("ảnh chụp ({list})"));
        en.push(format!("photo ({list})"));
    }
    if !files.is_empty() {
        let list = files.join(", ");
        vi.push(format!("tệp {list}"));
        en.push(format!("{list} file"));
    }
    Text::new(vi.join(" hoặc "), en.join(" or "))
}

/// The kind (`image` or anything else) and the usual short name of a media type.
fn media_type_name(t: &str) -> (&str, &str) {
    let known = match t.to_ascii_lowercase().as_str() {
        "image/jpeg" | "image/jpg" | "image/pjpeg" => Some(("image", "JPG")),
        "image/png" => Some(("image", "PNG")),
        "image/heic" | "image/heif" => Some(("image", "HEIC")),
        "image/webp" => Some(("image", "WEBP")),
        "image/gif" => Some(("image", "GIF")),
        "image/tiff" => Some(("image", "TIFF")),
        "application/pdf" => Some(("file", "PDF")),
        "application/msword" => Some(("file", "DOC")),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Some(("file", "DOCX")),
        "application/vnd.ms-excel" => Some(("file", "XLS")),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some(("file", "XLSX")),
        "application/zip" => Some(("file", "ZIP")),
        "text/plain" => Some(("file", "TXT")),
        _ => None,
    };
    if let Some(k) = known {
        return k;
    }
    // Unknown: the subtype as written (`image/x-foo` → `x-foo`).
    let (kind, sub) = t.split_once('/').unwrap_or(("file", t));
    (if kind.eq_ignore_ascii_case("image") { "image" } else { "file" }, sub)
}

/// How many files a document slot takes: `1 tệp`, `1 đến 3 tệp`, `tối đa 3 tệp`.
pub fn file_count(min: u32, max: u32) -> Text {
    let files = |n: u32| if n == 1 { "file" } else { "files" };
    if min == 0 {
        Text::new(format!("tối đa {max} tệp"), format!("up to {max} {}", files(max)))
    } else if min >= max {
        Text::new(format!("{max} tệp"), format!("{max} {}", files(max)))
    } else {
        Text::new(format!("{min} đến {max} tệp"), format!("{min} to {max} files"))
    }
}

/// The implementing level (cấp thực hiện).
pub fn level(level: Level) -> Text {
    match level {
        Level::Commune => Text::new("Cấp xã (phường, xã, đặc khu)", "Commune level (ward, commune or special zone)"),
        Level::Province => Text::new("Cấp tỉnh", "Provincial level"),
        Level::Central => Text::new("Cấp bộ, trung ương", "Ministry (central) level"),
    }
}

/// The online level's short name, as on a badge: `Toàn trình`, `Một phần`.
pub fn online(online: OnlineLevel) -> Text {
    match online {
        OnlineLevel::Full => Text::new("Toàn trình", "Full online"),
        OnlineLevel::Partial => Text::new("Một phần", "Partly online"),
    }
}

/// The online level explained in plain words.
pub fn online_explained(online: OnlineLevel) -> Text {
    match online {
        OnlineLevel::Full => Text::new(
            "Toàn trình: nộp và nhận kết quả hoàn toàn trực tuyến.",
            "Full online: you file and receive the result entirely online.",
        ),
        OnlineLevel::Partial => Text::new(
            "Một phần: nộp hồ sơ trực tuyến, nhưng có bước phải đến trực tiếp, ví dụ xuất trình bản chính hoặc nhận kết quả.",
            "Partly online: you file online, but one step is in person, for example showing an original or collecting the result.",
        ),
    }
}

/// Where the application may be filed, as the procedure's filing rule
/// ([`crate::filing::FilingRule::guidance`]) says.
pub fn where_to_file(guidance: Guidance) -> Text {
    match guidance {
        Guidance::AnyWard => Text::new(
            "Bạn có thể nộp tại bất kỳ xã, phường nào, không phụ thuộc nơi cư trú.",
            "You can file at any ward or commune, wherever you live.",
        ),
        Guidance::AnyProvince => Text::new(
            "Bạn có thể nộp tại bất kỳ tỉnh, thành phố nào, không phụ thuộc nơi cư trú.",
            "You can file in any province or city, wherever you live.",
        ),
        Guidance::ResidenceWard | Guidance::ResidenceProvince => Text::new(
            "Nộp tại cơ quan có thẩm quyền nêu ở trên (thường là nơi bạn cư trú).",
            "File with the agency named above (usually where you live).",
        ),
        Guidance::Central => Text::new(
            "Hồ sơ gửi thẳng đến cơ quan trung ương nêu ở trên, không phụ thuộc nơi cư trú.",
            "The dossier goes straight to the central agency named above, wherever you live.",
        ),
    }
}

/// A result delivery option's short name.
pub fn delivery(d: Delivery) -> Text {
    match d {
        Delivery::Electronic => Text::new("Bản điện tử", "Electronic copy"),
        Delivery::Postal => Text::new("Qua bưu điện", "By post"),
        Delivery::Pickup => Text::new("Nhận trực tiếp", "In person"),
    }
}

/// A result delivery option explained in plain words.
pub fn delivery_explained(d: Delivery) -> Text {
    match d {
        Delivery::Electronic => Text::new(
            "Nhận bản điện tử trong tài khoản dịch vụ công của bạn.",
            "Receive an electronic copy in your public services account.",
        ),
        Delivery::Postal => Text::new(
            "Nhận qua dịch vụ bưu chính công ích, gửi đến địa chỉ bạn chọn.",
            "Receive it by public postal service at the address you choose.",
        ),
        Delivery::Pickup => Text::new("Đến nhận tại nơi nộp hồ sơ.", "Collect it where you filed."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn vi(t: Text) -> String {
        t.get(Lang::Vi).to_owned()
    }
    fn en(t: Text) -> String {
        t.get(Lang::En).to_owned()
    }

    #[test]
    fn digits_are_grouped_by_three() {
        assert_eq!(group_digits(0, '.'), "0");
        assert_eq!(group_digits(999, '.'), "999");
        assert_eq!(group_digits(1000, '.'), "1.000");
        assert_eq!(group_digits(50000, '.'), "50.000");
        assert_eq!(group_digits(200000, '.'), "200.000");
        assert_eq!(group_digits(1234567, ','), "1,234,567");
        assert_eq!(group_digits(u64::MAX, '.'), "18.446.744.073.709.551.615");
        assert_eq!(vi(number(6000)), "6.000");
        assert_eq!(en(number(6000)), "6,000");
    }

    #[test]
    fn money_is_written_the_vietnamese_way() {
        assert_eq!(vi(vnd(0)), "Miễn phí");
        assert_eq!(en(vnd(0)), "Free");
        assert_eq!(vi(vnd(8000)), "8.000 đ");
        assert_eq!(vi(vnd(50000)), "50.000 đ");
        assert_eq!(en(vnd(50000)), "50,000 VND");
        assert_eq!(vi(vnd(500)), "500 đ");
        assert_eq!(vi(vnd(1_500_000)), "1.500.000 đ");
    }

    #[test]
    fn sizes_are_rounded_for_reading() {
        assert_eq!(vi(file_size(5_242_880)), "5 MB");
        assert_eq!(vi(file_size(10_485_760)), "10 MB");
        assert_eq!(vi(file_size(20_971_520)), "20 MB");
        assert_eq!(vi(file_size(1_572_864)), "1,5 MB");
        assert_eq!(en(file_size(1_572_864)), "1.5 MB");
        assert_eq!(vi(file_size(1_048_576)), "1 MB");
        assert_eq!(vi(file_size(512_000)), "500 KB");
        assert_eq!(vi(file_size(1_048_000)), "1023 KB");
        assert_eq!(vi(file_size(1_048_400)), "1 MB");
        assert_eq!(vi(file_size(1024)), "1 KB");
        assert_eq!(vi(file_size(200)), "200 byte");
        assert_eq!(en(file_size(1)), "1 byte");
        assert_eq!(en(file_size(2)), "2 bytes");
    }

    #[test]
    fn working_days_and_same_day() {
        assert_eq!(vi(working_days(0)), "Trong ngày");
        assert_eq!(en(working_days(0)), "Same day");
        assert_eq!(vi(working_days(1)), "1 ngày làm việc");
        assert_eq!(en(working_days(1)), "1 working day");
        assert_eq!(vi(working_days(3)), "3 ngày làm việc");
        assert_eq!(en(working_days(15)), "15 working days");
    }

    #[test]
    fn media_types_in_plain_words() {
        let types = |ts: &[&str]| ts.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        let all = media_types(&types(&["image/jpeg", "image/png", "application/pdf"]));
        assert_eq!(all.vi, "ảnh chụp (JPG, PNG) hoặc tệp PDF");
        assert_eq!(all.en, "photo (JPG, PNG) or PDF file");
        assert_eq!(vi(media_types(&types(&["application/pdf"]))), "tệp PDF");
        assert_eq!(vi(media_types(&types(&["image/jpeg", "image/jpg"]))), "ảnh chụp (JPG)");
        assert_eq!(vi(media_types(&types(&["image/x-foo", "application/x-bar"]))), "ảnh chụp (x-foo) hoặc tệp x-bar");
        assert_eq!(vi(media_types(&[])), "mọi loại tệp");
    }

    #[test]
    fn file_counts() {
        assert_eq!(vi(file_count(1, 1)), "1 tệp");
        assert_eq!(en(file_count(1, 1)), "1 file");
        assert_eq!(vi(file_count(1, 3)), "1 đến 3 tệp");
        assert_eq!(en(file_count(1, 3)), "1 to 3 files");
        assert_eq!(vi(file_count(0, 1)), "tối đa 1 tệp");
        assert_eq!(en(file_count(0, 5)), "up to 5 files");
        assert_eq!(vi(file_count(2, 2)), "2 tệp");
    }

    #[test]
    fn names_of_catalog_values_are_bilingual() {
        for t in [
            level(Level::Commune),
            level(Level::Province),
            level(Level::Central),
            online(OnlineLevel::Full),
            online(OnlineLevel::Partial),
            online_explained(OnlineLevel::Full),
            online_explained(OnlineLevel::Partial),
            where_to_file(Guidance::AnyWard),
            where_to_file(Guidance::ResidenceWard),
            where_to_file(Guidance::AnyProvince),
            where_to_file(Guidance::ResidenceProvince),
            where_to_file(Guidance::Central),
            delivery(Delivery::Electronic),
            delivery(Delivery::Postal),
            delivery(Delivery::Pickup),
            delivery_explained(Delivery::Electronic),
            delivery_explained(Delivery::Postal),
            delivery_explained(Delivery::Pickup),
        ] {
            assert!(!t.vi.is_empty() && !t.en.is_empty() && t.vi != t.en, "{t:?}");
        }
        assert_eq!(vi(online_explained(OnlineLevel::Full)), "Toàn trình: nộp và nhận kết quả hoàn toàn trực tuyến.");
        assert!(vi(where_to_file(Guidance::AnyWard)).starts_with("Bạn có thể nộp tại bất kỳ xã, phường nào"));
    }
}
