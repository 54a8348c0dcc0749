//! Checking what a bundle files against the procedure's form: the same rules
//! the app applied while the citizen filled it in.

use serde_json::Value;

use crate::filing::FilingRule;
use crate::form::documents::{check_file, check_slot};
use crate::form::{Env, Form};
use crate::i18n::{Lang, Text};

use super::consent::consent_text_for;
use super::manifest::Manifest;
use super::{BundleError, Unsigned, VerifiedBundle};

/// How many form errors an `invalid_data` error carries.
const SHOWN_ERRORS: usize = 3;

impl VerifiedBundle {
    /// Checks the filing against `form` (the procedure in the catalog, with
    /// the same `env` rules as the app): procedure code and schema version,
    /// delivery option, receiving office, the form data (the full form check,
    /// and no hidden or blank values), the document slots (each file's
    /// slot, media type, size and content type; each slot's file count), and
    /// for assisted filing the operator block (the exact consent text of the
    /// citizen named in the form, its time, the operator's home ward).
    pub fn check_data(&self, form: &Form, env: &Env<'_>) -> Result<(), BundleError> {
        check_filing(self.manifest(), &|p| self.attachment(p), form, env)
    }
}

impl Unsigned {
    /// The checks of [`VerifiedBundle::check_data`], before signing: the app
    /// can refuse to seal what the portal would refuse.
    pub fn check_data(&self, form: &Form, env: &Env<'_>) -> Result<(), BundleError> {
        check_filing(self.manifest(), &|p| self.attachment(p), form, env)
    }
}

fn check_filing<'b>(
    manifest: &Manifest,
    file: &dyn Fn(&str) -> Option<&'b [u8]>,
    form: &Form,
    env: &Env<'_>,
) -> Result<(), BundleError> {
    let p = &manifest.procedure;
    if p.code != form.code {
        return Err(BundleError::WrongProcedure(Text::new(
            format!("Hồ sơ thuộc thủ tục {}, không phải {}", p.code, form.code),
            format!("the bundle is for procedure {}, not {}", p.code, form.code),
        )));
    }
    if p.schema_version != form.schema_version {
        return Err(BundleError::WrongProcedure(Text::new(
            format!("Hồ sơ được lập theo mẫu phiên bản {}, mẫu hiện hành là {}", p.schema_version, form.schema_version),
            format!(
                "the bundle was filled with schema version {}, the catalog has {}",
                p.schema_version, form.schema_version
            ),
        )));
    }

    if !form.delivery.contains(&manifest.delivery) {
        let d = serde_json::to_value(manifest.delivery)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        return Err(BundleError::WrongDelivery(Text::new(
            format!("Thủ tục này không trả kết quả theo cách \"{d}\""),
            format!("this procedure does not offer delivery \"{d}\""),
        )));
    }

    check_agency(manifest, form, env)?;

    let errors = form.check(&manifest.data, env);
    if !errors.is_empty() {
        return Err(BundleError::InvalidData {
            count: errors.len(),
            errors: errors.iter().take(SHOWN_ERRORS).map(|e| (e.path.clone(), e.message.clone())).collect(),
        });
    }
    let pruned = form.prune(&manifest.data, env);
    if pruned != manifest.data {
        let at = first_difference(&manifest.data, &pruned, String::new());
        return Err(BundleError::InvalidData {
            count: 1,
            errors: vec![(
                at,
                Text::new(
                    "Giá trị này bị ẩn hoặc để trống trên tờ khai nên không được gửi",
                    "This value is hidden or blank on the form and must not be sent",
                ),
            )],
        });
    }

    let mut counts = vec![0usize; form.documents.len()];
    // Files are named by their place in the manifest, never by their name:
    // a file name is the citizen's, and this message reaches the portal's answers.
    for (n, a) in manifest.attachments.iter().enumerate() {
        let n = n + 1;
        let Some(i) = form.documents.iter().position(|d| d.id == a.slot) else {
            return Err(BundleError::InvalidAttachments(Text::new(
                format!("Thủ tục không có thành phần hồ sơ \"{}\" (tệp đính kèm thứ {n})", a.slot),
                format!("the procedure has no document slot \"{}\" (attachment {n})", a.slot),
            )));
        };
        let slot = &form.documents[i];
        let named = |m: Text| {
            BundleError::InvalidAttachments(Text::new(
                format!("{}: {}", slot.name.vi, m.vi),
                format!("{}: {}", slot.name.get(Lang::En), m.get(Lang::En)),
            ))
        };
        check_file(slot, &a.media_type, a.size, counts[i]).map_err(named)?;
        let bytes = file(&a.path).unwrap_or_default();
        if !content_matches(&a.media_type, bytes) {
            return Err(named(Text::new(
                format!("Nội dung tệp đính kèm thứ {n} không phải là {}", a.media_type),
                format!("the content of attachment {n} is not {}", a.media_type),
            )));
        }
        counts[i] += 1;
    }
    for (slot, count) in form.documents.iter().zip(counts) {
        check_slot(slot, count).map_err(|m| {
            BundleError::InvalidAttachments(Text::new(
                format!("{}: {}", slot.name.vi, m.vi),
                format!("{}: {}", slot.name.get(Lang::En), m.get(Lang::En)),
            ))
        })?;
    }

    check_operator(manifest, form, env)
}

/// How long before the draft was started the citizen may have confirmed the
/// consent (asked for help, then the operator opened the form): one day.
const CONSENT_BEFORE_DRAFT_MS: i64 = 86_400_000;

/// Assisted filing: the consent text is exactly the one the citizen named in
/// the form gives to this operator in this role ([`consent_text_for`]), it was
/// confirmed at most a day before the draft was started (`validate` already
/// refused one confirmed after sealing), and with the address units at hand
/// the operator's home ward exists.
fn check_operator(manifest: &Manifest, form: &Form, env: &Env<'_>) -> Result<(), BundleError> {
    let Some(op) = &manifest.operator else {
        return Ok(());
    };
    let expected = consent_text_for(form, &manifest.data, env, &op.name, op.role);
    if op.consent.text != expected {
        return Err(BundleError::BadConsent(Text::new(
            "lời xác nhận không đúng với người có tên trong hồ sơ, người hỗ trợ hoặc vai trò của người hỗ trợ",
            "the consent text is not the one the citizen named in the form gives to this operator in this role",
        )));
    }
    if op.consent.confirmed_at.0 < manifest.created_at.0.saturating_sub(CONSENT_BEFORE_DRAFT_MS) {
        return Err(BundleError::BadConsent(Text::new(
            format!(
                "lời xác nhận được ghi lúc {}, quá một ngày trước khi bắt đầu lập hồ sơ ({})",
                op.consent.confirmed_at.to_rfc3339(),
                manifest.created_at.to_rfc3339()
            ),
            format!(
                "the consent was confirmed at {}, more than a day before the draft was started ({})",
                op.consent.confirmed_at.to_rfc3339(),
                manifest.created_at.to_rfc3339()
            ),
        )));
    }
    if let Some(book) = env.addresses {
        if book.ward(&op.home_ward).is_none() {
            return Err(BundleError::BadOperator(Text::new(
                format!("không có phường, xã, đặc khu mã {} (nơi người hỗ trợ làm việc)", op.home_ward),
                format!("there is no ward or commune with code {} (the operator's home ward)", op.home_ward),
            )));
        }
    }
    Ok(())
}

/// The receiving office fits the procedure's [`FilingRule`] and, with the
/// address units at hand, exists.
fn check_agency(manifest: &Manifest, form: &Form, env: &Env<'_>) -> Result<(), BundleError> {
    FilingRule::of(&form.procedure).check(&manifest.agency, env.addresses).map_err(BundleError::WrongAgency)
}

/// Whether the file's first bytes are those of its media type (for the types
/// with a signature: JPEG, PNG, PDF; other types are not sniffed).
pub(crate) fn content_matches(media_type: &str, bytes: &[u8]) -> bool {
    match media_type {
        "image/jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        // Readers accept a PDF header anywhere in the first 1024 bytes.
        "application/pdf" => bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-"),
        _ => true,
    }
}

/// The JSON Pointer of the first place `a` and `b` differ.
fn first_difference(a: &Value, b: &Value, at: String) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                match y.get(k) {
                    Some(w) if w == v => {}
                    Some(w) => return first_difference(v, w, here),
                    None => return here,
                }
            }
            at
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, v) in x.iter().enumerate() {
                match y.get(i) {
                    Some(w) if w == v => {}
                    Some(w) => return first_difference(v, w, format!("{at}/{i}")),
                    None => return format!("{at}/{i}"),
                }
            }
            at
        }
        _ => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sniffing() {
        assert!(content_matches("image/jpeg", &[0xFF, 0xD8, 0xFF, 0xE0]));
        assert!(!content_matches("image/jpeg", b"%PDF-1.7"));
        assert!(content_matches("image/png", b"\x89PNG\r\n\x1a\n...."));
        assert!(content_matches("application/pdf", b"%PDF-1.7\n"));
        assert!(content_matches("application/pdf", b"\n\n%PDF-1.4"));
        assert!(!content_matches("application/pdf", b"<html>"));
        assert!(content_matches("text/plain", b"anything"));
    }

    #[test]
    fn differences() {
        let a = json!({"a": 1, "b": {"c": [1, 2, {"d/e": 3}]}});
        let b = json!({"a": 1, "b": {"c": [1, 2, {}]}});
        assert_eq!(first_difference(&a, &b, String::new()), "/b/c/2/d~1e");
    }
}
