//! What the portal's integration tests share: real signed bundles built with
//! the core's sealing code and a native device key, portals in-process and as
//! the binary, and a hand-written HTTP/1.1 client that tells a dropped
//! connection from an answer.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use p256::ecdsa::SigningKey;
use serde_json::Value;
use tokhai_core::bundle::zip::{self, DosTime, ZipWriter};
use tokhai_core::bundle::{
    self, Agency, AttachmentInput, Consent, OperatorBlock, OperatorRole, ProcedureRef, SealInput,
};
use tokhai_core::catalog::{Level, Procedure};
use tokhai_core::form::{Env, Form};
use tokhai_core::jose::{canonical_bytes, compact_detached, jwk_of, sign_es256, signing_input};
use tokhai_core::schema::NativePatterns;
use tokhai_core::time::Instant;
use tokhai_core::vn::AddressBook;
use tokhai_portal::catalog::ServedCatalog;
use tokhai_portal::signing::PortalKey;
use tokhai_portal::storage::{OpenMode, Storage};
use tokhai_portal::{http, AppState, Clock};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

pub const BUNDLE_TYPE: &str = "application/vnd.tokhai.bundle+zip";

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The sample catalog as a portal accepting bundles of up to 64 MiB serves it.
pub fn served_catalog() -> ServedCatalog {
    ServedCatalog::load(&repo().join("catalog"), 64 << 20).unwrap()
}

/// The sample catalog, loaded once per test binary.
fn sample_catalog() -> &'static tokhai_core::catalog::Catalog {
    static CATALOG: std::sync::OnceLock<tokhai_core::catalog::Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| served_catalog().catalog)
}

/// The sample catalog's procedures.
pub fn procedure(code: &str) -> Procedure {
    sample_catalog().procedure(code).unwrap().clone()
}

/// The sample catalog's compiled forms.
pub fn form(code: &str) -> std::sync::Arc<Form> {
    sample_catalog().form(code).unwrap().clone()
}

pub fn example(code: &str) -> Value {
    serde_json::from_slice(&std::fs::read(repo().join(format!("catalog/examples/{code}.json"))).unwrap()).unwrap()
}

/// Tuesday 24 November 2026, 09:00 in Hà Nội.
pub fn receipt_time() -> Instant {
    Instant::parse_rfc3339("2026-11-24T02:00:00Z").unwrap()
}

/// A lowercase UUID numbered `n`.
pub fn uuid(n: u64) -> String {
    format!("{:08x}-0000-4000-8000-{:012x}", n, n)
}

pub fn device_key() -> SigningKey {
    SigningKey::from_slice(&[7u8; 32]).unwrap()
}

/// A tiny JPEG (the magic bytes are all the intake sniffs).
pub fn jpeg(tag: u8) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0];
    b.extend(std::iter::repeat_n(tag, 64));
    b.extend([0xFF, 0xD9]);
    b
}

/// What goes into a test bundle; [`BundleSpec::new`] is a valid filing of
/// the procedure's example.
#[derive(Clone)]
pub struct BundleSpec {
    pub id: String,
    pub procedure: ProcedureRef,
    pub data: Value,
    pub agency: Agency,
    pub delivery: tokhai_core::catalog::Delivery,
    pub attachments: Vec<AttachmentInput>,
    /// Assisted filing; `None`: the citizen filed alone.
    pub operator: Option<OperatorBlock>,
}

/// When [`BundleSpec::seal`] seals: Monday 23 November 2026, 15:00 in Hà Nội.
pub fn sealed_at() -> Instant {
    Instant::parse_rfc3339("2026-11-23T08:00:00Z").unwrap()
}

impl BundleSpec {
    pub fn new(code: &str, id: &str) -> BundleSpec {
        let p = procedure(code);
        let agency = match p.level {
            Level::Commune => Agency { province: Some("01".into()), ward: Some("00004".into()) },
            Level::Province => Agency { province: Some("01".into()), ward: None },
            Level::Central => Agency { province: None, ward: None },
        };
        let attachments = p
            .documents
            .iter()
            .filter(|d| d.required)
            .enumerate()
            .map(|(i, d)| AttachmentInput {
                name: format!("{}.jpg", d.id),
                slot: d.id.clone(),
                media_type: "image/jpeg".into(),
                bytes: jpeg(i as u8),
            })
            .collect();
        BundleSpec {
            id: id.into(),
            procedure: ProcedureRef {
                code: code.into(),
                catalog_id: "vn-sample".into(),
                catalog_version: "2026.11.1".into(),
                schema_version: p.schema_version.clone(),
            },
            data: example(code),
            agency,
            delivery: p.delivery[0],
            attachments,
            operator: None,
        }
    }

    /// Filed by operator `name` in `role`, with the citizen's consent exactly
    /// as the app words it for the citizen the data names, confirmed ten
    /// minutes before sealing.
    pub fn filed_by(mut self, name: &str, role: OperatorRole) -> BundleSpec {
        let patterns = NativePatterns::new();
        let env = Env::new(&patterns, receipt_time().vietnam_date()).with_addresses(AddressBook::embedded());
        let text = bundle::consent_text_for(&form(&self.procedure.code), &self.data, &env, name, role);
        self.operator = Some(OperatorBlock {
            name: name.into(),
            role,
            station: "Điểm hỗ trợ dịch vụ công phường Ba Đình".into(),
            home_ward: "00004".into(),
            consent: Consent { text, confirmed_at: sealed_at().plus_millis(-600_000) },
        });
        self
    }

    /// The signed bundle bytes.
    pub fn seal(&self) -> Vec<u8> {
        self.seal_with(&device_key())
    }

    /// The bundle signed by another device's key.
    pub fn seal_with(&self, key: &SigningKey) -> Vec<u8> {
        let sealed_at = sealed_at();
        let input = SealInput {
            id: self.id.clone(),
            procedure: self.procedure.clone(),
            data: self.data.clone(),
            agency: self.agency.clone(),
            delivery: self.delivery,
            attachments: self.attachments.clone(),
            created_at: sealed_at.plus_millis(-3_600_000),
            sealed_at,
            app_version: "0.1.0".into(),
            device_jwk: jwk_of(key.verifying_key()),
            operator: self.operator.clone(),
        };
        let unsigned = bundle::prepare(input).unwrap();
        let signature = sign_es256(key, unsigned.signing_input());
        unsigned.assemble(&signature).unwrap().into_bytes()
    }
}

/// A valid bundle of the example of `code`.
pub fn sealed(code: &str, id: &str) -> Vec<u8> {
    BundleSpec::new(code, id).seal()
}

/// Rebuilds a bundle's container after `edit` changed its entries (with valid
/// CRCs and layout, so only the bundle checks can notice).
pub fn rezip(bytes: &[u8], edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> Vec<u8> {
    let mut entries: Vec<(String, Vec<u8>)> =
        zip::read(bytes).unwrap().into_iter().map(|e| (e.name.to_owned(), e.data.to_vec())).collect();
    edit(&mut entries);
    let mut w = ZipWriter::new(DosTime::new(2026, 11, 23, 15, 0, 0));
    for (name, data) in &entries {
        w.add(name, data).unwrap();
    }
    w.finish().unwrap()
}

/// What a malicious (or broken) app would do: edit the manifest of a sealed
/// bundle and sign it again with the device key, so that the signature
/// verifies and only the checks of the filing itself can refuse it.
pub fn resign(bytes: &[u8], edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    rezip(bytes, |entries| {
        let mut manifest: Value = serde_json::from_slice(&entries[1].1).unwrap();
        edit(&mut manifest);
        entries[1].1 = canonical_bytes(&manifest).unwrap();
        let jws = String::from_utf8(entries[2].1.clone()).unwrap();
        let protected = jws.split('.').next().unwrap().to_owned();
        let signature = sign_es256(&device_key(), &signing_input(&protected, &entries[1].1));
        entries[2].1 = compact_detached(&protected, &signature).into_bytes();
    })
}

/// The storage of a test portal in `tmp` (its data key in `tmp/keys`).
pub fn storage(tmp: &Path) -> Storage {
    Storage::open(&tmp.join("portal.sqlite3"), &tmp.join("keys/data-key.json"), OpenMode::Create).unwrap()
}

/// The portal's state over the sample catalog, a fresh database and a fixed key, at [`receipt_time`].
pub fn state(tmp: &Path) -> AppState {
    let mut state = AppState::new(served_catalog(), storage(tmp), PortalKey::from_scalar(&[3u8; 32]).unwrap());
    state.clock = Clock::fixed(receipt_time());
    state
}

pub fn router(state: AppState, tmp: &Path) -> Router {
    let dist = tmp.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>Tờ khai</title>").unwrap();
    http::router(state, &dist)
}

/// A response read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(|v| v.to_str().unwrap()).unwrap_or("")
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let (parts, body) = res.into_parts();
    let body = body.collect().await.unwrap().to_bytes().to_vec();
    Reply { status: parts.status, headers: parts.headers, body }
}

pub async fn post_bundle(app: &Router, bytes: Vec<u8>) -> Reply {
    let req = Request::post("/api/bundles").header("content-type", BUNDLE_TYPE).body(Body::from(bytes)).unwrap();
    send(app, req).await
}

/// Posts a bundle the portal must refuse: its status and `{code, message}` body.
pub async fn refusal(app: &Router, bytes: Vec<u8>) -> (StatusCode, Value) {
    let res = post_bundle(app, bytes).await;
    let body = res.json();
    assert!(body["code"].is_string() && body["message"].is_string(), "{body}");
    (res.status, body)
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

// ---------------------------------------------------------------------------
// The binary, over real TCP.

/// A running `tokhai-portal`, killed on drop.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    pub stderr: PathBuf,
}

impl Server {
    /// Starts the binary on a free port with `args` after the usual ones.
    pub fn start(dir: &Path, args: &[&str]) -> Server {
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        let stderr = dir.join(format!(
            "stderr-{}.log",
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
        ));
        let mut child = Command::new(env!("CARGO_BIN_EXE_tokhai-portal"))
            .args(["--addr", "127.0.0.1:0", "--catalog"])
            .arg(repo().join("catalog"))
            .arg("--dist")
            .arg(&dist)
            .arg("--db")
            .arg(dir.join("portal.sqlite3"))
            .arg("--data-key")
            .arg(dir.join("keys/data-key.json"))
            .args(args)
            .env("NO_COLOR", "1")
            .env("RUST_LOG", "tokhai_portal=info")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = loop {
            let line = lines
                .next()
                .unwrap_or_else(|| panic!("the portal exited: {}", std::fs::read_to_string(&stderr).unwrap()))
                .unwrap();
            if let Some(rest) = line.trim().strip_prefix("open") {
                let url = rest.trim().trim_start_matches("http://").trim_end_matches('/');
                break url.parse().unwrap();
            }
        };
        Server { child, addr, stderr }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a raw HTTP exchange came to.
#[derive(Debug)]
pub enum Exchange {
    /// A complete response.
    Reply { status: u16, headers: Vec<(String, String)>, body: Vec<u8> },
    /// The connection ended (or was reset) without a single byte of response.
    Dropped,
    /// Some bytes, then the connection ended: never expected.
    Partial(Vec<u8>),
}

/// One HTTP/1.1 request on its own connection (`Connection: close`).
pub async fn raw_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Exchange {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    if stream.write_all(head.as_bytes()).await.is_err() || stream.write_all(body).await.is_err() {
        return read_rest(stream).await;
    }
    read_rest(stream).await
}

async fn read_rest(mut stream: tokio::net::TcpStream) -> Exchange {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(_) => break,
        }
    }
    if buf.is_empty() {
        return Exchange::Dropped;
    }
    parse_response(&buf).unwrap_or(Exchange::Partial(buf))
}

fn parse_response(buf: &[u8]) -> Option<Exchange> {
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&buf[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned())))
        .collect();
    let rest = &buf[end + 4..];
    let find = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let body = if let Some(len) = find("content-length") {
        let len: usize = len.parse().ok()?;
        if rest.len() < len {
            return None;
        }
        rest[..len].to_vec()
    } else if find("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        let mut out = Vec::new();
        let mut at = 0;
        loop {
            let line_end = at + rest[at..].windows(2).position(|w| w == b"\r\n")?;
            let size = usize::from_str_radix(std::str::from_utf8(&rest[at..line_end]).ok()?.trim(), 16).ok()?;
            at = line_end + 2;
            if size == 0 {
                break;
            }
            out.extend_from_slice(rest.get(at..at + size)?);
            at += size + 2;
        }
        out
    } else {
        rest.to_vec()
    };
    Some(Exchange::Reply { status, headers, body })
}

/// Runs the binary with `args` and returns (success, stdout, stderr). With a
/// `--db` among `args`, the data key is the one [`Server::start`] gives a
/// portal on that database (`keys/data-key.json` beside it).
pub fn run_cli(args: &[&str]) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tokhai-portal"));
    if let Some(i) = args.iter().position(|a| *a == "--db") {
        let db = Path::new(args[i + 1]);
        cmd.arg("--data-key").arg(db.parent().unwrap().join("keys/data-key.json"));
    }
    let out = cmd.args(args).env("NO_COLOR", "1").output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
