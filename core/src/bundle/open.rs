//! Opening a bundle: every check that needs no key and no form, then the
//! signature as a separate step (WebCrypto verifies asynchronously).

use std::fmt;
use std::ops::Range;

use crate::jose::{jws, parse_detached, EcPublicJwk, ProtectedHeader, SignatureVerifier};

use super::manifest::Manifest;
use super::{sha256_hex, zip, BundleError, Limits, JWS_TYP, MANIFEST_NAME, MIMETYPE, MIMETYPE_NAME, SIGNATURE_NAME};

/// A bundle whose container, manifest, signature form, key binding and
/// attachment digests were checked, but whose signature was not verified yet.
#[derive(Clone)]
pub struct OpenedBundle {
    bytes: Vec<u8>,
    sha256: String,
    manifest: Manifest,
    manifest_range: Range<usize>,
    header: ProtectedHeader,
    jwk: EcPublicJwk,
    signing_input: Vec<u8>,
    signature: Vec<u8>,
    /// The data of each manifest attachment, in manifest order.
    attachments: Vec<Range<usize>>,
}

/// A bundle whose signature verified. Everything of [`OpenedBundle`] is
/// reachable through `Deref`.
#[derive(Clone)]
pub struct VerifiedBundle(OpenedBundle);

/// [`open_with`] the default [`Limits`].
pub fn open(bytes: &[u8]) -> Result<OpenedBundle, BundleError> {
    check_size(bytes.len(), &Limits::DEFAULT)?;
    open_with(bytes.to_vec(), &Limits::DEFAULT)
}

fn check_size(len: usize, limits: &Limits) -> Result<(), BundleError> {
    if len as u64 > limits.max_bundle_bytes {
        return Err(BundleError::TooLarge(format!("{len} bytes, at most {}", limits.max_bundle_bytes)));
    }
    Ok(())
}

/// Opens a bundle (see `docs/bundle-format.md`, "Verifying a bundle", steps
/// 1–7): size limit, strict ZIP, `mimetype` first with the exact content,
/// `manifest.json` second and `signature.jws` third, the manifest canonical
/// and valid, the JWS well formed with `kid` = thumbprint of its `jwk` =
/// `manifest.device.kid`, every listed attachment present in manifest order
/// with its size and SHA-256, nothing else.
pub fn open_with(bytes: Vec<u8>, limits: &Limits) -> Result<OpenedBundle, BundleError> {
    check_size(bytes.len(), limits)?;
    let entries = zip::read(&bytes)?;

    match entries.first() {
        Some(e) if e.name == MIMETYPE_NAME => {
            if e.data != MIMETYPE.as_bytes() {
                return Err(BundleError::BadMimetype(format!("the mimetype entry is not {MIMETYPE:?}")));
            }
        }
        Some(_) => return Err(BundleError::BadMimetype("the first entry is not \"mimetype\"".into())),
        None => return Err(BundleError::BadMimetype("the container is empty".into())),
    }
    for (i, name) in [(1, MANIFEST_NAME), (2, SIGNATURE_NAME)] {
        if entries.get(i).map(|e| e.name) != Some(name) {
            return Err(if entries.iter().any(|e| e.name == name) {
                BundleError::BadContainer(format!("{name} must be entry number {}", i + 1))
            } else {
                BundleError::MissingFile(name.into())
            });
        }
    }
    let (manifest_entry, signature_entry) = (entries[1], entries[2]);

    let manifest = Manifest::parse_canonical(manifest_entry.data)?;
    if manifest.attachments.len() > limits.max_attachments {
        return Err(BundleError::TooLarge(format!(
            "{} attachments, at most {}",
            manifest.attachments.len(),
            limits.max_attachments
        )));
    }

    let compact = std::str::from_utf8(signature_entry.data)
        .map_err(|_| BundleError::BadSignature("signature.jws is not text".into()))?;
    let (header, protected_b64, signature) = parse_detached(compact)?;
    if header.typ.as_deref() != Some(JWS_TYP) {
        return Err(BundleError::BadSignature(format!("the JWS typ must be {JWS_TYP:?}")));
    }
    if header.cty.is_some() {
        return Err(BundleError::BadSignature("the JWS header must not have cty".into()));
    }
    let Some(jwk) = header.jwk.clone() else {
        return Err(BundleError::BadSignature("the JWS header has no jwk".into()));
    };
    let thumbprint = jwk.thumbprint();
    if header.kid != thumbprint {
        return Err(BundleError::KeyMismatch(format!(
            "the JWS kid {:?} is not the thumbprint of its jwk ({thumbprint:?})",
            header.kid
        )));
    }
    if manifest.device.kid != thumbprint {
        return Err(BundleError::KeyMismatch(format!(
            "manifest device.kid {:?} is not the signing key ({thumbprint:?})",
            manifest.device.kid
        )));
    }

    // The attachments: the manifest's, in its order, and nothing else.
    let files = &entries[3..];
    for a in &manifest.attachments {
        if !files.iter().any(|e| e.name == a.path) {
            return Err(BundleError::MissingFile(a.path.clone()));
        }
    }
    if let Some(extra) = files.iter().find(|e| manifest.attachment(e.name).is_none()) {
        return Err(BundleError::ExtraFile(extra.name.into()));
    }
    let mut attachments = Vec::with_capacity(files.len());
    for (a, e) in manifest.attachments.iter().zip(files) {
        if a.path != e.name {
            return Err(BundleError::BadContainer("the attachments are not in manifest order".into()));
        }
        if e.data.len() as u64 != a.size || sha256_hex(e.data) != a.sha256 {
            return Err(BundleError::DigestMismatch(a.path.clone()));
        }
        attachments.push(e.data_range());
    }

    let signing_input = jws::signing_input(&protected_b64, manifest_entry.data);
    let manifest_range = manifest_entry.data_range();
    let sha256 = sha256_hex(&bytes);
    Ok(OpenedBundle { bytes, sha256, manifest, manifest_range, header, jwk, signing_input, signature, attachments })
}

impl OpenedBundle {
    /// The bundle id (the manifest's `id`).
    pub fn id(&self) -> &str {
        &self.manifest.id
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// `manifest.json`, the signed payload.
    pub fn manifest_bytes(&self) -> &[u8] {
        &self.bytes[self.manifest_range.clone()]
    }

    /// What the signature signs (ASCII `BASE64URL(header) "." BASE64URL(manifest.json)`).
    pub fn signing_input(&self) -> &[u8] {
        &self.signing_input
    }

    /// The ES256 signature, 64 bytes r || s (WebCrypto's format).
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// The signer's key from the JWS header (its thumbprint is the manifest's `device.kid`).
    pub fn jwk(&self) -> &EcPublicJwk {
        &self.jwk
    }

    pub fn header(&self) -> &ProtectedHeader {
        &self.header
    }

    /// The bytes of the attachment at `path` (a manifest `path`).
    pub fn attachment(&self, path: &str) -> Option<&[u8]> {
        let i = self.manifest.attachments.iter().position(|a| a.path == path)?;
        Some(&self.bytes[self.attachments[i].clone()])
    }

    /// Every attachment with its bytes, in manifest order.
    pub fn attachments(&self) -> impl Iterator<Item = (&super::AttachmentEntry, &[u8])> {
        self.manifest.attachments.iter().zip(&self.attachments).map(|(a, r)| (a, &self.bytes[r.clone()]))
    }

    /// SHA-256 of the whole bundle, lowercase hex.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The whole bundle.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Verifies the signature with `verifier` (natively
    /// [`crate::jose::NativeEs256`]).
    pub fn verify_signature(self, verifier: &dyn SignatureVerifier) -> Result<VerifiedBundle, BundleError> {
        if verifier.verify(&self.jwk, &self.signing_input, &self.signature) {
            Ok(VerifiedBundle(self))
        } else {
            Err(BundleError::BadSignature("the signature does not verify with the key in the header".into()))
        }
    }

    /// Marks the bundle verified **only after verifying the signature
    /// yourself**: ECDSA P-256 with SHA-256 of [`OpenedBundle::signing_input`],
    /// signature [`OpenedBundle::signature`] (raw r || s, as WebCrypto takes
    /// it), key [`OpenedBundle::jwk`] (import it as JWK). For verifiers that
    /// cannot implement [`SignatureVerifier`] because they are asynchronous.
    pub fn assume_verified(self) -> VerifiedBundle {
        VerifiedBundle(self)
    }
}

impl VerifiedBundle {
    pub fn into_opened(self) -> OpenedBundle {
        self.0
    }
}

impl std::ops::Deref for VerifiedBundle {
    type Target = OpenedBundle;

    fn deref(&self) -> &OpenedBundle {
        &self.0
    }
}

impl fmt::Debug for OpenedBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenedBundle")
            .field("id", &self.manifest.id)
            .field("len", &self.bytes.len())
            .field("sha256", &self.sha256)
            .field("kid", &self.header.kid)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for VerifiedBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("VerifiedBundle").field(&self.0).finish()
    }
}
