//! `manifest.json`: what a bundle files, and the only thing its signature
//! covers (attachments are covered through their SHA-256 in it).
//!
//! A manifest has exactly one byte form: RFC 8785 (JCS) of the members below,
//! optional members absent rather than `null`, times as
//! `YYYY-MM-DDTHH:MM:SS.sssZ`. `docs/bundle-format.md` is the reference.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalog::Delivery;
use crate::jose::jcs;
use crate::time::Instant;

use super::error::BundleError;
use super::zip::check_name;

/// The `format` of every manifest this code writes and reads.
pub const FORMAT: &str = "tokhai-bundle/1";

/// Folder of the attachments inside the container.
pub const ATTACHMENTS_DIR: &str = "attachments/";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The bundle's identity, a lowercase UUID: the idempotency key of filing.
    pub id: String,
    pub procedure: ProcedureRef,
    /// The form data (a JSON object), as the form would check it.
    pub data: Value,
    /// In container order.
    pub attachments: Vec<AttachmentEntry>,
    /// The receiving office.
    pub agency: Agency,
    pub delivery: Delivery,
    /// When the draft was started.
    #[serde(with = "rfc3339")]
    pub created_at: Instant,
    /// When the bundle was sealed (signed).
    #[serde(with = "rfc3339")]
    pub sealed_at: Instant,
    pub app: AppInfo,
    pub device: DeviceInfo,
    /// Set when an operator (volunteer, outreach worker, counter clerk) filed
    /// on the citizen's behalf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<OperatorBlock>,
}

/// Which form, in which version, the data was filled with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProcedureRef {
    /// National procedure code, e.g. `1.001193`.
    pub code: String,
    /// The catalog's `id`.
    pub catalog_id: String,
    /// The catalog's `version`.
    pub catalog_version: String,
    /// The procedure's `schemaVersion`.
    pub schema_version: String,
}

/// One attached file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AttachmentEntry {
    /// Entry name in the container: `attachments/NN-name.ext` (see [`attachment_path`]).
    pub path: String,
    /// The file name the citizen chose, as is.
    pub name: String,
    /// Document slot id in the procedure.
    pub slot: String,
    /// Lowercase media type without parameters, e.g. `image/jpeg`.
    pub media_type: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
}

/// The receiving office: a ward (cấp xã) of a province for commune-level
/// procedures (any ward for those filed regardless of residence), a province
/// for province-level ones, neither for central-level ones (the central agency
/// the procedure names). Which one a procedure takes is
/// [`crate::filing::FilingRule`]'s to say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Agency {
    /// Province code (2 digits); absent for central-level procedures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// Ward code (5 digits), for commune-level procedures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ward: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppInfo {
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeviceInfo {
    /// RFC 7638 thumbprint of the device's signing key (= the JWS `kid`).
    pub kid: String,
}

/// Assisted filing: who filed for the citizen, where, and the citizen's
/// recorded consent. Signed with the rest of the manifest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OperatorBlock {
    /// The operator's full name.
    pub name: String,
    pub role: OperatorRole,
    /// Where the filing happened (a station, a point of service), free text or an id.
    pub station: String,
    /// Ward code (5 digits) the operator works in.
    pub home_ward: String,
    pub consent: Consent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OperatorRole {
    /// A volunteer (e.g. youth union "digital literacy" teams).
    Volunteer,
    /// An outreach worker visiting households.
    Outreach,
    /// A clerk at a one-stop counter.
    Counter,
}

/// The consent the citizen gave to have the dossier filed for them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Consent {
    /// The consent text exactly as shown to the citizen.
    pub text: String,
    #[serde(with = "rfc3339")]
    pub confirmed_at: Instant,
}

/// Times in manifests: exactly [`Instant::to_rfc3339`] (UTC, milliseconds, `Z`).
mod rfc3339 {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    use crate::time::Instant;

    pub fn serialize<S: Serializer>(t: &Instant, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Instant, D::Error> {
        let text = String::deserialize(d)?;
        match Instant::parse_rfc3339(&text) {
            Some(t) if t.to_rfc3339() == text => Ok(t),
            _ => Err(D::Error::custom("a time is not of the form 2026-11-22T03:04:05.006Z")),
        }
    }
}

/// Longest free text (names, consent, station), in bytes.
const MAX_TEXT: usize = 4096;
/// Longest identifier (procedure code, versions, slot ids, media types), in bytes.
const MAX_ID: usize = 128;

impl Manifest {
    /// The canonical bytes (`manifest.json`).
    pub fn to_canonical(&self) -> Result<Vec<u8>, BundleError> {
        jcs::to_canonical(self).map_err(|e| BundleError::BadManifest(e.to_string()))
    }

    /// Parses `manifest.json`: JSON, byte-identical to its own JCS form, of
    /// the manifest's shape (with one form for times and absent members),
    /// and valid (see [`Manifest::validate`]).
    pub fn parse_canonical(bytes: &[u8]) -> Result<Manifest, BundleError> {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| BundleError::BadManifest(format!("not JSON: {e}")))?;
        let canonical = jcs::canonical_bytes(&value).map_err(|e| BundleError::BadManifest(e.to_string()))?;
        if canonical != bytes {
            return Err(BundleError::NotCanonical(first_difference(bytes, &canonical)));
        }
        if let Some(format) = value.get("format").and_then(Value::as_str) {
            if format != FORMAT {
                return Err(BundleError::UnsupportedFormat(format.to_owned()));
            }
        }
        let manifest: Manifest = serde_json::from_value(value).map_err(|e| BundleError::BadManifest(shape_error(&e)))?;
        manifest.validate()?;
        // One byte form per manifest: `"operator":null` parses as an absent
        // operator but is not how an absent member is written.
        let again = manifest.to_canonical()?;
        if again != bytes {
            return Err(BundleError::NotCanonical(format!(
                "a member is not in its one form ({})",
                first_difference(bytes, &again)
            )));
        }
        Ok(manifest)
    }

    /// The rules beyond the shape: `format`, a lowercase UUID `id`, non-empty
    /// identifiers, a JSON object `data`, attachment paths and digests, unique
    /// paths, codes of the receiving office, `createdAt ≤ sealedAt`, the `kid`
    /// form, and the operator's consent given before sealing.
    pub fn validate(&self) -> Result<(), BundleError> {
        let bad = |m: String| Err(BundleError::BadManifest(m));
        if self.format != FORMAT {
            return Err(BundleError::UnsupportedFormat(self.format.clone()));
        }
        if !is_lower_uuid(&self.id) {
            return bad("id is not a lowercase UUID".into());
        }
        let p = &self.procedure;
        for (what, v) in [
            ("procedure.code", &p.code),
            ("procedure.catalogId", &p.catalog_id),
            ("procedure.catalogVersion", &p.catalog_version),
            ("procedure.schemaVersion", &p.schema_version),
            ("app.version", &self.app.version),
        ] {
            check_id(what, v)?;
        }
        if !self.data.is_object() {
            return bad("data is not a JSON object".into());
        }
        let mut seen = std::collections::HashSet::new();
        for (i, a) in self.attachments.iter().enumerate() {
            check_attachment_path(&a.path).or_else(|why| bad(format!("attachments[{i}].path: {why}")))?;
            if !seen.insert(a.path.as_str()) {
                return bad(format!("attachments[{i}].path is listed twice"));
            }
            check_text(&format!("attachments[{i}].name"), &a.name)?;
            check_id(&format!("attachments[{i}].slot"), &a.slot)?;
            if !is_media_type(&a.media_type) {
                return bad(format!("attachments[{i}].mediaType is not a lowercase type/subtype"));
            }
            if a.size >= u32::MAX as u64 {
                return bad(format!("attachments[{i}].size is 4 GiB or more"));
            }
            if !(a.sha256.len() == 64 && a.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))) {
                return bad(format!("attachments[{i}].sha256 is not 64 lowercase hexadecimal digits"));
            }
        }
        if let Some(province) = &self.agency.province {
            if !is_digits(province, 2) {
                return bad("agency.province is not a 2-digit province code".into());
            }
        }
        if let Some(ward) = &self.agency.ward {
            if !is_digits(ward, 5) {
                return bad("agency.ward is not a 5-digit ward code".into());
            }
            if self.agency.province.is_none() {
                return bad("agency.ward without agency.province".into());
            }
        }
        if self.created_at > self.sealed_at {
            return bad("createdAt is after sealedAt".into());
        }
        if !is_thumbprint(&self.device.kid) {
            return bad("device.kid is not a SHA-256 JWK thumbprint (43 base64url characters)".into());
        }
        if let Some(op) = &self.operator {
            check_text("operator.name", &op.name)?;
            check_text("operator.station", &op.station)?;
            check_text("operator.consent.text", &op.consent.text)?;
            if !is_digits(&op.home_ward, 5) {
                return bad("operator.homeWard is not a 5-digit ward code".into());
            }
            if op.consent.confirmed_at > self.sealed_at {
                return bad("operator.consent.confirmedAt is after sealedAt".into());
            }
        }
        Ok(())
    }

    /// The attachment listed at `path`.
    pub fn attachment(&self, path: &str) -> Option<&AttachmentEntry> {
        self.attachments.iter().find(|a| a.path == path)
    }
}

/// The container path of the `index`-th attachment (1-based) named `name`:
/// `attachments/` + the number on at least two digits + `-` + the name folded
/// to lowercase ASCII (Vietnamese marks removed, `đ` → `d`, anything else
/// but letters and digits → `-`), at most 60 characters, plus its extension.
/// Any folder part of `name` is dropped.
/// `"Giấy chứng sinh (1).JPG"`, 1 → `attachments/01-giay-chung-sinh-1.jpg`.
pub fn attachment_path(index: usize, name: &str) -> String {
    let name = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && !e.is_empty() => (s, Some(e)),
        _ => (name, None),
    };
    let slug = |s: &str, max: usize| -> String {
        let folded = crate::search::fold(s);
        let mut out = String::new();
        for c in folded.chars() {
            let c = if c.is_ascii_alphanumeric() { c } else { '-' };
            if c == '-' && (out.is_empty() || out.ends_with('-')) {
                continue;
            }
            if out.len() >= max {
                break;
            }
            out.push(c);
        }
        out.trim_end_matches('-').to_owned()
    };
    let mut stem = slug(stem, 60);
    if stem.is_empty() {
        stem = "tep".into(); // "tệp", a file
    }
    let ext: String = ext.map(|e| slug(e, 10).replace('-', "")).unwrap_or_default();
    if ext.is_empty() {
        format!("{ATTACHMENTS_DIR}{index:02}-{stem}")
    } else {
        format!("{ATTACHMENTS_DIR}{index:02}-{stem}.{ext}")
    }
}

/// An attachment path: `attachments/` then 1–100 of `a-z 0-9 . _ -`, starting
/// with a letter or digit (and a valid container name).
pub fn check_attachment_path(path: &str) -> Result<(), &'static str> {
    let Some(file) = path.strip_prefix(ATTACHMENTS_DIR) else { return Err("does not start with attachments/") };
    if file.is_empty() || file.len() > 100 {
        return Err("the file name must have 1 to 100 characters");
    }
    if !file.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')) {
        return Err("only a-z, 0-9, '.', '_' and '-' are allowed");
    }
    if !file.as_bytes()[0].is_ascii_alphanumeric() {
        return Err("the file name must start with a letter or a digit");
    }
    check_name(path).map_err(|_| "not a valid container name")
}

fn check_id(what: &str, v: &str) -> Result<(), BundleError> {
    if v.is_empty() || v.len() > MAX_ID || v.chars().any(char::is_control) {
        return Err(BundleError::BadManifest(format!(
            "{what} must have 1 to {MAX_ID} bytes without control characters"
        )));
    }
    Ok(())
}

fn check_text(what: &str, v: &str) -> Result<(), BundleError> {
    if v.trim().is_empty() || v.len() > MAX_TEXT || v.chars().any(|c| c.is_control() && c != '\n') {
        return Err(BundleError::BadManifest(format!("{what} must have 1 to {MAX_TEXT} bytes of text")));
    }
    Ok(())
}

fn is_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// `8-4-4-4-12` lowercase hexadecimal digits.
pub fn is_lower_uuid(s: &str) -> bool {
    crate::schema::is_uuid(s) && !s.bytes().any(|b| b.is_ascii_uppercase())
}

fn is_thumbprint(s: &str) -> bool {
    s.len() == 43 && crate::jose::b64u_decode(s).is_ok_and(|b| b.len() == 32)
}

/// `type/subtype`, lowercase RFC 6838 restricted names, no parameters.
fn is_media_type(s: &str) -> bool {
    let name = |p: &str| {
        !p.is_empty()
            && p.len() <= 127
            && p.as_bytes()[0].is_ascii_alphanumeric()
            && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"!#$&-^_.+".contains(&b))
    };
    matches!(s.split_once('/'), Some((t, sub)) if name(t) && name(sub))
}

/// Where two byte strings first differ, for an error message (the offset
/// only: the bytes may be the citizen's).
fn first_difference(got: &[u8], want: &[u8]) -> String {
    let at = got.iter().zip(want).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
    format!("first difference at byte {at} (of {}, canonical length {})", got.len(), want.len())
}

/// A serde shape error without the values it quotes (they may be the
/// citizen's): what kind of mismatch, never the text found.
fn shape_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let kind = if text.starts_with("missing field") {
        // Field names come from the format, not from the file.
        return format!("it does not have the manifest's shape: {}", text.split(" at line").next().unwrap_or(&text));
    } else if text.starts_with("unknown field") {
        "a member the format does not have"
    } else if text.starts_with("invalid type") {
        "a member of the wrong type"
    } else if text.starts_with("invalid value") || text.starts_with("unknown variant") {
        "a member with a value the format does not allow"
    } else if text.starts_with("duplicate field") {
        "a member given twice"
    } else {
        "a member that does not fit the format"
    };
    format!("it does not have the manifest's shape (docs/bundle-format.md §4): {kind}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) fn sample() -> Manifest {
        Manifest {
            format: FORMAT.into(),
            id: "0b6f3c1e-8d2a-4f57-9a3e-2c1d4b5a6f70".into(),
            procedure: ProcedureRef {
                code: "1.001193".into(),
                catalog_id: "vn-sample".into(),
                catalog_version: "2026.11.1".into(),
                schema_version: "1".into(),
            },
            data: json!({"b": 1, "a": "Nguyễn"}),
            attachments: vec![AttachmentEntry {
                path: "attachments/01-giay-chung-sinh.jpg".into(),
                name: "Giấy chứng sinh.jpg".into(),
                slot: "giay-chung-sinh".into(),
                media_type: "image/jpeg".into(),
                size: 3,
                sha256: "a".repeat(64),
            }],
            agency: Agency { province: Some("01".into()), ward: Some("00166".into()) },
            delivery: Delivery::Electronic,
            created_at: Instant(1_795_000_000_000),
            sealed_at: Instant(1_795_000_060_123),
            app: AppInfo { version: "0.1.0".into() },
            device: DeviceInfo { kid: "cn-I_WNMClehiVp51i_0VpOENW1upEerA8sEam5hn-s".into() },
            operator: None,
        }
    }

    #[test]
    fn canonical_round_trip() {
        let m = sample();
        let bytes = m.to_canonical().unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.starts_with(r#"{"agency":{"province":"01","ward":"00166"},"app":{"version":"0.1.0"},"attachments":[{"mediaType":"image/jpeg","name":"Giấy chứng sinh.jpg","path":"attachments/01-giay-chung-sinh.jpg","#), "{text}");
        assert!(
            text.contains(
                r#""createdAt":"2026-11-18T11:06:40.000Z","data":{"a":"Nguyễn","b":1},"delivery":"electronic","#
            ),
            "{text}"
        );
        assert!(!text.contains("operator"));
        assert_eq!(Manifest::parse_canonical(&bytes).unwrap(), m);
    }

    #[test]
    fn one_byte_form_only() {
        let bytes = sample().to_canonical().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let code = |t: &str| Manifest::parse_canonical(t.as_bytes()).unwrap_err().code();
        // Whitespace, member order, escapes: not canonical.
        assert_eq!(code(&format!("{text} ")), "not_canonical");
        assert_eq!(code(&text.replacen("{\"agency\"", "{ \"agency\"", 1)), "not_canonical");
        assert_eq!(code(&text.replace("Nguyễn", "Nguy\\u1ec5n")), "not_canonical");
        // Canonical JSON, but `null` for an absent member, or a time in another form.
        assert_eq!(code(&text.replacen("\"procedure\"", "\"operator\":null,\"procedure\"", 1)), "not_canonical");
        let local = text.replace("2026-11-18T11:06:40.000Z", "2026-11-18T18:06:40.000+07:00");
        assert_eq!(code(&local), "bad_manifest");
        // Unknown member, wrong format, bad JSON.
        assert_eq!(code(&text.replacen("{\"agency\"", "{\"a\":1,\"agency\"", 1)), "bad_manifest");
        assert_eq!(code(&text.replace("tokhai-bundle/1", "tokhai-bundle/2")), "unsupported_format");
        assert_eq!(code(&text[..text.len() - 1]), "bad_manifest");
        assert_eq!(Manifest::parse_canonical(&[0xff]).unwrap_err().code(), "bad_manifest");
    }

    #[test]
    fn refusals_name_the_member_and_the_rule_never_the_value() {
        let marker = "Nguyễn Văn Bí Mật 001090012345";
        let text = String::from_utf8(sample().to_canonical().unwrap()).unwrap();
        let m = |t: String| Manifest::parse_canonical(t.as_bytes()).unwrap_err().to_string();
        let mut messages = vec![
            // A value of the wrong type, an unknown member, a bad time, a bad UUID, not canonical.
            m(text.replace("\"size\":3", &format!("\"size\":\"{marker}\""))),
            m(text.replacen("{\"agency\"", &format!("{{\"{marker}\":1,\"agency\""), 1)),
            m(text.replace("2026-11-18T11:06:40.000Z", marker)),
            m(text.replace("0b6f3c1e-8d2a-4f57-9a3e-2c1d4b5a6f70", marker)),
            m(text.replace("\"a\":\"Nguyễn\"", &format!("\"a\": \"{marker}\""))),
        ];
        let mut bad = sample();
        bad.agency.province = Some(marker.into());
        messages.push(bad.validate().unwrap_err().to_string());
        for message in messages {
            assert!(!message.contains(marker) && !message.contains("Bí Mật"), "{message}");
            assert!(message.len() < 300, "{message}");
        }
    }

    #[test]
    fn validation() {
        let check = |f: &dyn Fn(&mut Manifest)| {
            let mut m = sample();
            f(&mut m);
            m.validate().map_err(|e| e.code())
        };
        assert_eq!(check(&|_| {}), Ok(()));
        assert_eq!(check(&|m| m.id = m.id.to_uppercase()), Err("bad_manifest"));
        assert_eq!(check(&|m| m.id = "not-a-uuid".into()), Err("bad_manifest"));
        assert_eq!(check(&|m| m.data = json!([])), Err("bad_manifest"));
        assert_eq!(check(&|m| m.procedure.code = String::new()), Err("bad_manifest"));
        assert_eq!(check(&|m| m.attachments[0].path = "manifest.json".into()), Err("bad_manifest"));
        assert_eq!(check(&|m| m.attachments[0].path = "attachments/../x".into()), Err("bad_manifest"));
        assert_eq!(check(&|m| m.attachments[0].path = "attachments/A.jpg".into()), Err("bad_manifest"));
        assert_eq!(check(&|m| m.attachments.push(m.attachments[0].clone())), Err("bad_manifest"));
        assert_eq!(check(&|m| m.attachments[0].sha256 = "A".repeat(64)), Err("bad_manifest"));
        assert_eq!(check(&|m| m.attachments[0].media_type = "image/JPEG".into()), Err("bad_manifest"));
        assert_eq!(check(&|m| m.attachments[0].media_type = "image/jpeg; q=1".into()), Err("bad_manifest"));
        assert_eq!(check(&|m| m.attachments[0].name = " ".into()), Err("bad_manifest"));
        assert_eq!(check(&|m| m.agency.ward = Some("166".into())), Err("bad_manifest"));
        assert_eq!(check(&|m| m.agency.province = Some("1".into())), Err("bad_manifest"));
        assert_eq!(check(&|m| m.agency.province = None), Err("bad_manifest"), "a ward without its province");
        assert_eq!(check(&|m| m.agency = Agency { province: None, ward: None }), Ok(()), "central level: no place");
        assert_eq!(check(&|m| m.created_at = Instant(m.sealed_at.0 + 1)), Err("bad_manifest"));
        assert_eq!(check(&|m| m.device.kid = "abc".into()), Err("bad_manifest"));
        assert_eq!(check(&|m| m.format = "x".into()), Err("unsupported_format"));
        let op = OperatorBlock {
            name: "Lê Văn Tình nguyện".into(),
            role: OperatorRole::Volunteer,
            station: "Điểm hỗ trợ phường Láng".into(),
            home_ward: "00166".into(),
            consent: Consent { text: "Tôi đồng ý…".into(), confirmed_at: Instant(1_795_000_050_000) },
        };
        assert_eq!(check(&|m| m.operator = Some(op.clone())), Ok(()));
        let late = OperatorBlock {
            consent: Consent { confirmed_at: Instant(1_795_000_070_000), ..op.consent.clone() },
            ..op.clone()
        };
        assert_eq!(check(&|m| m.operator = Some(late.clone())), Err("bad_manifest"));
        let mut m = sample();
        m.operator = Some(op);
        let bytes = m.to_canonical().unwrap();
        assert!(std::str::from_utf8(&bytes).unwrap().contains(r#""operator":{"consent":{"confirmedAt":"2026-11-18T11:07:30.000Z","text":"Tôi đồng ý…"},"homeWard":"00166","name":"#));
        assert_eq!(Manifest::parse_canonical(&bytes).unwrap(), m);
    }

    #[test]
    fn attachment_paths() {
        assert_eq!(attachment_path(1, "Giấy chứng sinh (1).JPG"), "attachments/01-giay-chung-sinh-1.jpg");
        assert_eq!(attachment_path(12, "ĐƠN ĐỀ NGHỊ.pdf"), "attachments/12-don-de-nghi.pdf");
        assert_eq!(attachment_path(3, "../../etc/passwd"), "attachments/03-passwd");
        assert_eq!(attachment_path(3, "C:\\Users\\An\\ảnh.png"), "attachments/03-anh.png");
        assert_eq!(attachment_path(4, ".jpg"), "attachments/04-jpg");
        assert_eq!(attachment_path(5, "照片.jpeg"), "attachments/05-tep.jpeg");
        assert_eq!(attachment_path(6, ""), "attachments/06-tep");
        assert_eq!(attachment_path(100, "a.b.c"), "attachments/100-a-b.c");
        let long = attachment_path(7, &format!("{}.pdf", "dài ".repeat(40)));
        assert!(long.len() <= "attachments/07-".len() + 60 + 4, "{long}");
        for p in [long, attachment_path(8, "x\u{0}y\\z:w.PDF"), attachment_path(9, "Ảnh CCCD mặt trước.heic")] {
            assert_eq!(check_attachment_path(&p), Ok(()), "{p}");
        }
    }
}
