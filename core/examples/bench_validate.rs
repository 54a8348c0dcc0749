//! Native validation timings for the benchmark harness (`bench/suites/validate.mjs`).
//!
//! For every catalog directory given (directory form: `catalog.json`,
//! `procedures/*.json`) and every procedure that has a complete instance in
//! `examples/<code>.json`, times, many iterations each:
//!
//! - `Form::check` on the example: the whole check the app runs on every change
//!   (prune hidden values, the schema with every format enforced, the CCCD and
//!   address cross-checks, errors placed on elements);
//! - `Schema::validate` alone on the same (valid) data;
//! - `Form::check` on the blank form the app starts with (`{}`, plus the empty
//!   items of repeat groups with `minItems`): every required field in error,
//!   which is what each keystroke costs before the form is complete.
//!
//! Prints one JSON object per procedure on stdout, and a line
//! `{"broken": …}` for each procedure of a catalog that does not load.
//!
//! ```sh
//! cargo run --profile server -p tokhai-core --features native,embedded-address \
//!     --example bench_validate -- [--min-ms 300] [--max-iter 20000] catalog /tmp/generated-forms
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant as Clock, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tokhai_core::catalog::{assemble, Catalog, Widget};
use tokhai_core::form::{Env, Form};
use tokhai_core::pointer;
use tokhai_core::schema::{JsonType, NativePatterns};
use tokhai_core::time::Instant;
use tokhai_core::vn::AddressBook;

struct Opts {
    min: Duration,
    max_iter: usize,
    dirs: Vec<PathBuf>,
}

fn opts() -> Opts {
    let mut o = Opts { min: Duration::from_millis(300), max_iter: 20_000, dirs: Vec::new() };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut num = |name: &str| -> u64 {
            args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{name} wants a number"))
        };
        match a.as_str() {
            "--min-ms" => o.min = Duration::from_millis(num("--min-ms")),
            "--max-iter" => o.max_iter = num("--max-iter") as usize,
            "-h" | "--help" => {
                eprintln!("usage: bench_validate [--min-ms 300] [--max-iter 20000] CATALOG_DIR...");
                std::process::exit(0);
            }
            _ => o.dirs.push(PathBuf::from(a)),
        }
    }
    if o.dirs.is_empty() {
        o.dirs.push(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../catalog")));
    }
    o
}

fn read(p: &Path) -> Value {
    let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn load(dir: &Path, patterns: &NativePatterns) -> Catalog {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("procedures"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let doc = assemble(read(&dir.join("catalog.json")), files.iter().map(|p| read(p)).collect())
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    Catalog::parse(&doc.to_string(), patterns).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// Runs `f` until `min` has passed (at least 10 runs, at most `max_iter`), after
/// a short warm-up; per-call times in µs, sorted.
fn time<T>(o: &Opts, mut f: impl FnMut() -> T) -> Vec<f64> {
    for _ in 0..3 {
        std::hint::black_box(f());
    }
    let mut samples = Vec::new();
    let start = Clock::now();
    while samples.len() < o.max_iter && (samples.len() < 10 || start.elapsed() < o.min) {
        let t = Clock::now();
        std::hint::black_box(f());
        samples.push(t.elapsed().as_secs_f64() * 1e6);
    }
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap());
    samples
}

fn stats(s: &[f64]) -> Value {
    let at = |p: f64| {
        let rank = p * (s.len() - 1) as f64;
        let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
        s[lo] + (s[hi] - s[lo]) * (rank - lo as f64)
    };
    let round = |x: f64| (x * 10.0).round() / 10.0;
    json!({
        "n": s.len(),
        "median_us": round(at(0.5)),
        "p95_us": round(at(0.95)),
        "min_us": round(s[0]),
        "max_us": round(s[s.len() - 1]),
    })
}

/// The data the app starts a form with: nothing, except that a repeat group
/// whose schema has `minItems` starts with that many empty items.
fn blank(form: &Form, env: &Env<'_>) -> Value {
    let mut data = json!({});
    for _ in 0..8 {
        let mut missing: Vec<(String, usize)> = Vec::new();
        form.walk(&data, env, |inst| {
            if inst.element.widget != Widget::Repeat {
                return;
            }
            let Some(path) = &inst.path else { return };
            if pointer::get(&data, path).is_some() {
                return;
            }
            let min = form.schema().facts_at(&data, path, &env.context()).min_items.unwrap_or(0) as usize;
            if min > 0 {
                missing.push((path.clone(), min));
            }
        });
        if missing.is_empty() {
            break;
        }
        for (path, n) in missing {
            pointer::set(&mut data, &path, Value::Array(vec![json!({}); n]));
        }
    }
    data
}

/// `data` with every missing required object opened as `{}`, as `Form::check`
/// does before its final schema pass (so errors are reported field by field).
fn scaffold(form: &Form, data: &Value, env: &Env<'_>) -> Value {
    let mut out = data.clone();
    for _ in 0..6 {
        let missing: Vec<String> = form
            .schema()
            .validate(&out, &env.context())
            .into_iter()
            .filter(|e| e.keyword == "required" && pointer::get(&out, &e.instance_path).is_none())
            .filter(|e| form.schema().facts_at(&out, &e.instance_path, &env.context()).allows(JsonType::Object))
            .map(|e| e.instance_path)
            .collect();
        if missing.is_empty() {
            break;
        }
        for p in missing {
            pointer::set(&mut out, &p, json!({}));
        }
    }
    out
}

/// Fields a citizen fills in: every element instance with a value of its own
/// (groups, repeat containers and file slots not counted).
fn field_count(form: &Form, data: &Value, env: &Env<'_>) -> usize {
    let mut n = 0;
    form.walk(data, env, |inst| {
        if inst.path.is_some() && !matches!(inst.element.widget, Widget::Group | Widget::Repeat | Widget::File) {
            n += 1;
        }
    });
    n
}

fn main() {
    let o = opts();
    let patterns = NativePatterns::new();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as i64;
    let env = Env::new(&patterns, Instant(now).vietnam_date()).with_addresses(AddressBook::embedded());
    let cx = env.context();
    for dir in &o.dirs {
        let catalog = load(dir, &patterns);
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for b in catalog.broken() {
            println!("{}", json!({ "catalog": name, "broken": b.to_string() }));
        }
        for form in catalog.forms() {
            let example = dir.join("examples").join(format!("{}.json", form.code));
            if !example.exists() {
                continue;
            }
            let data = read(&example);
            let start = blank(form, &env);
            let errors = form.check(&data, &env);
            let blank_errors = form.check(&start, &env).len();
            let check = time(&o, || form.check(&data, &env));
            let validate = time(&o, || form.schema().validate(&data, &cx));
            let check_blank = time(&o, || form.check(&start, &env));
            // Where the blank check's time goes: its parts that are public API.
            let opened = scaffold(form, &start, &env);
            let prune_blank = time(&o, || form.prune(&start, &env));
            let validate_blank = time(&o, || form.schema().validate(&opened, &cx));
            let walk_blank = time(&o, || {
                let mut n = 0usize;
                form.walk(&opened, &env, |_| n += 1);
                n
            });
            println!(
                "{}",
                json!({
                    "catalog": name,
                    "code": form.code,
                    "name": form.name.vi,
                    "fields": field_count(form, &data, &env),
                    "steps": form.ui.steps.len(),
                    "errors": errors.len(),
                    "firstErrors": errors.iter().take(3).map(|e| format!("{}: {}", e.path, e.message.vi)).collect::<Vec<_>>(),
                    "blankFields": field_count(form, &start, &env),
                    "blankErrors": blank_errors,
                    "check": stats(&check),
                    "validate": stats(&validate),
                    "checkBlank": stats(&check_blank),
                    "blankParts": {
                        "prune": stats(&prune_blank),
                        "validateOpened": stats(&validate_blank),
                        "walk": stats(&walk_blank),
                    },
                })
            );
        }
    }
}
