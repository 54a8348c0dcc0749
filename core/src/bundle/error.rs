//! Why a bundle was refused: a stable machine `code()` (what the portal
//! returns as `{code, message}`), an English message (`Display`) and a
//! bilingual one for the app (`message()`).

use crate::i18n::Text;
use crate::jose::JoseError;

use super::zip::ZipError;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    /// Not a ZIP the strict reader accepts, or entries in the wrong order.
    #[error("not a valid bundle container: {0}")]
    BadContainer(String),
    /// Over a limit (size of the bundle, of an entry, number of attachments).
    #[error("the bundle is too large: {0}")]
    TooLarge(String),
    /// The first entry is not `mimetype` with exactly the bundle media type.
    #[error("not a Tờ khai bundle: {0}")]
    BadMimetype(String),
    /// `manifest.json` is not valid JSON or does not have the manifest's shape
    /// and rules.
    #[error("invalid manifest: {0}")]
    BadManifest(String),
    /// A manifest `format` this code does not read.
    #[error("unsupported bundle format {0:?} (expected \"tokhai-bundle/1\")")]
    UnsupportedFormat(String),
    /// `manifest.json` is valid but not byte-identical to its canonical form.
    #[error("manifest.json is not in its canonical form (RFC 8785): {0}")]
    NotCanonical(String),
    /// `signature.jws` is malformed, or the signature does not verify.
    #[error("invalid signature: {0}")]
    BadSignature(String),
    /// The JWS `kid`, the thumbprint of its `jwk` and the manifest's
    /// `device.kid` are not all equal.
    #[error("key mismatch: {0}")]
    KeyMismatch(String),
    /// An attachment's size or SHA-256 differs from the manifest.
    #[error("attachment {0:?} does not match the size and SHA-256 in the manifest")]
    DigestMismatch(String),
    /// A file the manifest (or the format) requires is not in the container.
    #[error("missing file {0:?}")]
    MissingFile(String),
    /// A file in the container that the manifest does not list.
    #[error("unexpected file {0:?}")]
    ExtraFile(String),
    /// The bundle is for another procedure or another version of its form.
    #[error("wrong procedure: {}", .0.en)]
    WrongProcedure(Text),
    /// The receiving office does not fit the procedure (level, address units).
    #[error("wrong receiving office: {}", .0.en)]
    WrongAgency(Text),
    /// The delivery option is not offered by the procedure (or none was chosen).
    #[error("wrong delivery option: {}", .0.en)]
    WrongDelivery(Text),
    /// The form data does not pass the form's checks.
    #[error("the form data has {count} error(s): {}", summary(errors))]
    InvalidData {
        count: usize,
        /// The first few errors: (data path, message).
        errors: Vec<(String, Text)>,
    },
    /// The attachments break the procedure's document slot rules.
    #[error("the attachments do not meet the document rules: {}", .0.en)]
    InvalidAttachments(Text),
    /// Assisted filing: the consent text is not the one the citizen named in
    /// the form gives to this operator (altered, or given for someone else),
    /// or it was confirmed too long before the draft was started.
    #[error("the citizen's consent does not fit this filing: {}", .0.en)]
    BadConsent(Text),
    /// Assisted filing: the operator's details do not check out (no such home ward).
    #[error("the operator's details are wrong: {}", .0.en)]
    BadOperator(Text),
}

fn summary(errors: &[(String, Text)]) -> String {
    errors
        .iter()
        .map(|(p, m)| format!("{}: {}", if p.is_empty() { "/" } else { p }, m.get(crate::i18n::Lang::En)))
        .collect::<Vec<_>>()
        .join("; ")
}

impl BundleError {
    /// Stable machine code, for the portal's `{code, message}` and for the app
    /// to decide what to do (retry, re-seal, show the form again).
    pub fn code(&self) -> &'static str {
        match self {
            BundleError::BadContainer(_) => "bad_container",
            BundleError::TooLarge(_) => "too_large",
            BundleError::BadMimetype(_) => "bad_mimetype",
            BundleError::BadManifest(_) => "bad_manifest",
            BundleError::UnsupportedFormat(_) => "unsupported_format",
            BundleError::NotCanonical(_) => "not_canonical",
            BundleError::BadSignature(_) => "bad_signature",
            BundleError::KeyMismatch(_) => "key_mismatch",
            BundleError::DigestMismatch(_) => "digest_mismatch",
            BundleError::MissingFile(_) => "missing_file",
            BundleError::ExtraFile(_) => "extra_file",
            BundleError::WrongProcedure(_) => "wrong_procedure",
            BundleError::WrongAgency(_) => "wrong_agency",
            BundleError::WrongDelivery(_) => "wrong_delivery",
            BundleError::InvalidData { .. } => "invalid_data",
            BundleError::InvalidAttachments(_) => "invalid_attachments",
            BundleError::BadConsent(_) => "bad_consent",
            BundleError::BadOperator(_) => "bad_operator",
        }
    }

    /// Every code `code()` can return.
    pub const CODES: &'static [&'static str] = &[
        "bad_container",
        "too_large",
        "bad_mimetype",
        "bad_manifest",
        "unsupported_format",
        "not_canonical",
        "bad_signature",
        "key_mismatch",
        "digest_mismatch",
        "missing_file",
        "extra_file",
        "wrong_procedure",
        "wrong_agency",
        "wrong_delivery",
        "invalid_data",
        "invalid_attachments",
        "bad_consent",
        "bad_operator",
    ];

    /// A message for the citizen, in both languages. Errors about the form or
    /// the documents say what is wrong; errors about the container itself
    /// (which only a damaged or altered file has) say so plainly.
    pub fn message(&self) -> Text {
        match self {
            BundleError::WrongProcedure(t)
            | BundleError::WrongAgency(t)
            | BundleError::WrongDelivery(t)
            | BundleError::InvalidAttachments(t) => t.clone(),
            BundleError::BadConsent(t) => Text::new(
                format!("Lời xác nhận nhờ nộp hồ sơ của người dân không hợp lệ: {}. Hãy đọc lại cho người dân, xin xác nhận lại và lập lại hồ sơ.", t.vi),
                format!("The citizen's consent to assisted filing is not valid: {}. Read it to the citizen again, ask for a new confirmation and seal the dossier again.", t.get(crate::i18n::Lang::En)),
            ),
            BundleError::BadOperator(t) => Text::new(
                format!("Thông tin người hỗ trợ nộp hồ sơ không đúng: {}", t.vi),
                format!("The operator's details are wrong: {}", t.get(crate::i18n::Lang::En)),
            ),
            BundleError::InvalidData { count, errors } => {
                let first = errors.first().map(|(_, m)| m.clone()).unwrap_or_default();
                Text::new(
                    format!("Tờ khai còn {count} lỗi. Lỗi đầu tiên: {}", first.vi),
                    format!("The form has {count} error(s). The first: {}", first.get(crate::i18n::Lang::En)),
                )
            }
            BundleError::TooLarge(_) => Text::new(
                "Hồ sơ quá lớn để gửi. Hãy bớt hoặc chụp lại tệp đính kèm với dung lượng nhỏ hơn.",
                "The dossier is too large to send. Remove attachments or retake them at a smaller size.",
            ),
            BundleError::UnsupportedFormat(_) => Text::new(
                "Hồ sơ được tạo bằng phiên bản ứng dụng khác. Hãy cập nhật ứng dụng.",
                "The dossier was made by another version of the app. Update the app.",
            ),
            _ => Text::new(
                format!("Hồ sơ đã ký bị hỏng hoặc đã bị sửa đổi ({}).", self.code()),
                format!("The signed dossier is damaged or was altered ({}).", self.code()),
            ),
        }
    }
}

impl From<ZipError> for BundleError {
    fn from(e: ZipError) -> BundleError {
        match e {
            ZipError::TooLarge(_) => BundleError::TooLarge(e.to_string()),
            _ => BundleError::BadContainer(e.to_string()),
        }
    }
}

impl From<JoseError> for BundleError {
    fn from(e: JoseError) -> BundleError {
        BundleError::BadSignature(format!("{e} ({})", e.code()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_listed_and_messages_bilingual() {
        let t = Text::new("vi", "en");
        let all = [
            BundleError::BadContainer("x".into()),
            BundleError::TooLarge("x".into()),
            BundleError::BadMimetype("x".into()),
            BundleError::BadManifest("x".into()),
            BundleError::UnsupportedFormat("x".into()),
            BundleError::NotCanonical("x".into()),
            BundleError::BadSignature("x".into()),
            BundleError::KeyMismatch("x".into()),
            BundleError::DigestMismatch("x".into()),
            BundleError::MissingFile("x".into()),
            BundleError::ExtraFile("x".into()),
            BundleError::WrongProcedure(t.clone()),
            BundleError::WrongAgency(t.clone()),
            BundleError::WrongDelivery(t.clone()),
            BundleError::InvalidData { count: 1, errors: vec![("/a".into(), t.clone())] },
            BundleError::InvalidAttachments(t.clone()),
            BundleError::BadConsent(t.clone()),
            BundleError::BadOperator(t),
        ];
        let codes: Vec<_> = all.iter().map(BundleError::code).collect();
        assert_eq!(codes, BundleError::CODES);
        for e in &all {
            let m = e.message();
            assert!(!m.vi.is_empty() && !m.en.is_empty(), "{e:?}");
            assert!(!e.to_string().is_empty());
        }
        assert_eq!(all[14].to_string(), "the form data has 1 error(s): /a: en");
    }
}
