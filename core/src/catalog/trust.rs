//! Which catalogs the app trusts (`docs/keys.md`).
//!
//! - **Anchors.** The portal's key is known to the app *before* it ever talks
//!   to the portal: its RFC 7638 thumbprint and coordinates are built into the
//!   app (the service worker precaches them with the shell). A key seen on the
//!   wire is never trusted just because it came first.
//! - **Rotation.** The portal replaces its key with a *rotation statement*:
//!   a compact JWS, signed by the old key, naming the new one. A chain of
//!   them leads from a key the device trusts to the key that signed the
//!   catalog; once the device has followed it, the old keys are *retired* on
//!   that device and their signatures are refused.
//! - **No going back.** A catalog older than the one the device has (same
//!   catalog id, a lower version, [`super::version`]) is refused, however
//!   genuine its signature: an old catalog can be replayed.
//!
//! Signatures are checked by the caller (WebCrypto in the browser is
//! asynchronous): [`plan`] says which signatures must verify, with which key,
//! and what the device remembers afterwards.

use serde::{Deserialize, Serialize};

use crate::jose::{b64u_decode, parse_detached, EcPublicJwk, SignatureVerifier};

/// JWS `typ` of a rotation statement (never used for anything else).
pub const ROTATION_TYP: &str = "vnd.tokhai.key-rotation+jws";
/// `format` of a rotation statement's payload.
pub const ROTATION_FORMAT: &str = "tokhai-key-rotation/1";
/// Response header of `GET /api/catalog`: the detached JWS over the body.
pub const SIGNATURE_HEADER: &str = "tokhai-signature";
/// Response header of `GET /api/catalog`: the portal's rotation statements,
/// oldest first, separated by commas (absent when the key was never rotated).
pub const ROTATION_HEADER: &str = "tokhai-key-rotation";
/// Most rotation statements looked at (a chain longer than this is refused).
pub const MAX_ROTATIONS: usize = 32;
/// Longest rotation statement (a header and a payload with one P-256 JWK each).
const MAX_ROTATION_LEN: usize = 4096;

/// A portal key: its RFC 7638 thumbprint and its public coordinates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedKey {
    pub kid: String,
    pub x: String,
    pub y: String,
}

impl TrustedKey {
    /// The key of a JWK (its `kid` is the thumbprint).
    pub fn of(jwk: &EcPublicJwk) -> TrustedKey {
        TrustedKey { kid: jwk.thumbprint(), x: jwk.x.clone(), y: jwk.y.clone() }
    }

    pub fn jwk(&self) -> EcPublicJwk {
        EcPublicJwk { kty: "EC".into(), crv: "P-256".into(), x: self.x.clone(), y: self.y.clone() }
    }

    /// Whether `kid` really is the thumbprint of these coordinates.
    pub fn is_consistent(&self) -> bool {
        self.jwk().validate().is_ok() && self.jwk().thumbprint() == self.kid
    }
}

/// What a device remembers of the portal's keys, beyond the app's anchors:
/// the key it moved to by rotation, and the keys it saw replaced.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<TrustedKey>,
    #[serde(default)]
    pub retired: Vec<String>,
}

impl TrustState {
    /// The key a device trusts now, for display: the one it rotated to, else
    /// the first anchor.
    pub fn trusted<'a>(&'a self, anchors: &'a [TrustedKey]) -> Option<&'a TrustedKey> {
        self.current.as_ref().or_else(|| anchors.iter().find(|a| !self.retired.contains(&a.kid)))
    }

    /// Whether a catalog saved on this device under signer `kid` may still be
    /// shown: signed by a key the device trusts or trusted before (a retired
    /// key was trusted when the catalog was saved).
    pub fn vouches_for_saved(&self, anchors: &[TrustedKey], kid: &str) -> bool {
        anchors.iter().any(|a| a.kid == kid)
            || self.current.as_ref().is_some_and(|c| c.kid == kid)
            || self.retired.iter().any(|r| r == kid)
    }
}

/// Why a catalog (or a key change) is not trusted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TrustError {
    #[error("the catalog has no signature")]
    Unsigned,
    #[error("the catalog's signature is malformed or does not verify")]
    BadSignature,
    #[error("the catalog is signed by key {0}, which this app does not trust and no rotation leads to")]
    UnknownKey(String),
    #[error("the catalog is signed by key {0}, which the portal has replaced")]
    RetiredKey(String),
    #[error("this build of the app trusts no portal key (it was built without TOKHAI_PORTAL_KEY)")]
    NoAnchor,
    #[error("a key rotation statement is invalid: {0}")]
    BadRotation(String),
    #[error("catalog {id} version {found} is older than version {saved} already on this device")]
    Older { id: String, found: String, saved: String },
}

/// The payload of a rotation statement: key `from` (a thumbprint) hands over
/// to key `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RotationPayload {
    pub format: String,
    pub from: String,
    pub to: EcPublicJwk,
    /// RFC 3339, UTC; informative.
    pub issued_at: String,
}

/// A rotation statement, parsed and checked for form (not yet for its signature).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rotation {
    /// The key that signed it (the key being replaced).
    pub from: TrustedKey,
    /// The key replacing it.
    pub to: TrustedKey,
    pub issued_at: String,
    signing_input: Vec<u8>,
    signature: Vec<u8>,
}

/// Parses a rotation statement: a compact JWS (payload attached) whose
/// protected header has `typ` [`ROTATION_TYP`] and the signer's `jwk`, whose
/// `kid` is that key's thumbprint and the payload's `from`.
pub fn parse_rotation(compact: &str) -> Result<Rotation, TrustError> {
    let bad = |why: &str| TrustError::BadRotation(why.to_owned());
    if compact.len() > MAX_ROTATION_LEN {
        return Err(bad("too long"));
    }
    let mut parts = compact.split('.');
    let (Some(header_b64), Some(payload_b64), Some(sig_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("not a compact JWS"));
    };
    if payload_b64.is_empty() {
        return Err(bad("no payload"));
    }
    let (header, _, signature) =
        parse_detached(&format!("{header_b64}..{sig_b64}")).map_err(|e| TrustError::BadRotation(e.to_string()))?;
    if header.typ.as_deref() != Some(ROTATION_TYP) {
        return Err(bad("not a rotation statement (typ)"));
    }
    let jwk = header.jwk.as_ref().ok_or_else(|| bad("the header has no jwk"))?;
    let from = TrustedKey::of(jwk);
    if from.kid != header.kid {
        return Err(bad("kid is not the thumbprint of jwk"));
    }
    let payload = b64u_decode(payload_b64).map_err(|_| bad("payload is not base64url"))?;
    let p: RotationPayload = serde_json::from_slice(&payload).map_err(|e| TrustError::BadRotation(e.to_string()))?;
    if p.format != ROTATION_FORMAT {
        return Err(bad("unknown format"));
    }
    if p.from != from.kid {
        return Err(bad("from is not the signing key"));
    }
    p.to.validate().map_err(|e| TrustError::BadRotation(e.to_string()))?;
    let to = TrustedKey::of(&p.to);
    if to.kid == from.kid {
        return Err(bad("a key cannot replace itself"));
    }
    let mut signing_input = Vec::with_capacity(header_b64.len() + 1 + payload_b64.len());
    signing_input.extend_from_slice(header_b64.as_bytes());
    signing_input.push(b'.');
    signing_input.extend_from_slice(payload_b64.as_bytes());
    Ok(Rotation { from, to, issued_at: p.issued_at, signing_input, signature })
}

/// A rotation statement by `old`, handing over to `new`.
#[cfg(feature = "native")]
pub fn sign_rotation(old: &p256::ecdsa::SigningKey, new: &EcPublicJwk, at: crate::time::Instant) -> String {
    use crate::jose::{b64u_encode, canonical_bytes, jwk_of, sign_es256, ProtectedHeader};
    let old_jwk = jwk_of(old.verifying_key());
    let header = ProtectedHeader::es256_with_jwk(old_jwk.clone()).with_typ(ROTATION_TYP).encode();
    let payload = RotationPayload {
        format: ROTATION_FORMAT.into(),
        from: old_jwk.thumbprint(),
        to: new.clone(),
        issued_at: at.to_rfc3339(),
    };
    let payload = canonical_bytes(&serde_json::to_value(&payload).expect("strings serialize"))
        .expect("strings are canonical JSON");
    let payload_b64 = b64u_encode(&payload);
    let signature = sign_es256(old, format!("{header}.{payload_b64}").as_bytes());
    format!("{header}.{payload_b64}.{}", b64u_encode(&signature))
}

/// What one signature check is for (to say which one failed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckKind {
    Rotation,
    Catalog,
}

/// One ES256 signature that must verify: by `key`, of `input`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub kind: CheckKind,
    pub key: TrustedKey,
    pub input: Vec<u8>,
    pub signature: Vec<u8>,
}

/// How a catalog signature is accepted: every check verifies (rotations
/// first, the catalog last), then the device remembers `state`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub checks: Vec<Check>,
    /// The key that signed the catalog.
    pub signer: TrustedKey,
    /// What the device remembers once every check verified.
    pub state: TrustState,
}

impl Plan {
    /// Runs every check with a native verifier: the failing one's kind, if any.
    pub fn first_failure(&self, verifier: &impl SignatureVerifier) -> Option<CheckKind> {
        self.checks.iter().find(|c| !verifier.verify(&c.key.jwk(), &c.input, &c.signature)).map(|c| c.kind)
    }
}

/// Decides how to check `signature` (the detached compact JWS of a catalog
/// over `payload`), given the app's `anchors`, what the device remembers, and
/// the portal's rotation statements.
pub fn plan(
    anchors: &[TrustedKey],
    state: &TrustState,
    signature: Option<&str>,
    payload: &[u8],
    rotations: &[String],
) -> Result<Plan, TrustError> {
    let signature = signature.map(str::trim).filter(|s| !s.is_empty()).ok_or(TrustError::Unsigned)?;
    let (header, protected_b64, sig) = parse_detached(signature).map_err(|_| TrustError::BadSignature)?;
    // A catalog signature is untyped; a typed JWS (a rotation statement, a bundle) is something else.
    if header.typ.is_some() {
        return Err(TrustError::BadSignature);
    }
    if let Some(jwk) = &header.jwk {
        if jwk.thumbprint() != header.kid {
            return Err(TrustError::BadSignature);
        }
    }
    let kid = header.kid.clone();
    let catalog_check = |key: TrustedKey| Check {
        kind: CheckKind::Catalog,
        key,
        input: crate::jose::signing_input(&protected_b64, payload),
        signature: sig.clone(),
    };
    if anchors.is_empty() && state.current.is_none() {
        return Err(TrustError::NoAnchor);
    }
    if state.retired.contains(&kid) {
        return Err(TrustError::RetiredKey(kid));
    }
    let roots: Vec<&TrustedKey> = anchors
        .iter()
        .chain(state.current.as_ref())
        .filter(|k| k.is_consistent() && !state.retired.contains(&k.kid))
        .collect();
    if let Some(root) = roots.iter().find(|k| k.kid == kid) {
        return Ok(Plan { checks: vec![catalog_check((*root).clone())], signer: (*root).clone(), state: state.clone() });
    }
    // Follow rotation statements from a trusted key to the signer.
    if rotations.len() > MAX_ROTATIONS {
        return Err(TrustError::BadRotation("too many rotation statements".into()));
    }
    let parsed: Vec<Rotation> = rotations.iter().filter_map(|r| parse_rotation(r).ok()).collect();
    let Some(path) = chain(&roots, &parsed, &kid, &state.retired) else {
        return Err(TrustError::UnknownKey(kid));
    };
    let signer = path.last().map(|r| r.to.clone()).expect("a chain has a link");
    let mut checks: Vec<Check> = path
        .iter()
        .map(|r| Check {
            kind: CheckKind::Rotation,
            key: r.from.clone(),
            input: r.signing_input.clone(),
            signature: r.signature.clone(),
        })
        .collect();
    checks.push(catalog_check(signer.clone()));
    let mut next = TrustState { current: Some(signer.clone()), retired: state.retired.clone() };
    for r in &path {
        if !next.retired.contains(&r.from.kid) {
            next.retired.push(r.from.kid.clone());
        }
    }
    Ok(Plan { checks, signer, state: next })
}

/// The shortest chain of rotations from one of `roots` to `target`, through
/// no retired key.
fn chain<'a>(roots: &[&TrustedKey], rotations: &'a [Rotation], target: &str, retired: &[String]) -> Option<Vec<&'a Rotation>> {
    // Breadth first over keys, each with the rotations that reached it.
    let mut seen: Vec<String> = roots.iter().map(|k| k.kid.clone()).collect();
    let mut frontier: Vec<(String, Vec<&Rotation>)> = roots.iter().map(|k| (k.kid.clone(), Vec::new())).collect();
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for (kid, path) in frontier {
            for r in rotations.iter().filter(|r| r.from.kid == kid) {
                let to = &r.to.kid;
                if seen.contains(to) || retired.contains(to) {
                    continue;
                }
                let mut p = path.clone();
                p.push(r);
                if to == target {
                    return Some(p);
                }
                seen.push(to.clone());
                next.push((to.clone(), p));
            }
        }
        frontier = next;
    }
    None
}

/// Refuses a catalog older than the one saved (same catalog id, lower version).
pub fn check_version(saved: Option<(&str, &str)>, id: &str, version: &str) -> Result<(), TrustError> {
    match saved {
        Some((saved_id, saved_version)) if saved_id == id && super::version::is_older(version, saved_version) => {
            Err(TrustError::Older { id: id.to_owned(), found: version.to_owned(), saved: saved_version.to_owned() })
        }
        _ => Ok(()),
    }
}

/// The `kid` in a detached catalog signature's header, without checking it.
pub fn signer_kid(signature: &str) -> Option<String> {
    parse_detached(signature.trim()).ok().map(|(h, _, _)| h.kid)
}

/// Splits the value of the [`ROTATION_HEADER`] header.
pub fn split_rotations(header: &str) -> Vec<String> {
    header.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

#[cfg(all(test, feature = "native"))]
mod tests {
    use super::*;
    use crate::jose::{b64u_encode, compact_detached, jwk_of, sign_es256, signing_input, NativeEs256, ProtectedHeader};
    use crate::time::Instant;
    use p256::ecdsa::SigningKey;

    fn key(n: u8) -> SigningKey {
        SigningKey::from_slice(&[n; 32]).unwrap()
    }

    fn trusted(k: &SigningKey) -> TrustedKey {
        TrustedKey::of(&jwk_of(k.verifying_key()))
    }

    fn sign_catalog(k: &SigningKey, body: &[u8]) -> String {
        let header = ProtectedHeader::es256_with_jwk(jwk_of(k.verifying_key())).encode();
        compact_detached(&header, &sign_es256(k, &signing_input(&header, body)))
    }

    fn rotate(old: &SigningKey, new: &SigningKey) -> String {
        sign_rotation(old, &jwk_of(new.verifying_key()), Instant(1_795_000_000_000))
    }

    const BODY: &[u8] = br#"{"format":"tokhai-catalog/1"}"#;

    #[test]
    fn a_catalog_signed_by_the_anchor_is_accepted_and_nothing_changes() {
        let k1 = key(1);
        let anchors = [trusted(&k1)];
        let p = plan(&anchors, &TrustState::default(), Some(&sign_catalog(&k1, BODY)), BODY, &[]).unwrap();
        assert_eq!(p.first_failure(&NativeEs256), None);
        assert_eq!(p.state, TrustState::default());
        assert_eq!(p.signer, anchors[0]);
        // The same signature over other bytes fails its check.
        let p = plan(&anchors, &TrustState::default(), Some(&sign_catalog(&k1, BODY)), b"{}", &[]).unwrap();
        assert_eq!(p.first_failure(&NativeEs256), Some(CheckKind::Catalog));
    }

    #[test]
    fn a_stranger_key_is_refused_even_on_first_contact() {
        let anchors = [trusted(&key(1))];
        let stranger = key(9);
        let sig = sign_catalog(&stranger, BODY);
        assert_eq!(
            plan(&anchors, &TrustState::default(), Some(&sig), BODY, &[]),
            Err(TrustError::UnknownKey(trusted(&stranger).kid))
        );
        // A rotation the stranger signed for himself leads nowhere.
        let own = rotate(&stranger, &key(10));
        assert!(matches!(
            plan(&anchors, &TrustState::default(), Some(&sign_catalog(&key(10), BODY)), BODY, &[own]),
            Err(TrustError::UnknownKey(_))
        ));
        assert_eq!(plan(&anchors, &TrustState::default(), None, BODY, &[]), Err(TrustError::Unsigned));
        assert_eq!(plan(&anchors, &TrustState::default(), Some("x..y"), BODY, &[]), Err(TrustError::BadSignature));
        assert_eq!(plan(&[], &TrustState::default(), Some(&sig), BODY, &[]), Err(TrustError::NoAnchor));
    }

    #[test]
    fn rotation_statements_lead_from_the_anchor_to_the_new_key_and_retire_the_old() {
        let (k1, k2, k3) = (key(1), key(2), key(3));
        let anchors = [trusted(&k1)];
        let chain = vec![rotate(&k1, &k2), rotate(&k2, &k3)];
        let sig = sign_catalog(&k3, BODY);
        let p = plan(&anchors, &TrustState::default(), Some(&sig), BODY, &chain).unwrap();
        assert_eq!(p.checks.len(), 3);
        assert_eq!(p.first_failure(&NativeEs256), None);
        assert_eq!(p.state.current, Some(trusted(&k3)));
        assert_eq!(p.state.retired, [trusted(&k1).kid, trusted(&k2).kid]);
        // Afterwards the old keys are refused, the new one trusted directly.
        assert_eq!(
            plan(&anchors, &p.state, Some(&sign_catalog(&k1, BODY)), BODY, &chain),
            Err(TrustError::RetiredKey(trusted(&k1).kid))
        );
        let again = plan(&anchors, &p.state, Some(&sig), BODY, &[]).unwrap();
        assert_eq!(again.checks.len(), 1);
        assert_eq!(again.state, p.state);
        assert!(p.state.vouches_for_saved(&anchors, &trusted(&k1).kid));
        assert!(!p.state.vouches_for_saved(&anchors, &trusted(&key(9)).kid));
        assert_eq!(p.state.trusted(&anchors), Some(&trusted(&k3)));
    }

    #[test]
    fn a_forged_rotation_fails_its_signature_check() {
        let (k1, k2, mallory) = (key(1), key(2), key(9));
        let anchors = [trusted(&k1)];
        // Mallory's statement claims to come from k1 (header and payload name
        // k1) but is signed by her key.
        let genuine = rotate(&k1, &k2);
        let mut parts: Vec<String> = genuine.split('.').map(str::to_owned).collect();
        let payload = RotationPayload {
            format: ROTATION_FORMAT.into(),
            from: trusted(&k1).kid,
            to: jwk_of(mallory.verifying_key()),
            issued_at: "2026-11-30T00:00:00.000Z".into(),
        };
        parts[1] = b64u_encode(serde_json::to_string(&payload).unwrap().as_bytes());
        parts[2] = b64u_encode(&sign_es256(&mallory, format!("{}.{}", parts[0], parts[1]).as_bytes()));
        let forged = parts.join(".");
        let p = plan(&anchors, &TrustState::default(), Some(&sign_catalog(&mallory, BODY)), BODY, &[forged]).unwrap();
        assert_eq!(p.first_failure(&NativeEs256), Some(CheckKind::Rotation));
    }

    #[test]
    fn rotation_statements_are_parsed_strictly() {
        let (k1, k2) = (key(1), key(2));
        let r = parse_rotation(&rotate(&k1, &k2)).unwrap();
        assert_eq!((r.from, r.to), (trusted(&k1), trusted(&k2)));
        assert!(parse_rotation(&rotate(&k1, &k1)).is_err(), "a key cannot replace itself");
        // A catalog signature is not a rotation statement, and the reverse.
        assert!(parse_rotation(&sign_catalog(&k1, BODY)).is_err());
        let statement = rotate(&k1, &k2);
        let (h, rest) = statement.split_once('.').unwrap();
        let detached = format!("{h}..{}", rest.split_once('.').unwrap().1);
        assert_eq!(plan(&[trusted(&k1)], &TrustState::default(), Some(&detached), BODY, &[]), Err(TrustError::BadSignature));
        assert!(parse_rotation("a.b").is_err());
        assert!(parse_rotation(&"A".repeat(5000)).is_err());
    }

    #[test]
    fn versions_never_go_back() {
        assert_eq!(check_version(None, "vn", "2026.1.1"), Ok(()));
        assert_eq!(check_version(Some(("vn", "2026.11.1")), "vn", "2026.11.1"), Ok(()));
        assert_eq!(check_version(Some(("vn", "2026.11.1")), "vn", "2026.12.1"), Ok(()));
        assert!(matches!(check_version(Some(("vn", "2026.11.1")), "vn", "2026.10.3"), Err(TrustError::Older { .. })));
        assert_eq!(check_version(Some(("other", "2027.1.1")), "vn", "2026.1.1"), Ok(()));
        assert_eq!(signer_kid(&sign_catalog(&key(1), BODY)), Some(trusted(&key(1)).kid));
        assert_eq!(split_rotations(" a.b.c , d.e.f,"), ["a.b.c", "d.e.f"]);
    }
}
