//! Seals N valid bundles natively and writes them as `.tokhai` files, for the
//! benchmark harness's outbox delivery figure (`bench/suites/delivery.mjs`):
//! the app imports them through the outbox page and delivers them.
//!
//! Each bundle is a sample procedure's complete example (`catalog/examples/
//! <code>.json`) filed with a ward of Hà Nội, with a small valid attachment in
//! every required document slot, a new random UUID, and an ES256 signature by a
//! key made for this run (as `core/tests/bundle_roundtrip.rs` seals them). The
//! catalog id and version are the catalog's own, so a portal serving that
//! catalog accepts them.
//!
//! ```sh
//! cargo run --profile server -p tokhai-core --features native,embedded-address \
//!     --example make_bundles -- --count 500 --out /tmp/bundles [--procedure 2.000815] [--catalog catalog] \
//!     [--batch /tmp/bundles.tokhai]
//! ```
//!
//! `--batch FILE` also writes all the bundles, in order, as one batch file
//! (`bundle::write_batch`, `docs/bundle-format.md` "Batch files"), as the
//! dashboard's "Xuất tất cả hồ sơ chờ gửi" makes (`bench/suites/team.mjs`).
//!
//! Prints one JSON line: `{"count", "dir", "procedure", "bytes", "minBytes",
//! "maxBytes", "ms"}`, plus `"batch"` and `"batchBytes"` with `--batch`.

use std::path::{Path, PathBuf};
use std::time::{Instant as Clock, SystemTime, UNIX_EPOCH};

use p256::ecdsa::SigningKey;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tokhai_core::bundle::{prepare, write_batch, AttachmentInput, SealContext, SealInput};
use tokhai_core::catalog::{assemble, Catalog, Delivery, Level};
use tokhai_core::draft::Draft;
use tokhai_core::form::Env;
use tokhai_core::jose::{jwk_of, sign_es256};
use tokhai_core::schema::NativePatterns;
use tokhai_core::time::Instant;
use tokhai_core::vn::AddressBook;

/// Hà Nội, and a ward of it (the receiving office of commune-level procedures).
const PROVINCE: &str = "01";
const WARD: &str = "00166";

struct Opts {
    count: usize,
    out: PathBuf,
    procedure: String,
    catalog: PathBuf,
    batch: Option<PathBuf>,
}

fn usage() -> ! {
    eprintln!("usage: make_bundles --count N --out DIR [--procedure 2.000815] [--catalog catalog] [--batch FILE]");
    std::process::exit(2);
}

fn opts() -> Opts {
    let mut o = Opts {
        count: 0,
        out: PathBuf::new(),
        procedure: "2.000815".into(),
        catalog: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../catalog")),
        batch: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--count" => o.count = value().parse().unwrap_or_else(|_| usage()),
            "--out" => o.out = PathBuf::from(value()),
            "--procedure" => o.procedure = value(),
            "--catalog" => o.catalog = PathBuf::from(value()),
            "--batch" => o.batch = Some(PathBuf::from(value())),
            _ => usage(),
        }
    }
    if o.count == 0 || o.out.as_os_str().is_empty() {
        usage();
    }
    o
}

fn read(p: &Path) -> Value {
    let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Random bytes without a random-number crate: SHA-256 of the clock, the
/// process id, a counter and the address of a fresh allocation. Good enough
/// for ids that must differ between runs and for a throwaway signing key.
struct Entropy {
    state: [u8; 32],
    counter: u64,
}

impl Entropy {
    fn new() -> Entropy {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let probe = Box::new(0u8);
        let mut h = Sha256::new();
        h.update(nanos.to_le_bytes());
        h.update(std::process::id().to_le_bytes());
        h.update((&*probe as *const u8 as usize).to_le_bytes());
        Entropy { state: h.finalize().into(), counter: 0 }
    }

    fn next(&mut self) -> [u8; 32] {
        self.counter += 1;
        let mut h = Sha256::new();
        h.update(self.state);
        h.update(self.counter.to_le_bytes());
        h.finalize().into()
    }

    /// A random (version 4) UUID, lowercase.
    fn uuid(&mut self) -> String {
        let mut b: [u8; 16] = self.next()[..16].try_into().expect("16 bytes");
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
    }
}

/// A small but real PDF (as e2e/support/form.ts makes), tagged so each differs.
fn pdf(tag: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n% {tag}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    .into_bytes()
}

fn main() {
    let o = opts();
    let t0 = Clock::now();
    let patterns = NativePatterns::new();
    let header = read(&o.catalog.join("catalog.json"));
    let catalog_id = header["id"].as_str().expect("catalog.json has an id").to_owned();
    let catalog_version = header["version"].as_str().expect("catalog.json has a version").to_owned();
    let mut files: Vec<PathBuf> = std::fs::read_dir(o.catalog.join("procedures"))
        .unwrap_or_else(|e| panic!("{}: {e}", o.catalog.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let doc = assemble(header, files.iter().map(|p| read(p)).collect()).expect("the catalog assembles");
    let catalog = Catalog::parse(&doc.to_string(), &patterns).expect("the catalog parses");
    let form = catalog.form(&o.procedure).unwrap_or_else(|| panic!("procedure {} is not usable", o.procedure)).clone();
    let example = read(&o.catalog.join("examples").join(format!("{}.json", o.procedure)));

    let now = Instant(SystemTime::now().duration_since(UNIX_EPOCH).expect("a clock after 1970").as_millis() as i64);
    let env = Env::new(&patterns, now.vietnam_date()).with_addresses(AddressBook::embedded());
    let errors = form.check(&example, &env);
    assert!(errors.is_empty(), "the example of {} has {} errors", o.procedure, errors.len());

    let mut entropy = Entropy::new();
    let key = loop {
        if let Ok(k) = SigningKey::from_slice(&entropy.next()) {
            break k;
        }
    };
    let device_jwk = jwk_of(key.verifying_key());
    std::fs::create_dir_all(&o.out).unwrap_or_else(|e| panic!("{}: {e}", o.out.display()));

    let (mut total, mut min, mut max) = (0u64, u64::MAX, 0u64);
    let mut batch: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..o.count {
        let id = entropy.uuid();
        let mut draft = Draft::new(format!("draft-{i}"), &form, &catalog_version, now);
        draft.data = example.clone();
        draft.filing.province = Some(PROVINCE.into());
        draft.filing.ward = (form.level == Level::Commune).then(|| WARD.into());
        draft.filing.delivery = Some(form.procedure.delivery.first().copied().unwrap_or(Delivery::Pickup));
        let attachments = form
            .documents
            .iter()
            .filter(|d| d.min_files > 0)
            .flat_map(|d| {
                let id = &id;
                (0..d.min_files).map(move |n| AttachmentInput {
                    name: format!("{}-{}.pdf", d.id, n + 1),
                    slot: d.id.clone(),
                    media_type: "application/pdf".into(),
                    bytes: pdf(&format!("{id} {n}")),
                })
            })
            .collect();
        let cx = SealContext {
            id: id.clone(),
            catalog_id: catalog_id.clone(),
            sealed_at: now.plus_millis(i as i64),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            device_jwk: device_jwk.clone(),
            attachments,
            operator: None,
        };
        let input = SealInput::from_draft(&draft, &form, &env, cx).unwrap_or_else(|e| panic!("sealing: {e}"));
        let unsigned = prepare(input).unwrap_or_else(|e| panic!("sealing: {e}"));
        let sig = sign_es256(&key, unsigned.signing_input());
        let sealed = unsigned.assemble(&sig).unwrap_or_else(|e| panic!("sealing: {e}"));
        let bytes = sealed.bytes();
        let path = o.out.join(format!("{:04}-{id}.tokhai", i + 1));
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let n = bytes.len() as u64;
        total += n;
        min = min.min(n);
        max = max.max(n);
        if o.batch.is_some() {
            batch.push((id, bytes.to_vec()));
        }
    }
    let mut report = json!({
        "count": o.count,
        "dir": o.out.display().to_string(),
        "procedure": o.procedure,
        "catalog": { "id": catalog_id, "version": catalog_version },
        "bytes": total,
        "minBytes": min,
        "maxBytes": max,
        "ms": t0.elapsed().as_millis() as u64,
    });
    if let Some(path) = &o.batch {
        let file = write_batch(&batch).unwrap_or_else(|e| panic!("batch: {e}"));
        std::fs::write(path, &file).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        report["batch"] = json!(path.display().to_string());
        report["batchBytes"] = json!(file.len());
        report["ms"] = json!(t0.elapsed().as_millis() as u64);
    }
    println!("{report}");
}
