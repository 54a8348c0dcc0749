//! Between what a citizen types and what the form stores.
//!
//! While typing, text is stored as typed (so a half-typed date or a number with
//! a trailing comma is kept, and the validator explains what is wrong); when
//! the citizen leaves the field, [`tidy`] normalises it. Nothing typed means
//! no value at all, so `required` can say "Bắt buộc nhập".

use serde_json::{Number, Value};

use crate::catalog::{Choice, Widget};
use crate::date::Date;
use crate::i18n::{Lang, Text};
use crate::vn::phone;

/// The value a text widget stores for `text`; `None` means "remove the value".
pub fn from_text(widget: Widget, text: &str, integer_only: bool) -> Option<Value> {
    if text.trim().is_empty() {
        return None;
    }
    Some(match widget {
        Widget::Number => match parse_number(text, integer_only) {
            Some(n) => Value::Number(n),
            None => Value::String(text.to_owned()),
        },
        Widget::Date => match Date::parse_vn(text) {
            Some(d) => Value::String(d.to_string()),
            None => Value::String(text.to_owned()),
        },
        _ => Value::String(text.to_owned()),
    })
}

/// The text a text widget shows for a stored value.
pub fn to_text(widget: Widget, value: Option<&Value>) -> String {
    match (widget, value) {
        (_, None | Some(Value::Null)) => String::new(),
        (Widget::Date, Some(Value::String(s))) => Date::parse_iso(s).map_or_else(|| s.clone(), Date::to_vn),
        (Widget::Number, Some(Value::Number(n))) => format_number_input(n),
        (_, Some(Value::String(s))) => s.clone(),
        (_, Some(other)) => other.to_string(),
    }
}

/// Normalises a value when the citizen leaves the field: trims and collapses
/// spaces in text, strips spaces and dots from ID numbers, writes phone numbers
/// in national form (0xxxxxxxxx) when they are valid.
pub fn tidy(widget: Widget, value: &Value) -> Option<Value> {
    let Value::String(s) = value else { return Some(value.clone()) };
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let tidy = match widget {
        Widget::Cccd => s.chars().filter(|c| !c.is_whitespace() && *c != '.' && *c != '-').collect(),
        Widget::TaxCode => s.chars().filter(|c| !c.is_whitespace() && *c != '.').collect(),
        Widget::Phone => phone::normalize(s).unwrap_or(collapsed),
        Widget::Textarea => s.trim().to_owned(),
        _ => collapsed,
    };
    (!tidy.is_empty()).then_some(Value::String(tidy))
}

/// Reads a number the Vietnamese way: `.` groups thousands and `,` is the
/// decimal mark ("1.500.000", "96,5"); a lone `.` followed by other than three
/// digits is read as a decimal point ("96.5"), since phones often offer only `.`.
pub fn parse_number(text: &str, integer_only: bool) -> Option<Number> {
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, s),
    };
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') || s.matches(',').count() > 1 {
        return None;
    }
    let (int_part, frac_part) = match s.split_once(',') {
        Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
        None => {
            let groups: Vec<&str> = s.split('.').collect();
            let thousands = groups.len() > 2 || (groups.len() == 2 && groups[1].len() == 3);
            if groups.len() == 2 && !thousands {
                (groups[0].to_owned(), Some(groups[1].to_owned()))
            } else {
                (s.clone(), None)
            }
        }
    };
    // Thousands groups must be well formed: "1.500.000", not "1.50.0".
    let groups: Vec<&str> = int_part.split('.').collect();
    if groups.len() > 1 && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return None;
    }
    let int_digits: String = groups.concat();
    if int_digits.is_empty() || frac_part.as_deref().is_some_and(|f| f.is_empty()) {
        return None;
    }
    let sign = if neg { "-" } else { "" };
    match frac_part {
        None => format!("{sign}{int_digits}").parse::<i64>().ok().map(Number::from),
        Some(_) if integer_only => None,
        Some(f) => format!("{sign}{int_digits}.{f}").parse::<f64>().ok().and_then(Number::from_f64),
    }
}

/// A number as it appears in an input: no thousands dots (so it reads back the
/// same), decimal comma.
fn format_number_input(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else {
        n.to_string().replace('.', ",")
    }
}

/// A number for reading: thousands dots, decimal comma ("1.500.000", "96,5").
pub fn format_number_vn(n: &Number) -> String {
    let text = n.to_string();
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// How a stored value reads on the review page ("Có", an option's label,
/// dd/mm/yyyy, 1.500.000).
pub fn display(widget: Widget, options: &[Choice], value: &Value, lang: Lang) -> String {
    let label_of = |v: &Value| {
        options.iter().find(|o| &o.value == v).map_or_else(|| plain(v), |o| o.label.get(lang).to_owned())
    };
    match (widget, value) {
        (Widget::Checkbox, Value::Bool(b)) => {
            let t = if *b { Text::new("Có", "Yes") } else { Text::new("Không", "No") };
            t.get(lang).to_owned()
        }
        (Widget::Multiselect, Value::Array(items)) => items.iter().map(label_of).collect::<Vec<_>>().join(", "),
        (Widget::Select | Widget::Radio, v) => label_of(v),
        (Widget::Date, Value::String(s)) => Date::parse_iso(s).map_or_else(|| s.clone(), Date::to_vn),
        (_, Value::Number(n)) => format_number_vn(n),
        (_, v) => plain(v),
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn vietnamese_numbers() {
        let n = |s: &str| parse_number(s, false).map(|n| n.to_string());
        assert_eq!(n("1.500.000").as_deref(), Some("1500000"));
        assert_eq!(n("1.500").as_deref(), Some("1500"));
        assert_eq!(n("96,5").as_deref(), Some("96.5"));
        assert_eq!(n("96.5").as_deref(), Some("96.5"));
        assert_eq!(n("1.500,25").as_deref(), Some("1500.25"));
        assert_eq!(n(" 2 000 ").as_deref(), Some("2000"));
        assert_eq!(n("-3").as_deref(), Some("-3"));
        assert_eq!(n("1.50.0"), None);
        assert_eq!(n("abc"), None);
        assert_eq!(n("5,"), None);
        assert_eq!(n("1,2,3"), None);
        assert_eq!(parse_number("2,5", true), None, "an integer field refuses fractions");
        assert_eq!(parse_number("2.000", true).map(|n| n.to_string()).as_deref(), Some("2000"));
    }

    #[test]
    fn typed_text_to_values_and_back() {
        assert_eq!(from_text(Widget::Text, "  ", false), None);
        assert_eq!(from_text(Widget::Number, "1.500.000", true), Some(json!(1500000)));
        assert_eq!(from_text(Widget::Number, "mười", true), Some(json!("mười")), "kept for the validator to explain");
        assert_eq!(from_text(Widget::Date, "5/7/1990", false), Some(json!("1990-07-05")));
        assert_eq!(from_text(Widget::Date, "31/02/1990", false), Some(json!("31/02/1990")));
        assert_eq!(to_text(Widget::Date, Some(&json!("1990-07-05"))), "05/07/1990");
        assert_eq!(to_text(Widget::Number, Some(&json!(96.5))), "96,5");
        assert_eq!(to_text(Widget::Number, Some(&json!(1500000))), "1500000");
        assert_eq!(to_text(Widget::Text, None), "");
    }

    #[test]
    fn tidy_on_leaving_a_field() {
        assert_eq!(tidy(Widget::Text, &json!("  Nguyễn   Văn  An ")), Some(json!("Nguyễn Văn An")));
        assert_eq!(tidy(Widget::Cccd, &json!("001 090 012 345")), Some(json!("001090012345")));
        assert_eq!(tidy(Widget::Phone, &json!("+84 912 345 678")), Some(json!("0912345678")));
        assert_eq!(tidy(Widget::Phone, &json!("12 34")), Some(json!("12 34")), "invalid numbers stay for the validator");
        assert_eq!(tidy(Widget::Text, &json!("   ")), None);
    }

    #[test]
    fn review_display() {
        let opts = vec![Choice { value: json!("nu"), label: Text::new("Nữ", "Female") }];
        assert_eq!(display(Widget::Radio, &opts, &json!("nu"), Lang::Vi), "Nữ");
        assert_eq!(display(Widget::Radio, &opts, &json!("nu"), Lang::En), "Female");
        assert_eq!(display(Widget::Checkbox, &[], &json!(true), Lang::Vi), "Có");
        assert_eq!(display(Widget::Number, &[], &json!(1500000), Lang::Vi), "1.500.000");
        assert_eq!(display(Widget::Number, &[], &json!(-1234.5), Lang::Vi), "-1.234,5");
        assert_eq!(display(Widget::Date, &[], &json!("2024-02-29"), Lang::Vi), "29/02/2024");
    }
}
