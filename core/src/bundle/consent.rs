//! The citizen's consent to assisted filing: the one sentence, in plain
//! Vietnamese, that the app shows (and reads out) when a volunteer, an
//! outreach team member or a counter officer files a dossier for a citizen,
//! and that the citizen confirms. It goes into the manifest's
//! `operator.consent.text` exactly as built here, and a receiver builds it
//! again from the signed manifest to check it (`docs/bundle-format.md`,
//! "Assisted filing").
//!
//! ```text
//! Tôi, Nguyễn Văn An, đã đề nghị Trần Thị Bình (tình nguyện viên hỗ trợ dịch vụ công)
//! khai và nộp hồ sơ này thay cho tôi. Tôi đã nghe đọc lại và xác nhận thông tin trong
//! hồ sơ là đúng.
//! ```
//! (one line; wrapped here).

use serde_json::Value;

use crate::form::{Env, Form};
use crate::i18n::Text;

use super::manifest::OperatorRole;

/// Who the citizen is when the form names nobody yet.
pub const UNNAMED_CITIZEN: &str = "người có tên trong hồ sơ này";

/// The operator's role as the consent text and the app name it: Vietnamese
/// (the words of the consent text) and English.
pub fn role_label(role: OperatorRole) -> Text {
    match role {
        OperatorRole::Volunteer => {
            Text::new("tình nguyện viên hỗ trợ dịch vụ công", "public service support volunteer")
        }
        OperatorRole::Outreach => Text::new("thành viên tổ công tác lưu động", "member of a mobile outreach team"),
        OperatorRole::Counter => Text::new("cán bộ bộ phận một cửa", "one-stop counter officer"),
    }
}

/// The consent sentence for `citizen`, filed by `operator` in `role`:
///
/// `Tôi, <citizen>, đã đề nghị <operator> (<role label>) khai và nộp hồ sơ này
/// thay cho tôi. Tôi đã nghe đọc lại và xác nhận thông tin trong hồ sơ là đúng.`
///
/// Names are used as typed, with their surrounding white space removed and
/// every inner run of white space made one space. An empty (or blank)
/// `citizen` is a citizen the form does not name yet: «Tôi, người có tên
/// trong hồ sơ này, …». The result is the exact text of
/// `operator.consent.text`; nothing else is accepted.
pub fn consent_text(citizen: &str, operator: &str, role: OperatorRole) -> String {
    let citizen = tidy(citizen);
    let citizen = if citizen.is_empty() { UNNAMED_CITIZEN.to_owned() } else { citizen };
    format!(
        "Tôi, {citizen}, đã đề nghị {} ({}) khai và nộp hồ sơ này thay cho tôi. \
         Tôi đã nghe đọc lại và xác nhận thông tin trong hồ sơ là đúng.",
        tidy(operator),
        role_label(role).vi
    )
}

/// The consent text for the dossier `data` of `form`: [`consent_text`] with
/// the person the form names as asking for the procedure
/// ([`crate::draft::requester`]: the parent for a birth, not the newborn).
/// What the app shows before sealing and what
/// [`super::VerifiedBundle::check_data`] expects.
pub fn consent_text_for(form: &Form, data: &Value, env: &Env<'_>, operator: &str, role: OperatorRole) -> String {
    let citizen = crate::draft::requester(form, data, env);
    consent_text(citizen.as_deref().unwrap_or_default(), operator, role)
}

/// Trimmed, inner white space runs made one space.
fn tidy(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence() {
        assert_eq!(
            consent_text("Nguyễn Văn An", "Trần Thị Bình", OperatorRole::Volunteer),
            "Tôi, Nguyễn Văn An, đã đề nghị Trần Thị Bình (tình nguyện viên hỗ trợ dịch vụ công) khai và nộp hồ sơ \
             này thay cho tôi. Tôi đã nghe đọc lại và xác nhận thông tin trong hồ sơ là đúng."
        );
        assert_eq!(
            consent_text("Lò Thị Mai", "Vũ Đức Hải", OperatorRole::Outreach),
            "Tôi, Lò Thị Mai, đã đề nghị Vũ Đức Hải (thành viên tổ công tác lưu động) khai và nộp hồ sơ này thay cho \
             tôi. Tôi đã nghe đọc lại và xác nhận thông tin trong hồ sơ là đúng."
        );
        assert_eq!(
            consent_text("Lò Thị Mai", "Vũ Đức Hải", OperatorRole::Counter),
            "Tôi, Lò Thị Mai, đã đề nghị Vũ Đức Hải (cán bộ bộ phận một cửa) khai và nộp hồ sơ này thay cho tôi. \
             Tôi đã nghe đọc lại và xác nhận thông tin trong hồ sơ là đúng."
        );
    }

    #[test]
    fn an_unnamed_citizen_and_white_space() {
        let unnamed = consent_text("", "Trần Thị Bình", OperatorRole::Counter);
        assert!(
            unnamed.starts_with("Tôi, người có tên trong hồ sơ này, đã đề nghị Trần Thị Bình (cán bộ"),
            "{unnamed}"
        );
        assert_eq!(consent_text(" \t ", "Trần Thị Bình", OperatorRole::Counter), unnamed);
        assert_eq!(
            consent_text("  Nguyễn   Văn An ", " Trần Thị\u{a0}Bình", OperatorRole::Volunteer),
            consent_text("Nguyễn Văn An", "Trần Thị Bình", OperatorRole::Volunteer)
        );
    }

    #[test]
    fn role_labels_are_bilingual() {
        for role in [OperatorRole::Volunteer, OperatorRole::Outreach, OperatorRole::Counter] {
            let t = role_label(role);
            assert!(!t.vi.is_empty() && !t.en.is_empty() && t.vi != t.en);
        }
        assert_eq!(role_label(OperatorRole::Outreach).vi, "thành viên tổ công tác lưu động");
    }
}
