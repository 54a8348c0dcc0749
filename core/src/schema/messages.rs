//! What citizens read when a value is wrong. Short, plain, in the voice of a
//! government form; the UI puts the field's label in front, so no message names
//! the field. Vietnamese numbers use a decimal comma.

use super::node::Types;
use super::number::Num;
use crate::i18n::Text;
use crate::text;

fn vi_num(n: Num) -> String {
    n.display().replace('.', ",")
}

fn en_plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub(crate) fn required() -> Text {
    Text::new("Bắt buộc nhập", "This field is required")
}

pub(crate) fn not_allowed_field() -> Text {
    Text::new("không được phép có trường này", "this field is not allowed")
}

pub(crate) fn not_allowed() -> Text {
    Text::new("không được phép", "is not allowed")
}

pub(crate) fn wrong_type(types: Types) -> Text {
    const NAMES: [(u8, &str, &str); 6] = [
        (Types::STRING, "văn bản", "text"),
        (Types::NUMBER, "số", "a number"),
        (Types::INTEGER, "số nguyên", "a whole number"),
        (Types::BOOLEAN, "Có hoặc Không", "yes or no"),
        (Types::OBJECT, "một nhóm thông tin", "a group of fields"),
        (Types::ARRAY, "một danh sách", "a list"),
    ];
    // "number" already covers "integer".
    let shown =
        |bit: u8| types.contains(bit) && !(bit == Types::INTEGER && types.contains(Types::NUMBER));
    let vi: Vec<&str> = NAMES.iter().filter(|n| shown(n.0)).map(|n| n.1).collect();
    let mut en: Vec<&str> = NAMES.iter().filter(|n| shown(n.0)).map(|n| n.2).collect();
    let null = types.contains(Types::NULL);
    let vi = match (vi.is_empty(), null) {
        (true, _) => "phải để trống".to_owned(),
        (false, false) => format!("phải là {}", vi.join(" hoặc ")),
        (false, true) => format!("phải là {} hoặc để trống", vi.join(" hoặc ")),
    };
    if null {
        en.push("empty");
    }
    Text::new(vi, format!("must be {}", en.join(" or ")))
}

pub(crate) fn enumeration() -> Text {
    Text::new(
        "phải là một trong các giá trị cho phép",
        "must be one of the allowed values",
    )
}

pub(crate) fn constant() -> Text {
    Text::new(
        "không đúng giá trị yêu cầu",
        "does not have the required value",
    )
}

pub(crate) fn min_length(n: u64) -> Text {
    let en = en_plural(n, "character");
    text!("phải có ít nhất {n} ký tự", "must be at least {en}")
}

pub(crate) fn max_length(n: u64) -> Text {
    let en = en_plural(n, "character");
    text!("không được quá {n} ký tự", "must be at most {en}")
}

pub(crate) fn pattern() -> Text {
    Text::new("không đúng định dạng", "is not in the expected format")
}

pub(crate) fn broken_pattern() -> Text {
    Text::new(
        "không kiểm tra được định dạng (mẫu kiểm tra của biểu mẫu bị lỗi)",
        "cannot be checked (the form's format rule is broken)",
    )
}

pub(crate) fn minimum(n: Num) -> Text {
    let (vi, en) = (vi_num(n), n.display());
    text!("không được nhỏ hơn {vi}", "must be at least {en}")
}

pub(crate) fn maximum(n: Num) -> Text {
    let (vi, en) = (vi_num(n), n.display());
    text!("không được lớn hơn {vi}", "must be at most {en}")
}

pub(crate) fn exclusive_minimum(n: Num) -> Text {
    let (vi, en) = (vi_num(n), n.display());
    text!("phải lớn hơn {vi}", "must be greater than {en}")
}

pub(crate) fn exclusive_maximum(n: Num) -> Text {
    let (vi, en) = (vi_num(n), n.display());
    text!("phải nhỏ hơn {vi}", "must be less than {en}")
}

pub(crate) fn multiple_of(n: Num) -> Text {
    let (vi, en) = (vi_num(n), n.display());
    text!("phải là bội số của {vi}", "must be a multiple of {en}")
}

pub(crate) fn min_items(n: u64) -> Text {
    let en = en_plural(n, "item");
    text!("phải có ít nhất {n} mục", "must have at least {en}")
}

pub(crate) fn max_items(n: u64) -> Text {
    if n == 0 {
        return Text::new("không được có mục nào", "must have no items");
    }
    let en = en_plural(n, "item");
    text!("tối đa {n} mục", "must have at most {en}")
}

/// `first` and `second` are 0-based indices; citizens count from 1.
pub(crate) fn duplicate_items(first: usize, second: usize) -> Text {
    let (a, b) = (first + 1, second + 1);
    text!(
        "các mục không được trùng nhau (mục {a} và mục {b})",
        "must not contain duplicates (items {a} and {b})"
    )
}

pub(crate) fn not() -> Text {
    Text::new(
        "giá trị này không được chấp nhận",
        "this value is not accepted",
    )
}

pub(crate) fn no_option_matches() -> Text {
    Text::new(
        "không khớp với lựa chọn nào được phép",
        "does not match any allowed option",
    )
}

pub(crate) fn several_options_match() -> Text {
    Text::new(
        "khớp với nhiều hơn một lựa chọn",
        "matches more than one option",
    )
}

pub(crate) fn invalid_date() -> Text {
    Text::new("phải là ngày hợp lệ", "must be a valid date")
}

pub(crate) fn future_date() -> Text {
    Text::new(
        "không được sau ngày hôm nay",
        "must not be later than today",
    )
}

pub(crate) fn invalid_email() -> Text {
    Text::new(
        "phải là địa chỉ thư điện tử hợp lệ",
        "must be a valid email address",
    )
}

pub(crate) fn invalid_uuid() -> Text {
    Text::new("phải là mã UUID hợp lệ", "must be a valid UUID")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_messages_read_naturally() {
        assert_eq!(
            wrong_type(Types(Types::NUMBER)),
            Text::new("phải là số", "must be a number")
        );
        assert_eq!(
            wrong_type(Types(Types::NUMBER | Types::INTEGER)).en,
            "must be a number"
        );
        assert_eq!(
            wrong_type(Types(Types::STRING | Types::NULL)),
            Text::new("phải là văn bản hoặc để trống", "must be text or empty")
        );
        assert_eq!(
            wrong_type(Types(Types::NULL)),
            Text::new("phải để trống", "must be empty")
        );
    }

    #[test]
    fn numbers_and_plurals() {
        assert_eq!(
            min_length(3),
            Text::new("phải có ít nhất 3 ký tự", "must be at least 3 characters")
        );
        assert_eq!(min_length(1).en, "must be at least 1 character");
        assert_eq!(
            max_items(5),
            Text::new("tối đa 5 mục", "must have at most 5 items")
        );
        assert_eq!(
            minimum(Num::Float(0.5)),
            Text::new("không được nhỏ hơn 0,5", "must be at least 0.5")
        );
        assert_eq!(
            duplicate_items(0, 2).en,
            "must not contain duplicates (items 1 and 3)"
        );
    }
}
