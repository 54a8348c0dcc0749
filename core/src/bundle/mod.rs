//! Signed bundles: a sealed dossier as one self-contained, verifiable file.
//!
//! A bundle is a ZIP (in the spirit of ETSI ASiC-E) of stored entries, in
//! this order:
//!
//! ```text
//! mimetype           application/vnd.tokhai.bundle+zip (first, like ASiC and EPUB)
//! manifest.json      the manifest, RFC 8785 canonical JSON: what is filed
//! signature.jws      JWS ES256 over manifest.json (detached payload, key in the header)
//! attachments/…      the files, each bound by its SHA-256 in the manifest
//! ```
//!
//! Sealing ([`prepare`] → sign the signing input → [`Unsigned::assemble`])
//! gives an immutable [`SealedBundle`]; receiving ([`open`] →
//! [`OpenedBundle::verify_signature`] → [`VerifiedBundle::check_data`])
//! checks the container, the signature and the filing against the form.
//! Assisted filing's consent sentence is in [`consent`]; many bundles travel
//! in one file as a [`batch`]. `docs/bundle-format.md` is the specification.

pub mod batch;
pub mod consent;
mod error;
pub mod manifest;
mod open;
mod seal;
mod verify;
pub mod zip;

pub use batch::{is_batch, read_batch, read_batch_named, read_batch_ranges, write_batch, BatchWriter, BATCH_MIMETYPE};
pub use consent::{consent_text, consent_text_for, role_label};
pub use error::BundleError;
pub use manifest::{
    attachment_path, Agency, AppInfo, AttachmentEntry, Consent, DeviceInfo, Manifest, OperatorBlock, OperatorRole,
    ProcedureRef, FORMAT,
};
pub use open::{open, open_with, OpenedBundle, VerifiedBundle};
pub use seal::{prepare, prepare_with, AttachmentInput, SealContext, SealInput, SealedBundle, Unsigned};

/// Content of the `mimetype` entry (and the bundle's media type).
pub const MIMETYPE: &str = "application/vnd.tokhai.bundle+zip";
/// Name of the first entry.
pub const MIMETYPE_NAME: &str = "mimetype";
/// Name of the second entry.
pub const MANIFEST_NAME: &str = "manifest.json";
/// Name of the third entry.
pub const SIGNATURE_NAME: &str = "signature.jws";
/// The JWS `typ` of a bundle signature (`application/vnd.tokhai.bundle+jws`).
pub const JWS_TYP: &str = "vnd.tokhai.bundle+jws";

/// Limits on what a bundle may hold, checked when sealing and opening.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Size of the whole bundle, in bytes.
    pub max_bundle_bytes: u64,
    /// Number of attachments.
    pub max_attachments: usize,
}

impl Limits {
    /// 128 MiB and 100 attachments.
    pub const DEFAULT: Limits = Limits { max_bundle_bytes: 128 * 1024 * 1024, max_attachments: 100 };

    /// The limits a bundle for a portal must meet: its published intake limit
    /// (`intake.maxBundleBytes` in the catalog it serves, `--max-bundle-mb`),
    /// never above the format's own. The app seals under it and the portal
    /// opens under it, so a bundle the app seals is never too large to file.
    pub fn published(max_bundle_bytes: Option<u64>) -> Limits {
        let own = Limits::DEFAULT;
        Limits { max_bundle_bytes: max_bundle_bytes.map_or(own.max_bundle_bytes, |m| m.min(own.max_bundle_bytes)), ..own }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// Lowercase hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// SHA-256, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}
