//! The bundle intake: `POST /api/bundles` and the case endpoints.
//!
//! A bundle is accepted only when every check passes, in this order:
//!
//! 1. the request: uploads at once (`503` past `--max-uploads`), media type,
//!    size (`413 too_large` over `--max-bundle-mb`, after reading the body up
//!    to a bound so the client sees the answer; none read with
//!    `Expect: 100-continue`), rate (`408 too_slow`);
//! 2. the container, the JWS over the manifest and every attachment's size and
//!    SHA-256 (`tokhai_core::bundle::open` + `verify_signature`, natively);
//! 3. the procedure, looked up in the catalog version the manifest names, or
//!    the current catalog when its procedure has the same `schemaVersion`;
//! 4. the receiving agency, by the core's filing rule: for commune-level
//!    procedures a real ward of a real province, for province-level ones a
//!    real province, for central-level ones neither;
//! 5. the form data against the procedure's JSON Schema with the `jsonschema`
//!    crate (`schema_invalid`), an independent second opinion;
//! 6. the core's full form check (`check_data`: rules, cross-field checks,
//!    document slots, delivery, and for assisted filing the citizen's consent
//!    and the operator's home ward).
//!
//! Then the filing and its case are stored in one durable transaction
//! (`storage`). A filing is its bundle id *and* the key that signed it: the
//! same signed manifest again gets the same receipt, another key's bundle
//! under a taken id is another filing (an id cannot be squatted), and the
//! case belongs to the key that signed it.
//!
//! Refusals name the field and the rule, never the citizen's value.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::body::Body;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use tokhai_core::api::code;
use tokhai_core::bundle::{self, BundleError, Manifest, VerifiedBundle};
use tokhai_core::catalog::{Catalog, Procedure};
use tokhai_core::filing::{self, FilingRule};
use tokhai_core::form::{Env, Form};
use tokhai_core::jose::NativeEs256;
use tokhai_core::schema::NativePatterns;
use tokhai_core::time::Instant;
use tokhai_core::vn::AddressBook;

use crate::cases::{self, Agency, NewCase, ReceiptProcedure, Stored};
use crate::catalog::ServedCatalog;
use crate::error::{ApiError, FieldError};
use crate::fault::{abort_connection, Fault};
use crate::storage::Lookup;
use crate::{rate_limit, schema_check, server, AppState};

/// The media type of a bundle (request and `…/file` response).
pub const BUNDLE_MEDIA_TYPE: &str = "application/vnd.tokhai.bundle+zip";

/// How many field errors an answer lists at most.
const MAX_FIELD_ERRORS: usize = 20;

/// Catalog versions other than the served one, parsed once, by ETag.
#[derive(Default)]
pub struct CatalogCache {
    parsed: Mutex<HashMap<String, Arc<Catalog>>>,
}

impl CatalogCache {
    fn get_or_parse(&self, etag: &str, body: &[u8]) -> Option<Arc<Catalog>> {
        if let Some(c) = self.parsed.lock().unwrap_or_else(|p| p.into_inner()).get(etag) {
            return Some(c.clone());
        }
        let text = std::str::from_utf8(body).ok()?;
        let catalog = Arc::new(Catalog::parse(text, &NativePatterns::new()).ok()?);
        self.parsed.lock().unwrap_or_else(|p| p.into_inner()).insert(etag.to_owned(), catalog.clone());
        Some(catalog)
    }
}

/// Logs the procedures whose schema the `jsonschema` crate cannot compile:
/// bundles for them would be refused with a 500 (a catalog problem).
pub fn warn_about_schemas(served: &ServedCatalog) {
    let today = crate::now().vietnam_date();
    for form in served.catalog.forms() {
        if let Err(e) = schema_check::compile(&form.procedure.schema, today) {
            tracing::warn!(
                "procedure {}: the independent schema check cannot compile its schema: {e}",
                form.procedure.code
            );
        }
    }
}

// ---------------------------------------------------------------------------
// POST /api/bundles

/// Seconds a client refused for load is asked to wait.
const BUSY_RETRY_AFTER: &str = "5";

/// `POST /api/bundles`: the bundle file as the raw body.
pub async fn post_bundle(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    // Each upload may be held whole in memory: only so many at once.
    let Ok(_upload) = state.uploads.clone().try_acquire_owned() else {
        let mut res = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            code::UNAVAILABLE,
            "the portal is receiving as many bundles as it can; try again in a few seconds",
        )
        .into_response();
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(BUSY_RETRY_AFTER));
        res.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        return res;
    };
    let fault = state.faults.as_ref().and_then(|f| f.pick());
    if let Some(f) = fault {
        tracing::warn!("fault mode: {} on POST /api/bundles", f.name());
    }
    match fault {
        Some(Fault::Unavailable) => {
            // Read (and drop) the upload first: closing a socket with unread
            // data resets it, and the client might lose the 503 itself.
            let _ = axum::body::to_bytes(body, state.max_bundle_bytes).await;
            let mut res = ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                code::UNAVAILABLE,
                "the portal is busy; try again shortly (fault mode)",
            )
            .into_response();
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return res;
        }
        Some(Fault::Delay(d)) => tokio::time::sleep(d).await,
        _ => {}
    }
    let bytes = match read_body(&state, &headers, body).await {
        Ok(b) => b,
        Err(e) => {
            let mut res = e.into_response();
            if matches!(res.status(), StatusCode::PAYLOAD_TOO_LARGE | StatusCode::REQUEST_TIMEOUT) {
                // The rest of the body (if any) is not read: this connection is done.
                res.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            return res;
        }
    };
    if fault == Some(Fault::DropBeforeStore) {
        tracing::warn!("fault mode: connection dropped before storing ({} bytes received, not processed)", bytes.len());
        return abort_connection();
    }
    let result = receive(&state, bytes).await;
    if fault == Some(Fault::DropAfterStore) {
        let outcome = match &result {
            Ok((s, _)) => s.as_str(),
            Err(e) => e.code,
        };
        tracing::warn!("fault mode: connection dropped after processing ({outcome})");
        return abort_connection();
    }
    match result {
        Ok((status, receipt)) => (
            status,
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            receipt,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// Checks the media type and reads the body within the size limit. A body
/// over the limit is read on, and dropped, up to as much again, so that a
/// client that sends it whole (a browser's upload does) reads the `413`
/// instead of a reset connection; with `Expect: 100-continue` the client has
/// sent nothing yet and is answered at once.
async fn read_body(state: &AppState, headers: &HeaderMap, body: Body) -> Result<Vec<u8>, ApiError> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    match media_type.as_deref() {
        Some(BUNDLE_MEDIA_TYPE) | Some("application/octet-stream") => {}
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "send the bundle file as the request body with Content-Type {BUNDLE_MEDIA_TYPE} (or application/octet-stream), not {}",
                    crate::error::bounded(other.unwrap_or("no Content-Type"), 100)
                ),
            ))
        }
    }
    let limit = state.max_bundle_bytes;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            bundle::BundleError::TooLarge(String::new()).code(),
            format!("the bundle is larger than this portal accepts ({limit} bytes; see maxBundleBytes in /api/health)"),
        )
        .with_vi(format!(
            "Hồ sơ quá lớn, cổng dịch vụ không nhận được (tối đa {}). Hãy bớt hoặc thu nhỏ giấy tờ đính kèm.",
            tokhai_core::display::file_size(limit as u64).vi
        ))
    };
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    let expects_continue = headers
        .get(header::EXPECT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("100-continue"));
    let drain_to = (limit as u64).saturating_mul(2);
    if declared.is_some_and(|n| n > limit as u64) {
        if !expects_continue && declared.is_some_and(|n| n <= drain_to) {
            drain(body, drain_to).await;
        }
        return Err(too_large());
    }
    let mut body = body;
    let mut out: Vec<u8> = Vec::with_capacity(declared.map(|n| n as usize).unwrap_or(0).min(limit));
    loop {
        match body.frame().await {
            None => break,
            Some(Ok(frame)) => {
                if let Some(data) = frame.data_ref() {
                    if out.len() + data.len() > limit {
                        let so_far = (out.len() + data.len()) as u64;
                        drop(out);
                        drain(body, drain_to.saturating_sub(so_far)).await;
                        return Err(too_large());
                    }
                    out.extend_from_slice(data);
                }
            }
            Some(Err(e)) => {
                return Err(if server::slow_body::is_too_slow(&e) {
                    ApiError::new(
                        StatusCode::REQUEST_TIMEOUT,
                        code::TOO_SLOW,
                        format!("the upload came too slowly ({e}); send it again over a better connection"),
                    )
                    .with_vi("Đường truyền quá chậm nên cổng dịch vụ đã ngừng nhận hồ sơ. Ứng dụng sẽ gửi lại sau.")
                } else {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        code::INCOMPLETE_BODY,
                        format!("the request body could not be read: {e}"),
                    )
                });
            }
        }
    }
    if out.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            bundle::BundleError::BadContainer(String::new()).code(),
            "the request body is empty; send the bundle file",
        ));
    }
    Ok(out)
}

/// Reads and drops up to `max` more bytes of `body` (within the body's rate
/// rules), so that the answer that follows is not lost to a reset.
async fn drain(mut body: Body, max: u64) {
    let mut left = max;
    while let Some(Ok(frame)) = body.frame().await {
        let n = frame.data_ref().map(|d| d.len() as u64).unwrap_or(0);
        if n >= left {
            return;
        }
        left -= n;
    }
}

/// Verifies and stores a bundle. `Ok` is the status (`201` new, `200` seen
/// before) and the receipt JSON.
pub async fn receive(state: &AppState, bytes: Vec<u8>) -> Result<(StatusCode, String), ApiError> {
    let received_at = state.clock.now();
    let limit = state.max_bundle_bytes;
    // 1–2: container, signature, digests (CPU-bound: off the async threads).
    let verified = blocking(move || open_and_verify(bytes, limit)).await?;
    // A bundle seen before is answered from the record, never checked again:
    // a retry days later gets the same receipt even if the catalog moved on.
    let (id, kid) = (verified.id().to_owned(), verified.header().kid.clone());
    let manifest_sha = bundle::sha256_hex(verified.manifest_bytes());
    let seen = state.storage.previous(id, kid, manifest_sha).await.map_err(storage_error)?;
    if let Some(seen) = seen {
        return answer(seen);
    }
    // 3: which form.
    let (catalog_etag, form) = resolve_procedure(state, verified.manifest()).await?;
    // 4–6: agency and data.
    let new = blocking(move || check_filing(verified, catalog_etag, &form, received_at)).await?;
    let bundle_id = new.bundle_id.clone();
    let stored = state.storage.store(new).await.map_err(|e| {
        tracing::error!("storing bundle {bundle_id}: {e}");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            code::STORAGE_UNAVAILABLE,
            "the portal could not store the bundle; try again",
        )
    })?;
    if let Stored::Created(receipt) = &stored {
        if let Some(r) = cases::receipt_value(receipt) {
            tracing::info!(
                "bundle {} received: case {}",
                r["bundleId"].as_str().unwrap_or("?"),
                r["caseNumber"].as_str().unwrap_or("?")
            );
        }
    }
    answer(stored)
}

fn answer(stored: Stored) -> Result<(StatusCode, String), ApiError> {
    match stored {
        Stored::Created(receipt) => Ok((StatusCode::CREATED, receipt)),
        Stored::Duplicate(receipt) => Ok((StatusCode::OK, receipt)),
        Stored::Conflict => Err(ApiError::new(
            StatusCode::CONFLICT,
            code::CONFLICT,
            "this device key already filed another bundle with this id, with different content; a bundle id is used once",
        )
        .with_vi("Cổng dịch vụ đã nhận một hồ sơ khác có cùng mã. Hãy lập lại hồ sơ.")),
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        tracing::error!("bundle check failed: {e}");
        Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            code::INTERNAL,
            "the portal hit an internal error while checking the bundle",
        ))
    })
}

/// Steps 1–2.
fn open_and_verify(bytes: Vec<u8>, limit: usize) -> Result<VerifiedBundle, ApiError> {
    let limits = bundle::Limits::published(Some(limit as u64));
    let opened = bundle::open_with(bytes, &limits).map_err(bundle_error)?;
    opened.verify_signature(&NativeEs256).map_err(bundle_error)
}

/// The HTTP answer to a refused bundle: the code, and a message naming the
/// rule (and the field) but never the citizen's value.
pub fn bundle_error(e: BundleError) -> ApiError {
    let status = match e {
        BundleError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        BundleError::BadContainer(_)
        | BundleError::BadMimetype(_)
        | BundleError::BadManifest(_)
        | BundleError::UnsupportedFormat(_)
        | BundleError::NotCanonical(_)
        | BundleError::BadSignature(_)
        | BundleError::KeyMismatch(_)
        | BundleError::DigestMismatch(_)
        | BundleError::MissingFile(_)
        | BundleError::ExtraFile(_) => StatusCode::BAD_REQUEST,
        // A valid, signed bundle that cannot be accepted as filed.
        BundleError::WrongProcedure(_)
        | BundleError::WrongAgency(_)
        | BundleError::WrongDelivery(_)
        | BundleError::InvalidData { .. }
        | BundleError::InvalidAttachments(_)
        | BundleError::BadConsent(_)
        | BundleError::BadOperator(_) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let errors = match &e {
        BundleError::InvalidData { errors, .. } => {
            errors.iter().map(|(path, m)| FieldError { path: path.clone(), message: m.en.clone() }).collect()
        }
        _ => Vec::new(),
    };
    ApiError::new(status, e.code(), public_message(&e)).with_vi(e.message().vi).with_errors(errors)
}

/// A refusal in English for the answer and the logs. The core's texts name
/// members and rules; a container's entry names and a file's name can be the
/// citizen's (they come from the file names), so those codes get a fixed text.
fn public_message(e: &BundleError) -> String {
    match e {
        BundleError::BadContainer(_) => "not a valid bundle container (docs/bundle-format.md §2)".into(),
        BundleError::BadMimetype(_) => {
            "not a Tờ khai bundle: the first entry must be mimetype, with the bundle media type".into()
        }
        BundleError::MissingFile(_) => {
            "a file the manifest or the format requires is missing from the container".into()
        }
        BundleError::ExtraFile(_) => "the container holds a file the manifest does not list".into(),
        BundleError::DigestMismatch(_) => "an attachment does not match the size and SHA-256 in the manifest".into(),
        BundleError::UnsupportedFormat(_) => "unsupported bundle format (expected \"tokhai-bundle/1\")".into(),
        BundleError::InvalidData { count, .. } => format!("the form data has {count} error(s); see errors"),
        other => other.to_string(),
    }
}

/// Step 3: the form the bundle was filled with, and the ETag of the catalog
/// document it comes from. The catalog version the manifest names, if the
/// portal ever served it; else the current catalog, if its procedure has the
/// same `schemaVersion`.
async fn resolve_procedure(state: &AppState, manifest: &Manifest) -> Result<(String, Arc<Form>), ApiError> {
    let p = &manifest.procedure;
    let current = &state.catalog;
    let header = &current.catalog.header;
    let older: Option<(String, Arc<Catalog>)> = if header.id == p.catalog_id && header.version == p.catalog_version {
        None
    } else {
        let stored =
            state.storage.catalog_version(p.catalog_id.clone(), p.catalog_version.clone()).await.map_err(|e| {
                tracing::error!("reading catalog {} {}: {e}", p.catalog_id, p.catalog_version);
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    code::STORAGE_UNAVAILABLE,
                    "the portal could not read its catalogs; try again",
                )
            })?;
        stored.and_then(|(etag, body)| state.catalogs.get_or_parse(&etag, &body).map(|c| (etag, c)))
    };
    let (etag, catalog): (&str, &Catalog) = match &older {
        Some((etag, c)) => (etag, c),
        None => (&current.etag, &current.catalog),
    };
    let Some(form) = catalog.form(&p.code) else {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code::UNKNOWN_PROCEDURE,
            format!("procedure {} is not in catalog {} {}", p.code, catalog.header.id, catalog.header.version),
        )
        .with_vi(format!("Cổng dịch vụ không có thủ tục mã {}.", p.code)));
    };
    if form.procedure.schema_version != p.schema_version {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code::UNKNOWN_PROCEDURE_VERSION,
            format!(
                "procedure {} was filled with form version {} (catalog {} {}), which this portal does not know; it has version {}",
                p.code, p.schema_version, p.catalog_id, p.catalog_version, form.procedure.schema_version
            ),
        )
        .with_vi("Mẫu tờ khai đã thay đổi. Hãy mở lại hồ sơ để cập nhật, kiểm tra và gửi lại."));
    }
    Ok((etag.to_owned(), form.clone()))
}

/// Steps 4–6, then the case to store.
fn check_filing(
    verified: VerifiedBundle,
    catalog_etag: String,
    form: &Form,
    received_at: Instant,
) -> Result<NewCase, ApiError> {
    let manifest = verified.manifest();
    let procedure = &form.procedure;
    let agency = check_agency(manifest, procedure)?;
    let today = received_at.vietnam_date();

    let validator = schema_check::compile(&procedure.schema, today).map_err(|e| {
        tracing::error!("procedure {}: schema does not compile for the independent check: {e}", procedure.code);
        ApiError::internal(format!("the portal cannot check procedure {} (its schema is unusable)", procedure.code))
    })?;
    let violations = schema_check::violations(&validator, &manifest.data, MAX_FIELD_ERRORS);
    if !violations.is_empty() {
        let summary = violations
            .iter()
            .take(3)
            .map(|v| format!("{}: {}", crate::error::bounded(path_or_root(&v.path), 100), v.message))
            .collect::<Vec<_>>()
            .join("; ");
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code::SCHEMA_INVALID,
            format!("the form data does not match the procedure's JSON Schema: {summary}"),
        )
        .with_vi("Tờ khai có thông tin chưa hợp lệ. Hãy mở lại hồ sơ, sửa và gửi lại.")
        .with_errors(violations.into_iter().map(|v| FieldError { path: v.path, message: v.message }).collect()));
    }

    let patterns = NativePatterns::new();
    let env = Env::new(&patterns, today).with_addresses(AddressBook::embedded());
    verified.check_data(form, &env).map_err(bundle_error)?;

    let new = NewCase {
        bundle_id: manifest.id.clone(),
        signer_kid: verified.header().kid.clone(),
        sha256: verified.sha256().to_owned(),
        manifest_sha256: bundle::sha256_hex(verified.manifest_bytes()),
        bytes: Vec::new(),
        manifest: String::from_utf8_lossy(verified.manifest_bytes()).into_owned(),
        catalog_etag,
        procedure: ReceiptProcedure {
            code: procedure.code.clone(),
            name: procedure.name.clone(),
            catalog_version: manifest.procedure.catalog_version.clone(),
            schema_version: procedure.schema_version.clone(),
        },
        agency,
        received_at,
        working_days: procedure.processing.working_days,
        operator: manifest.operator.as_ref().map(cases::Operator::of),
    };
    Ok(NewCase { bytes: verified.into_opened().into_bytes(), ..new })
}

fn path_or_root(p: &str) -> &str {
    if p.is_empty() {
        "/"
    } else {
        p
    }
}

/// Step 4: the receiving agency fits the procedure's filing rule (the core's
/// [`FilingRule`], the same the app seals and checks with) and exists:
/// commune-level procedures go to a ward of the named province (any ward:
/// the portal cannot know where the citizen lives, so `anyWard` changes
/// nothing here), province-level ones to a province, central-level ones to
/// the central agency the procedure names.
fn check_agency(manifest: &Manifest, procedure: &Procedure) -> Result<Agency, ApiError> {
    let book = AddressBook::embedded();
    let a = &manifest.agency;
    let rule = FilingRule::of(procedure);
    rule.check(a, Some(book))
        .map_err(|t| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "wrong_agency", t.en).with_vi(t.vi))?;
    Ok(Agency {
        code: filing::agency_code(a),
        province: a.province.clone(),
        ward: a.ward.clone(),
        name: rule.agency_name(a, book, &procedure.agency),
    })
}

// ---------------------------------------------------------------------------
// GET /api/bundles/{id} and /file

/// `?device=<kid>`: whose filing, when several device keys used the id.
#[derive(serde::Deserialize)]
pub struct Device {
    device: Option<String>,
}

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        code::NOT_FOUND,
        format!("no bundle {} was received", crate::error::bounded(id, 100)),
    )
}

fn ambiguous(id: &str, cases: usize) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        code::AMBIGUOUS_ID,
        format!(
            "{cases} device keys filed bundles with id {}; say whose with ?device=<kid of the key that signed it>",
            crate::error::bounded(id, 100)
        ),
    )
}

fn storage_error(e: crate::storage::StorageError) -> ApiError {
    tracing::error!("storage: {e}");
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        code::STORAGE_UNAVAILABLE,
        "the portal could not read its records; try again",
    )
}

/// The client's address as the rate limits see it (in-process tests have none).
pub fn client<B>(req: &Request<B>) -> IpAddr {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| rate_limit::client_key(c.0.ip()))
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// Spends one read by id of this client; `429` with `Retry-After` when it has none left.
fn spend_lookup(state: &AppState, client: IpAddr) -> Result<(), Response> {
    state.lookups.check(&client, std::time::Instant::now()).map_err(|wait| {
        let mut res = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            code::RATE_LIMITED,
            "too many reads by bundle id from this address; wait before asking again",
        )
        .into_response();
        let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        res
    })
}

/// `GET /api/bundles/{id}`: the case of a bundle and its history.
pub async fn get_bundle(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(Device { device }): Query<Device>,
    req: Request<Body>,
) -> Response {
    if let Err(res) = spend_lookup(&state, client(&req)) {
        return res;
    }
    if cases::looks_like_case_number(&id) {
        // Bundle ids only: case numbers are guessable.
        return not_found(&id).into_response();
    }
    match state.storage.find(id.clone(), device).await {
        Ok(Lookup::One(view)) if view.bundle_id == id => {
            ([(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], axum::Json(view)).into_response()
        }
        Ok(Lookup::Several(n)) => ambiguous(&id, n.len()).into_response(),
        Ok(_) => not_found(&id).into_response(),
        Err(e) => storage_error(e).into_response(),
    }
}

/// `GET /api/bundles/{id}/file`: the stored bundle, byte for byte.
pub async fn get_bundle_file(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(Device { device }): Query<Device>,
    req: Request<Body>,
) -> Response {
    if let Err(res) = spend_lookup(&state, client(&req)) {
        return res;
    }
    match state.storage.bundle_file(id.clone(), device).await {
        Ok(Lookup::One((case_number, bytes))) => {
            let disposition = format!("attachment; filename=\"{case_number}.tokhai\"");
            (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static(BUNDLE_MEDIA_TYPE)),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
                    ),
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                bytes,
            )
                .into_response()
        }
        Ok(Lookup::Several(n)) => ambiguous(&id, n.len()).into_response(),
        Ok(Lookup::None) => not_found(&id).into_response(),
        Err(e) => storage_error(e).into_response(),
    }
}
