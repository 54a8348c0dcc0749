//! Sealing: a complete draft becomes an immutable, signed bundle.
//!
//! The private key lives in WebCrypto (the browser) or in `p256` (native), so
//! sealing has two halves around the signature:
//!
//! ```text
//! let unsigned = prepare(input)?;                         // digests, canonical manifest
//! let sig = sign_es256(unsigned.signing_input());          // WebCrypto ECDSA P-256 SHA-256: 64 bytes
//! let sealed = unsigned.assemble(&sig)?;                   // the container
//! ```

use std::fmt;

use serde_json::Value;

use crate::catalog::Delivery;
use crate::draft::Draft;
use crate::filing::FilingRule;
use crate::form::{Env, Form};
use crate::i18n::Text;
use crate::jose::{compact_detached, jws, EcPublicJwk, JoseError, ProtectedHeader};
use crate::time::{Instant, VIETNAM_OFFSET_MS};

use super::manifest::{
    attachment_path, Agency, AppInfo, AttachmentEntry, DeviceInfo, Manifest, OperatorBlock, ProcedureRef, FORMAT,
};
use super::zip::{DosTime, ZipWriter};
use super::{sha256_hex, BundleError, Limits, JWS_TYP, MANIFEST_NAME, MIMETYPE, MIMETYPE_NAME, SIGNATURE_NAME};

/// One file to attach.
#[derive(Clone, PartialEq, Eq)]
pub struct AttachmentInput {
    /// The file name as the citizen chose it.
    pub name: String,
    /// Document slot id.
    pub slot: String,
    /// Media type, e.g. `image/jpeg` (lowercased and stripped of parameters
    /// when sealing; empty becomes `application/octet-stream`).
    pub media_type: String,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for AttachmentInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttachmentInput")
            .field("name", &self.name)
            .field("slot", &self.slot)
            .field("media_type", &self.media_type)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// Everything a bundle is made of. Build it by hand or with
/// [`SealInput::from_draft`].
#[derive(Clone, Debug, PartialEq)]
pub struct SealInput {
    /// A new lowercase UUID for this bundle (not the draft's id: a draft
    /// sealed again after a refusal makes a new bundle).
    pub id: String,
    pub procedure: ProcedureRef,
    /// The form data, pruned as the form checks it ([`Form::prune`]).
    pub data: Value,
    pub agency: Agency,
    pub delivery: Delivery,
    /// In the order they go into the bundle.
    pub attachments: Vec<AttachmentInput>,
    pub created_at: Instant,
    pub sealed_at: Instant,
    pub app_version: String,
    /// The device's public signing key.
    pub device_jwk: EcPublicJwk,
    pub operator: Option<OperatorBlock>,
}

/// What sealing a draft needs besides the draft and its form.
#[derive(Clone, Debug, PartialEq)]
pub struct SealContext {
    /// A new lowercase UUID (`crypto.randomUUID()`).
    pub id: String,
    /// The catalog's `id` (the draft remembers only its version).
    pub catalog_id: String,
    pub sealed_at: Instant,
    pub app_version: String,
    pub device_jwk: EcPublicJwk,
    /// The draft's files, in any order (they are sorted by document slot).
    pub attachments: Vec<AttachmentInput>,
    pub operator: Option<OperatorBlock>,
}

impl SealInput {
    /// The input for sealing `draft`, filled with `form` (the same procedure
    /// and schema version): the data pruned of hidden and blank values, the
    /// receiving office ([`FilingRule::agency`]) and delivery from the draft's
    /// filing choices, the attachments in the order of the
    /// procedure's document slots, `createdAt` from the draft (at the latest
    /// `sealed_at`).
    pub fn from_draft(draft: &Draft, form: &Form, env: &Env<'_>, cx: SealContext) -> Result<SealInput, BundleError> {
        if draft.procedure != form.code {
            return Err(BundleError::WrongProcedure(Text::new(
                format!("Bản nháp thuộc thủ tục {}, không phải {}", draft.procedure, form.code),
                format!("The draft is for procedure {}, not {}", draft.procedure, form.code),
            )));
        }
        if draft.schema_version != form.schema_version {
            return Err(BundleError::WrongProcedure(Text::new(
                "Biểu mẫu đã được cập nhật. Hãy mở lại bản nháp để cập nhật trước khi nộp.",
                "The form was updated. Open the draft again to update it before filing.",
            )));
        }
        let agency = FilingRule::of(&form.procedure).agency(&draft.filing).map_err(BundleError::WrongAgency)?;
        let delivery = draft.filing.delivery.ok_or_else(|| {
            BundleError::WrongDelivery(Text::new("Hãy chọn cách nhận kết quả", "Choose how to receive the result"))
        })?;
        let mut attachments = cx.attachments;
        let slot_order = |slot: &str| form.documents.iter().position(|d| d.id == slot).unwrap_or(usize::MAX);
        attachments.sort_by_key(|a| slot_order(&a.slot)); // stable: keeps the order within a slot
        Ok(SealInput {
            id: cx.id,
            procedure: ProcedureRef {
                code: draft.procedure.clone(),
                catalog_id: cx.catalog_id,
                catalog_version: draft.catalog_version.clone(),
                schema_version: draft.schema_version.clone(),
            },
            data: form.prune(&draft.data, env),
            agency,
            delivery,
            attachments,
            // A clock set back since the draft was started must not make it unsealable.
            created_at: Instant(draft.created_at).min(cx.sealed_at),
            sealed_at: cx.sealed_at,
            app_version: cx.app_version,
            device_jwk: cx.device_jwk,
            operator: cx.operator,
        })
    }
}

/// A bundle ready to be signed: the canonical manifest and the exact bytes
/// to sign. Nothing can be changed any more; only the signature is missing.
pub struct Unsigned {
    manifest: Manifest,
    manifest_bytes: Vec<u8>,
    protected_b64: String,
    signing_input: Vec<u8>,
    files: Vec<(String, Vec<u8>)>,
    size: u64,
}

/// [`prepare_with`] with the default [`Limits`].
pub fn prepare(input: SealInput) -> Result<Unsigned, BundleError> {
    prepare_with(input, &Limits::DEFAULT)
}

/// Computes the attachments' paths and digests, the canonical manifest, the
/// JWS protected header (ES256, `kid` = thumbprint of the device key, the key
/// itself as `jwk`, `typ`) and the signing input. Refuses what [`super::open`]
/// would refuse: an invalid manifest, a key that is not a P-256 public key,
/// more than `limits` allow.
pub fn prepare_with(input: SealInput, limits: &Limits) -> Result<Unsigned, BundleError> {
    input.device_jwk.validate()?;
    if input.attachments.len() > limits.max_attachments {
        return Err(BundleError::TooLarge(format!(
            "{} attachments, at most {}",
            input.attachments.len(),
            limits.max_attachments
        )));
    }
    let mut entries = Vec::with_capacity(input.attachments.len());
    let mut files = Vec::with_capacity(input.attachments.len());
    for (i, a) in input.attachments.into_iter().enumerate() {
        let path = attachment_path(i + 1, &a.name);
        entries.push(AttachmentEntry {
            path: path.clone(),
            name: a.name,
            slot: a.slot,
            media_type: normalize_media_type(&a.media_type),
            size: a.bytes.len() as u64,
            sha256: sha256_hex(&a.bytes),
        });
        files.push((path, a.bytes));
    }
    let kid = input.device_jwk.thumbprint();
    let manifest = Manifest {
        format: FORMAT.into(),
        id: input.id,
        procedure: input.procedure,
        data: input.data,
        attachments: entries,
        agency: input.agency,
        delivery: input.delivery,
        created_at: input.created_at,
        sealed_at: input.sealed_at,
        app: AppInfo { version: input.app_version },
        device: DeviceInfo { kid },
        operator: input.operator,
    };
    manifest.validate()?;
    let manifest_bytes = manifest.to_canonical()?;
    // What was signed, read back: numbers are as JCS wrote them (an integer
    // beyond 2^53 is rounded), so `manifest()` is exactly what a verifier sees.
    let manifest = Manifest::parse_canonical(&manifest_bytes)?;

    let header = ProtectedHeader::es256_with_jwk(input.device_jwk).with_typ(JWS_TYP);
    let protected_b64 = header.encode();
    let signing_input = jws::signing_input(&protected_b64, &manifest_bytes);

    // The container's exact size: local header + name + data, central record + name, end record.
    let jws_len = protected_b64.len() + 2 + 86;
    let entry = |name: &str, len: usize| (30 + 46 + 2 * name.len() + len) as u64;
    let size = entry(MIMETYPE_NAME, MIMETYPE.len())
        + entry(MANIFEST_NAME, manifest_bytes.len())
        + entry(SIGNATURE_NAME, jws_len)
        + files.iter().map(|(p, b)| entry(p, b.len())).sum::<u64>()
        + 22;
    if size > limits.max_bundle_bytes {
        return Err(BundleError::TooLarge(format!("{size} bytes, at most {}", limits.max_bundle_bytes)));
    }
    Ok(Unsigned { manifest, manifest_bytes, protected_b64, signing_input, files, size })
}

impl Unsigned {
    /// The bytes to sign with ECDSA P-256 / SHA-256 (ASCII
    /// `BASE64URL(header) "." BASE64URL(manifest.json)`).
    pub fn signing_input(&self) -> &[u8] {
        &self.signing_input
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// `manifest.json` as it will be in the bundle.
    pub fn manifest_bytes(&self) -> &[u8] {
        &self.manifest_bytes
    }

    /// The JWS protected header, BASE64URL.
    pub fn protected_header_b64(&self) -> &str {
        &self.protected_b64
    }

    pub fn id(&self) -> &str {
        &self.manifest.id
    }

    /// The size the bundle will have, in bytes.
    pub fn bundle_size(&self) -> u64 {
        self.size
    }

    /// The bytes of the attachment at `path`.
    pub fn attachment(&self, path: &str) -> Option<&[u8]> {
        self.files.iter().find(|(p, _)| p == path).map(|(_, b)| b.as_slice())
    }

    /// Builds the container around `signature`, the 64-byte r || s that
    /// WebCrypto (or [`crate::jose::sign_es256`]) returned for
    /// [`Unsigned::signing_input`]. The signature is not verified here (no
    /// key is at hand); a wrong one makes the portal refuse the bundle with
    /// `bad_signature`, so verify it first when in doubt.
    pub fn assemble(self, signature: &[u8]) -> Result<SealedBundle, BundleError> {
        if signature.len() != 64 {
            return Err(JoseError::SignatureLength(signature.len()).into());
        }
        let jws = compact_detached(&self.protected_b64, signature);
        let mut zip = ZipWriter::new(dos_time(self.manifest.sealed_at));
        zip.add(MIMETYPE_NAME, MIMETYPE.as_bytes())?;
        zip.add(MANIFEST_NAME, &self.manifest_bytes)?;
        zip.add(SIGNATURE_NAME, jws.as_bytes())?;
        for (path, bytes) in &self.files {
            zip.add(path, bytes)?;
        }
        let bytes = zip.finish()?;
        debug_assert_eq!(bytes.len() as u64, self.size);
        Ok(SealedBundle { sha256: sha256_hex(&bytes), manifest: self.manifest, bytes })
    }
}

impl fmt::Debug for Unsigned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unsigned").field("id", &self.manifest.id).field("size", &self.size).finish_non_exhaustive()
    }
}

/// `image/JPEG; q=1` → `image/jpeg`; an unknown type (a browser gives `""`)
/// → `application/octet-stream`, which no document slot accepts.
fn normalize_media_type(t: &str) -> String {
    let t = t.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if t.is_empty() {
        "application/octet-stream".into()
    } else {
        t
    }
}

/// The entries' timestamp: the sealing time in Vietnam (ZIP times are local).
fn dos_time(t: Instant) -> DosTime {
    let date = t.vietnam_date();
    let (h, m) = t.vietnam_hh_mm();
    let s = ((t.0 + VIETNAM_OFFSET_MS).rem_euclid(86_400_000) / 1000 % 60) as u8;
    DosTime::new(date.year, date.month, date.day, h, m, s)
}

/// A sealed bundle: the signed container bytes. Immutable: there is no way
/// to change a sealed bundle, only to make a new one.
#[derive(Clone, PartialEq)]
pub struct SealedBundle {
    manifest: Manifest,
    bytes: Vec<u8>,
    sha256: String,
}

impl SealedBundle {
    /// The bundle id (the manifest's `id`), the idempotency key of filing.
    pub fn id(&self) -> &str {
        &self.manifest.id
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The container, as sent (`Content-Type: application/vnd.tokhai.bundle+zip`).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// SHA-256 of the container, lowercase hex.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }
}

impl fmt::Debug for SealedBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealedBundle")
            .field("id", &self.manifest.id)
            .field("len", &self.bytes.len())
            .field("sha256", &self.sha256)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_normalized() {
        assert_eq!(normalize_media_type(" Image/JPEG "), "image/jpeg");
        assert_eq!(normalize_media_type("text/plain; charset=UTF-8"), "text/plain");
        assert_eq!(normalize_media_type(""), "application/octet-stream");
    }

    #[test]
    fn zip_time_is_vietnam_local() {
        // 2026-11-22T17:30:09Z is 00:30:09 on the 23rd in Hà Nội.
        let t = Instant::parse_rfc3339("2026-11-22T17:30:09Z").unwrap();
        assert_eq!(dos_time(t), DosTime::new(2026, 11, 23, 0, 30, 9));
    }
}
