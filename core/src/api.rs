//! The portal's HTTP API as both sides see it (`docs/portal-api.yaml`): the
//! answer of `GET /api/health` and the error codes of the API besides the
//! bundle's own ([`crate::bundle::BundleError::CODES`]). The portal writes
//! them, the app reads them; they are defined once, here.

use serde::{Deserialize, Serialize};

/// `GET /api/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// Always `ok` when the portal answers.
    pub status: String,
    pub catalog: HealthCatalog,
    pub limits: PublishedLimits,
}

/// The catalog the portal serves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCatalog {
    pub id: String,
    pub version: String,
}

/// What the portal accepts (the same number is in the catalog it serves,
/// `intake.maxBundleBytes`, for a device that is offline when it seals).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishedLimits {
    /// Largest bundle `POST /api/bundles` accepts, in bytes.
    pub max_bundle_bytes: u64,
}

/// Error codes of the API (`{code, message}`) that are not bundle errors.
pub mod code {
    /// `503`: the portal is busy (too many connections or uploads, fault
    /// mode); `Retry-After` says when to try again. Nothing was processed.
    pub const UNAVAILABLE: &str = "unavailable";
    /// `503`: the database could not be read or written; try again.
    pub const STORAGE_UNAVAILABLE: &str = "storage_unavailable";
    /// `429`: too many requests of this kind from this address; `Retry-After`.
    pub const RATE_LIMITED: &str = "rate_limited";
    /// `408`: the request body came slower than the portal's minimum rate.
    pub const TOO_SLOW: &str = "too_slow";
    /// `400`: the upload broke off before the body was complete.
    pub const INCOMPLETE_BODY: &str = "incomplete_body";
    /// `415`: not a bundle media type.
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    /// `409`: this device key already filed other content under this bundle id.
    pub const CONFLICT: &str = "conflict";
    /// `409`: several device keys filed bundles under this id; name yours (`?device=`).
    pub const AMBIGUOUS_ID: &str = "ambiguous_id";
    /// `422`: the data breaks the procedure's JSON Schema (the independent check).
    pub const SCHEMA_INVALID: &str = "schema_invalid";
    /// `422`: the procedure is not in the catalog.
    pub const UNKNOWN_PROCEDURE: &str = "unknown_procedure";
    /// `422`: the form version the bundle was filled with is unknown.
    pub const UNKNOWN_PROCEDURE_VERSION: &str = "unknown_procedure_version";
    pub const NOT_FOUND: &str = "not_found";
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    pub const INTERNAL: &str = "internal";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_is_camel_case_json() {
        let h = Health {
            status: "ok".into(),
            catalog: HealthCatalog { id: "vn-sample".into(), version: "2026.11.1".into() },
            limits: PublishedLimits { max_bundle_bytes: 67_108_864 },
        };
        let v = serde_json::to_value(&h).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"status": "ok", "catalog": {"id": "vn-sample", "version": "2026.11.1"},
                               "limits": {"maxBundleBytes": 67_108_864}})
        );
        assert_eq!(serde_json::from_value::<Health>(v).unwrap(), h);
    }
}
