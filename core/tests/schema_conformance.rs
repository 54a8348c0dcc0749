//! The official JSON Schema Test Suite (draft 2020-12), for every keyword Tờ khai
//! supports. Cases that need a keyword outside that set must be refused by
//! `Schema::compile` (never half-understood); every other case must pass.
//!
//! The suite lives outside the repository, in `../shared/testdata/` next to the
//! project root; when it is absent the tests say so and skip.

// `pattern` needs a regex engine; natively that is the `native` feature.
#[cfg(not(feature = "native"))]
#[test]
fn needs_the_native_feature() {
    eprintln!("skipping: the JSON Schema Test Suite run needs `--features native` (the ECMA-262 pattern engine)");
}

#[cfg(feature = "native")]
mod native {
    use serde_json::Value;
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};
    use tokhai_core::date::Date;
    use tokhai_core::schema::{keywords, Context, NativePatterns, Schema, SchemaError};

    /// The suite files for the supported keywords (816 tests in 28 files).
    const FILES: &[&str] = &[
        "type",
        "properties",
        "required",
        "additionalProperties",
        "enum",
        "const",
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "items",
        "prefixItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if-then-else",
        "dependentRequired",
        "ref",
        "defs",
        "format",
        "boolean_schema",
        "infinite-loop-detection",
    ];

    fn suite_dir() -> Option<PathBuf> {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        // `core/` sits in the project root; `shared/` sits next to the project root.
        ["../../shared/testdata", "../shared/testdata"]
            .iter()
            .map(|rel| {
                manifest
                    .join(rel)
                    .join("json-schema-test-suite/draft2020-12")
            })
            .find(|p| p.is_dir())
    }

    fn load(path: &Path) -> Vec<Value> {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()));
        doc.as_array()
            .cloned()
            .unwrap_or_else(|| panic!("{} is not an array of cases", path.display()))
    }

    #[derive(Default)]
    struct Tally {
        ran: usize,
        passed: usize,
        /// Tests skipped because compile refused the case, by reason.
        rejected: BTreeMap<String, usize>,
        failures: Vec<String>,
    }

    impl Tally {
        fn rejected_total(&self) -> usize {
            self.rejected.values().sum()
        }

        fn add(&mut self, other: &Tally) {
            self.ran += other.ran;
            self.passed += other.passed;
            for (k, n) in &other.rejected {
                *self.rejected.entry(k.clone()).or_default() += n;
            }
            self.failures.extend(other.failures.iter().cloned());
        }

        fn line(&self) -> String {
            let reasons: Vec<String> = self
                .rejected
                .iter()
                .map(|(k, n)| format!("{k}: {n}"))
                .collect();
            let reasons = if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({})", reasons.join(", "))
            };
            format!(
                "ran {} / passed {} / rejected as unsupported {}{reasons}",
                self.ran,
                self.passed,
                self.rejected_total()
            )
        }
    }

    /// Runs one suite file. A case refused for anything but an unsupported keyword
    /// or a reference to another document counts as a failure.
    fn run_file(path: &Path, cx: &Context<'_>, patterns: &NativePatterns) -> Tally {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut t = Tally::default();
        for case in load(path) {
            let description = case["description"].as_str().unwrap_or("?");
            let tests = case["tests"].as_array().cloned().unwrap_or_default();
            let schema = match Schema::compile_with_patterns(&case["schema"], patterns) {
                Ok(s) => s,
                Err(SchemaError::UnsupportedKeyword { keyword, pointer }) => {
                    if keywords::is_supported(&keyword) {
                        t.failures.push(format!("{name} / {description}: refused for SUPPORTED keyword {keyword} at {pointer}"));
                    } else {
                        *t.rejected.entry(keyword).or_default() += tests.len();
                    }
                    continue;
                }
                Err(SchemaError::UnresolvedRef { reference, .. })
                    if !reference.starts_with('#') =>
                {
                    *t.rejected.entry("remote $ref".to_owned()).or_default() += tests.len();
                    continue;
                }
                Err(e) => {
                    t.failures
                        .push(format!("{name} / {description}: compile failed: {e}"));
                    continue;
                }
            };
            for test in tests {
                t.ran += 1;
                let expected = test["valid"].as_bool().expect("valid is a boolean");
                let data = &test["data"];
                let fast = schema.is_valid(data, cx);
                let errors = schema.validate(data, cx);
                if fast == expected && errors.is_empty() == expected {
                    t.passed += 1;
                } else {
                    t.failures.push(format!(
                        "{name} / {description} / {}: expected valid={expected}, is_valid={fast}, validate gave {} error(s) {:?}",
                        test["description"].as_str().unwrap_or("?"),
                        errors.len(),
                        errors.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
                    ));
                }
            }
        }
        t
    }

    #[test]
    fn official_suite_for_supported_keywords() {
        let Some(dir) = suite_dir() else {
            println!("skipping: ../shared/testdata not found (JSON Schema Test Suite)");
            eprintln!("skipping: ../shared/testdata not found (JSON Schema Test Suite)");
            return;
        };
        let patterns = NativePatterns::new();
        let cx = Context::new(&patterns);
        let mut total = Tally::default();
        // One report, printed at once, so parallel tests do not interleave it.
        let mut report = format!(
            "JSON Schema Test Suite, draft 2020-12 ({})\n",
            dir.display()
        );
        for file in FILES {
            let t = run_file(&dir.join(format!("{file}.json")), &cx, &patterns);
            report += &format!("  {file:<22} {}\n", t.line());
            total.add(&t);
        }
        report += &format!("  {:<22} {}", "TOTAL", total.line());
        println!("{report}");
        eprintln!(
            "schema conformance: {} tests in {} files: ran {}, passed {}, rejected as unsupported {}, failed {}",
            total.ran + total.rejected_total(),
            FILES.len(),
            total.ran,
            total.passed,
            total.rejected_total(),
            total.failures.len()
        );
        for f in &total.failures {
            println!("FAIL {f}");
        }
        assert!(
            total.failures.is_empty(),
            "{} conformance failure(s):\n{}",
            total.failures.len(),
            total.failures.join("\n")
        );
        assert!(total.ran > 0);
    }

    /// The suite's optional format files, for the formats the validator enforces
    /// itself in assert mode.
    #[test]
    fn optional_suite_for_builtin_formats() {
        let Some(dir) = suite_dir() else {
            println!("skipping: ../shared/testdata not found (JSON Schema Test Suite)");
            return;
        };
        let patterns = NativePatterns::new();
        let cx = Context::new(&patterns)
            .assert_formats()
            .with_today(Date::new(2026, 1, 1).unwrap());
        let mut total = Tally::default();
        let mut report = String::from("Optional format tests, assert mode\n");
        for file in ["date", "uuid"] {
            let t = run_file(
                &dir.join(format!("optional/format/{file}.json")),
                &cx,
                &patterns,
            );
            report += &format!("  optional/format/{file:<6} {}\n", t.line());
            total.add(&t);
        }
        print!("{report}");
        for f in &total.failures {
            println!("FAIL {f}");
        }
        assert!(
            total.failures.is_empty(),
            "{} failure(s):\n{}",
            total.failures.len(),
            total.failures.join("\n")
        );
    }
}
