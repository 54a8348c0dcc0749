//! Differential test: for realistic form schemas (and every procedure schema in
//! `catalog/procedures/`, when present), thousands of generated instances are
//! judged by our validator and by the `jsonschema` crate; they must agree.
//!
//! Instances come from a seeded generator that reads the schema, so many are
//! close to valid (the interesting boundary), with random mutations and random
//! JSON mixed in; when a schema has examples (its `examples`, or the procedure's
//! `catalog/examples/<code>.json`), small mutations of them are used too.
//! Formats are annotations on both sides (the default), so they do not matter here.

// `pattern` needs a regex engine; natively that is the `native` feature.
#[cfg(not(feature = "native"))]
#[test]
fn needs_the_native_feature() {
    eprintln!(
        "skipping: the differential test needs `--features native` (the ECMA-262 pattern engine)"
    );
}

#[cfg(feature = "native")]
mod native {
    use serde_json::{json, Map, Value};
    use std::path::Path;
    use tokhai_core::schema::{Context, NativePatterns, Schema};

    const INSTANCES_PER_SCHEMA: usize = 3000;

    /// A schema under test, with known instances to mutate.
    struct Case {
        name: String,
        schema: Value,
        examples: Vec<Value>,
    }

    /// Form schemas in the shape the catalog uses. Add more here (name, schema).
    fn form_schemas() -> Vec<(String, Value)> {
        vec![
            (
                "khai-sinh".to_owned(),
                json!({
                    "$schema": "https://json-schema.org/draft/2020-12/schema",
                    "title": "Tờ khai đăng ký khai sinh",
                    "type": "object",
                    "required": ["nguoiYeuCau", "treEm"],
                    "additionalProperties": false,
                    "properties": {
                        "nguoiYeuCau": {
                            "type": "object",
                            "required": ["hoTen", "cccd"],
                            "properties": {
                                "hoTen": {"type": "string", "minLength": 2, "maxLength": 10},
                                "cccd": {"type": "string", "pattern": "^[0-9]{12}$"},
                                "soDienThoai": {"type": "string", "pattern": "^0[0-9]{9}$"},
                                "email": {"type": "string", "format": "email"},
                                "quanHe": {"enum": ["cha", "me", "ongBa", "khac"]}
                            }
                        },
                        "treEm": {
                            "type": "object",
                            "required": ["hoTen", "gioiTinh", "ngaySinh"],
                            "properties": {
                                "hoTen": {"type": "string", "minLength": 1},
                                "gioiTinh": {"enum": ["nam", "nu"]},
                                "ngaySinh": {"type": "string", "format": "date"},
                                "canNang": {"type": "number", "exclusiveMinimum": 0, "maximum": 8, "multipleOf": 0.1}
                            }
                        },
                        "camKet": {"const": true}
                    }
                }),
            ),
            (
                "ho-chieu".to_owned(),
                json!({
                    "type": "object",
                    "required": ["loaiCap", "hoTen"],
                    "properties": {
                        "loaiCap": {"enum": ["lanDau", "capLai"]},
                        "hoTen": {"type": "string", "minLength": 2, "maxLength": 8},
                        "soHoChieuCu": {"type": "string", "pattern": "^[A-Z][0-9]{7}$"},
                        "ngayCapCu": {"type": "string", "format": "date"},
                        "lyDo": {"type": "string", "maxLength": 5}
                    },
                    "if": {"properties": {"loaiCap": {"const": "capLai"}}, "required": ["loaiCap"]},
                    "then": {"required": ["soHoChieuCu", "lyDo"]},
                    "else": {"not": {"required": ["soHoChieuCu"]}},
                    "dependentRequired": {"soHoChieuCu": ["ngayCapCu"]}
                }),
            ),
            (
                "dang-ky-kinh-doanh".to_owned(),
                json!({
                    "type": "object",
                    "$defs": {
                        "diaChi": {
                            "type": "object",
                            "required": ["tinh", "xa"],
                            "properties": {
                                "tinh": {"type": "string", "pattern": "^[0-9]{2}$"},
                                "xa": {"type": "string", "pattern": "^[0-9]{5}$"},
                                "soNha": {"type": "string", "maxLength": 6}
                            },
                            "additionalProperties": false
                        },
                        "thanhVien": {
                            "type": "object",
                            "required": ["hoTen", "tyLe"],
                            "properties": {
                                "hoTen": {"type": "string", "minLength": 1, "maxLength": 6},
                                "tyLe": {"type": "number", "exclusiveMinimum": 0, "maximum": 100, "multipleOf": 0.01},
                                "diaChi": {"$ref": "#/$defs/diaChi"}
                            }
                        }
                    },
                    "required": ["tenDoanhNghiep", "truSo", "vonDieuLe", "thanhVien"],
                    "properties": {
                        "tenDoanhNghiep": {"type": "string", "minLength": 3, "maxLength": 12},
                        "truSo": {"$ref": "#/$defs/diaChi"},
                        "vonDieuLe": {"type": "integer", "exclusiveMinimum": 0, "multipleOf": 1000000},
                        "thanhVien": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": 4,
                            "uniqueItems": true,
                            "items": {"$ref": "#/$defs/thanhVien"}
                        },
                        "nganhNghe": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{4}$"}, "uniqueItems": true, "maxItems": 3}
                    }
                }),
            ),
            (
                "le-phi".to_owned(),
                json!({
                    "type": "object",
                    "required": ["phuongThuc", "soTien", "donVi"],
                    "properties": {
                        "soTien": {"type": "integer", "minimum": 0, "maximum": 2000000, "multipleOf": 500},
                        "donVi": {"const": "VND"},
                        "phiDichVu": {"type": "number", "minimum": 0, "exclusiveMaximum": 0.3, "multipleOf": 0.0001}
                    },
                    "oneOf": [
                        {
                            "properties": {"phuongThuc": {"const": "chuyenKhoan"}, "soTaiKhoan": {"type": "string", "pattern": "^[0-9]{6,14}$"}},
                            "required": ["phuongThuc", "soTaiKhoan"]
                        },
                        {"properties": {"phuongThuc": {"const": "tienMat"}}, "required": ["phuongThuc"]},
                        {"properties": {"phuongThuc": {"enum": ["viDienTu", "tienMat"]}, "soVi": {"type": "string"}}, "required": ["soVi"]}
                    ]
                }),
            ),
            (
                "nhan-khau".to_owned(),
                json!({
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 5,
                    "items": {
                        "type": "object",
                        "required": ["hoTen", "namSinh"],
                        "properties": {
                            "hoTen": {"type": "string", "minLength": 1, "maxLength": 5},
                            "namSinh": {"type": "integer", "minimum": 1900, "maximum": 2026},
                            "quanHe": {"type": ["string", "null"], "enum": ["chuHo", "vo", "chong", "con", null]},
                            "ghiChu": {"anyOf": [{"type": "string", "maxLength": 4}, {"type": "null"}]}
                        },
                        "allOf": [{"not": {"properties": {"quanHe": {"const": "chuHo"}, "namSinh": {"minimum": 2010}}, "required": ["quanHe", "namSinh"]}}]
                    }
                }),
            ),
            (
                "toa-do".to_owned(),
                json!({
                    "type": "array",
                    "prefixItems": [{"type": "number", "minimum": -90, "maximum": 90}, {"type": "number", "minimum": -180, "maximum": 180}, {"type": "string", "maxLength": 3}],
                    "items": false,
                    "minItems": 2
                }),
            ),
            (
                "co-cau-to-chuc".to_owned(),
                json!({
                    "$defs": {
                        "donVi": {
                            "type": "object",
                            "required": ["ten"],
                            "properties": {
                                "ten": {"type": "string", "minLength": 1, "maxLength": 6},
                                "cap": {"type": "integer", "minimum": 1, "maximum": 3},
                                "donViCon": {"type": "array", "maxItems": 3, "items": {"$ref": "#/$defs/donVi"}}
                            },
                            "additionalProperties": false
                        }
                    },
                    "$ref": "#/$defs/donVi"
                }),
            ),
            (
                "so-lieu".to_owned(),
                json!({
                    "type": "object",
                    "properties": {
                        "tyLe": {"type": "number", "multipleOf": 0.1, "minimum": 0, "maximum": 1},
                        "gia": {"type": "number", "multipleOf": 0.25, "exclusiveMinimum": -10, "exclusiveMaximum": 10},
                        "soLuong": {"type": ["integer", "string"], "minimum": 1, "maxLength": 3},
                        "tuyChon": {"type": "boolean"},
                        "trong": {"type": "null"}
                    },
                    "additionalProperties": {"type": "integer", "multipleOf": 3}
                }),
            ),
        ]
    }

    fn cases() -> Vec<Case> {
        let mut out: Vec<Case> = form_schemas()
            .into_iter()
            .map(|(name, schema)| Case {
                name,
                schema,
                examples: Vec::new(),
            })
            .collect();
        out.extend(catalog_cases());
        for case in &mut out {
            let own = case
                .schema
                .get("examples")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            case.examples.extend(own);
            case.examples.extend(case.schema.get("default").cloned());
        }
        out
    }

    /// The `schema` of every `catalog/procedures/*.json`, with the matching
    /// `catalog/examples/*.json` instance when there is one; nothing if the folder is absent.
    fn catalog_cases() -> Vec<Case> {
        let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog");
        let dir = catalog.join("procedures");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("no catalog procedures at {} (skipping them)", dir.display());
            return Vec::new();
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p)
                    .unwrap_or_else(|e| panic!("reading {}: {e}", p.display()));
                let doc: Value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("parsing {}: {e}", p.display()));
                let schema = doc
                    .get("schema")
                    .cloned()
                    .unwrap_or_else(|| panic!("{} has no `schema` member", p.display()));
                let file = p.file_name().unwrap().to_string_lossy().into_owned();
                let example = std::fs::read_to_string(catalog.join("examples").join(&file))
                    .ok()
                    .and_then(|t| serde_json::from_str::<Value>(&t).ok());
                Case {
                    name: format!("catalog/{file}"),
                    schema,
                    examples: example.into_iter().collect(),
                }
            })
            .collect()
    }

    /// SplitMix64: small, seeded, reproducible.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: usize) -> usize {
            if n == 0 {
                0
            } else {
                (self.next() % n as u64) as usize
            }
        }

        fn chance(&mut self, p: f64) -> bool {
            ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
        }

        fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
            &xs[self.below(xs.len())]
        }
    }

    /// Generates instances near the boundary of a schema.
    struct Gen<'a> {
        root: &'a Value,
        rng: Rng,
        /// How far off the schema to stray, set per instance: 0 aims at valid data.
        noise: f64,
    }

    const CHARS: &[char] = &[
        'a', 'B', 'z', '0', '7', '9', ' ', '-', 'ễ', 'Đ', 'ư', '😀', '/',
    ];

    impl<'a> Gen<'a> {
        fn resolve(&self, reference: &str) -> Option<&'a Value> {
            let fragment = reference.strip_prefix('#')?;
            self.root.pointer(fragment)
        }

        /// The schemas that jointly apply (following $ref, allOf, one branch of
        /// anyOf/oneOf, and one side of if/then/else).
        fn conjunction(&mut self, s: &'a Value, out: &mut Vec<&'a Map<String, Value>>, depth: u32) {
            let Some(obj) = s.as_object() else { return };
            if depth > 8 {
                return;
            }
            out.push(obj);
            if let Some(target) = obj
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| self.resolve(r))
            {
                self.conjunction(target, out, depth + 1);
            }
            if let Some(all) = obj.get("allOf").and_then(Value::as_array) {
                for sub in all {
                    self.conjunction(sub, out, depth + 1);
                }
            }
            for k in ["anyOf", "oneOf"] {
                if let Some(branches) = obj
                    .get(k)
                    .and_then(Value::as_array)
                    .filter(|b| !b.is_empty())
                {
                    let b = self.rng.pick(branches);
                    self.conjunction(b, out, depth + 1);
                }
            }
            if let Some(cond) = obj.get("if") {
                if self.rng.chance(0.5) {
                    self.conjunction(cond, out, depth + 1);
                    if let Some(t) = obj.get("then") {
                        self.conjunction(t, out, depth + 1);
                    }
                } else if let Some(e) = obj.get("else") {
                    self.conjunction(e, out, depth + 1);
                }
            }
        }

        fn instance(&mut self, s: &'a Value, depth: u32) -> Value {
            self.instance_of_all(&[s], depth)
        }

        /// An instance for the schemas together (a property declared in several places).
        fn instance_of_all(&mut self, schemas: &[&'a Value], depth: u32) -> Value {
            if depth > 6 || self.rng.chance(0.04 * self.noise) {
                return self.random(depth);
            }
            let mut conj = Vec::new();
            for s in schemas {
                self.conjunction(s, &mut conj, 0);
            }
            let find = |k: &str| conj.iter().find_map(|o| o.get(k));
            if let Some(c) = find("const") {
                if self.rng.chance(1.0 - 0.1 * self.noise) {
                    return c.clone();
                }
            }
            if let Some(list) = find("enum")
                .and_then(Value::as_array)
                .filter(|l| !l.is_empty())
            {
                if self.rng.chance(1.0 - 0.1 * self.noise) {
                    return self.rng.pick(list).clone();
                }
            }
            let types: Vec<&str> = match find("type") {
                Some(Value::String(t)) => vec![t.as_str()],
                Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
                _ => {
                    let has = |k: &str| find(k).is_some();
                    if has("properties") || has("required") {
                        vec!["object"]
                    } else if has("items") || has("prefixItems") {
                        vec!["array"]
                    } else if has("pattern") || has("minLength") || has("maxLength") {
                        vec!["string"]
                    } else if has("minimum") || has("maximum") || has("multipleOf") {
                        vec!["number"]
                    } else {
                        return self.random(depth);
                    }
                }
            };
            match *self.rng.pick(&types) {
                "object" => self.object(&conj, depth),
                "array" => self.array(&conj, depth),
                "string" => Value::String(self.string(&conj)),
                "integer" => self.number(&conj, true),
                "number" => self.number(&conj, false),
                "boolean" => Value::Bool(self.rng.chance(0.5)),
                _ => Value::Null,
            }
        }

        fn object(&mut self, conj: &[&'a Map<String, Value>], depth: u32) -> Value {
            let mut props: Vec<(&'a String, Vec<&'a Value>)> = Vec::new();
            let mut required: Vec<&'a str> = Vec::new();
            for o in conj {
                if let Some(p) = o.get("properties").and_then(Value::as_object) {
                    for (name, s) in p {
                        match props.iter_mut().find(|(n, _)| *n == name) {
                            Some((_, list)) => list.push(s),
                            None => props.push((name, vec![s])),
                        }
                    }
                }
                if let Some(r) = o.get("required").and_then(Value::as_array) {
                    required.extend(r.iter().filter_map(Value::as_str));
                }
                if let Some(d) = o.get("dependentRequired").and_then(Value::as_object) {
                    for names in d.values().filter_map(Value::as_array) {
                        required.extend(names.iter().filter_map(Value::as_str));
                    }
                }
            }
            let mut out = Map::new();
            for (name, schemas) in props {
                let p = if required.contains(&name.as_str()) {
                    1.0 - 0.05 * self.noise
                } else {
                    0.5
                };
                if self.rng.chance(p) {
                    let v = self.instance_of_all(&schemas, depth + 1);
                    out.insert(name.clone(), v);
                }
            }
            for name in required {
                if !out.contains_key(name) && self.rng.chance(1.0 - 0.1 * self.noise) {
                    let v = self.random(depth + 1);
                    out.insert(name.to_owned(), v);
                }
            }
            if self.rng.chance(0.1 * self.noise) {
                let v = if self.rng.chance(0.5) {
                    json!(self.rng.below(10) as u64 * 3)
                } else {
                    self.random(depth + 1)
                };
                out.insert("truongKhac".to_owned(), v);
            }
            Value::Object(out)
        }

        fn array(&mut self, conj: &[&'a Map<String, Value>], depth: u32) -> Value {
            let find = |k: &str| conj.iter().find_map(|o| o.get(k));
            let min = find("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
            let max = find("maxItems").and_then(Value::as_u64).map(|m| m as usize);
            let prefix: Vec<&'a Value> = find("prefixItems")
                .and_then(Value::as_array)
                .map(|p| p.iter().collect())
                .unwrap_or_default();
            let items = find("items");
            let mut lengths = vec![min, min + 1, self.rng.below(5), prefix.len()];
            if min > 0 {
                lengths.push(min - 1);
            }
            if let Some(m) = max {
                lengths.extend([m, m + 1]);
            }
            let len = self.pick_length(&lengths, min, max);
            let mut out: Vec<Value> = Vec::with_capacity(len);
            for i in 0..len {
                if i > 0 && self.rng.chance(0.15 * self.noise) {
                    let j = self.rng.below(i);
                    out.push(out[j].clone());
                    continue;
                }
                let v = match (prefix.get(i), items) {
                    (Some(s), _) => self.instance(s, depth + 1),
                    (None, Some(s)) => self.instance(s, depth + 1),
                    (None, None) => self.random(depth + 1),
                };
                out.push(v);
            }
            Value::Array(out)
        }

        fn string(&mut self, conj: &[&'a Map<String, Value>]) -> String {
            let find = |k: &str| conj.iter().find_map(|o| o.get(k));
            if let Some(p) = find("pattern").and_then(Value::as_str) {
                if self.rng.chance(1.0 - 0.25 * self.noise) {
                    if let Some(s) = self.matching(p) {
                        return s;
                    }
                }
            }
            let min = find("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
            let max = find("maxLength")
                .and_then(Value::as_u64)
                .map(|m| m as usize);
            let mut lengths = vec![min, min + 1, self.rng.below(12)];
            if min > 0 {
                lengths.push(min - 1);
            }
            if let Some(m) = max {
                lengths.extend([m, m + 1]);
            }
            let len = self.pick_length(&lengths, min, max);
            (0..len).map(|_| *self.rng.pick(CHARS)).collect()
        }

        /// A string for the simple patterns forms use (literals, classes, `{n,m}`,
        /// `?`, `*`, `+`, anchors), sometimes slightly off. `None` if unsure.
        fn matching(&mut self, pattern: &str) -> Option<String> {
            let chars: Vec<char> = pattern.chars().collect();
            let mut i = 0;
            let mut out = String::new();
            while i < chars.len() {
                let atom: Vec<char> = match chars[i] {
                    '^' | '$' => {
                        i += 1;
                        continue;
                    }
                    '[' => {
                        let end = chars[i..].iter().position(|&c| c == ']')? + i;
                        let class = &chars[i + 1..end];
                        i = end + 1;
                        let mut set = Vec::new();
                        let mut j = 0;
                        while j < class.len() {
                            if j + 2 < class.len() && class[j + 1] == '-' {
                                set.extend(class[j]..=class[j + 2]);
                                j += 3;
                            } else {
                                set.push(class[j]);
                                j += 1;
                            }
                        }
                        set
                    }
                    '\\' => {
                        let c = *chars.get(i + 1)?;
                        i += 2;
                        match c {
                            'd' => ('0'..='9').collect(),
                            'w' => ('a'..='z').chain('0'..='9').collect(),
                            c if c.is_ascii_alphanumeric() => return None,
                            c => vec![c],
                        }
                    }
                    '(' | ')' | '|' | '.' => return None,
                    c => {
                        i += 1;
                        vec![c]
                    }
                };
                let (lo, hi) = match chars.get(i) {
                    Some('{') => {
                        let end = chars[i..].iter().position(|&c| c == '}')? + i;
                        let body: String = chars[i + 1..end].iter().collect();
                        i = end + 1;
                        match body.split_once(',') {
                            Some((a, b)) => (
                                a.parse().ok()?,
                                b.parse().unwrap_or(a.parse::<usize>().ok()? + 3),
                            ),
                            None => (body.parse().ok()?, body.parse().ok()?),
                        }
                    }
                    Some('?') => {
                        i += 1;
                        (0, 1)
                    }
                    Some('*') => {
                        i += 1;
                        (0, 3)
                    }
                    Some('+') => {
                        i += 1;
                        (1, 3)
                    }
                    _ => (1, 1),
                };
                let mut n = lo + self.rng.below(hi - lo + 1);
                if self.rng.chance(0.1 * self.noise) {
                    n = if self.rng.chance(0.5) {
                        n + 1
                    } else {
                        n.saturating_sub(1)
                    };
                }
                for _ in 0..n {
                    let c = if self.rng.chance(0.03 * self.noise) {
                        *self.rng.pick(CHARS)
                    } else {
                        *self.rng.pick(&atom)
                    };
                    out.push(c);
                }
            }
            Some(out)
        }

        fn number(&mut self, conj: &[&'a Map<String, Value>], integer: bool) -> Value {
            let find = |k: &str| conj.iter().find_map(|o| o.get(k)).and_then(Value::as_f64);
            let step = find("multipleOf");
            let mut candidates: Vec<f64> =
                vec![0.0, 1.0, -1.0, (self.rng.below(2000) as f64) - 1000.0];
            for b in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
                .into_iter()
                .filter_map(find)
            {
                candidates.extend([b, b + 1.0, b - 1.0, b + 0.5, b - 0.5]);
                if let Some(m) = step {
                    candidates.extend([b + m, b - m]);
                }
            }
            if let Some(m) = step {
                let k = self.rng.below(40) as f64 - 5.0;
                candidates.extend([k * m, k * m + m / 2.0, m]);
                // Also the decimal a person would type, e.g. 0.3 rather than 3 × 0.1.
                let typed: f64 = format!("{:.6}", k * m).parse().unwrap_or(0.0);
                candidates.push(typed);
            }
            if self.noise == 0.0 {
                let within = |x: &f64| {
                    find("minimum").is_none_or(|b| *x >= b)
                        && find("maximum").is_none_or(|b| *x <= b)
                        && find("exclusiveMinimum").is_none_or(|b| *x > b)
                        && find("exclusiveMaximum").is_none_or(|b| *x < b)
                };
                let kept: Vec<f64> = candidates.iter().copied().filter(within).collect();
                if !kept.is_empty() {
                    candidates = kept;
                }
            }
            let x = *self.rng.pick(&candidates);
            if integer && self.rng.chance(0.8) {
                json!(x.round() as i64)
            } else if x.fract() == 0.0 && x.abs() < 1e15 && self.rng.chance(0.5) {
                json!(x as i64)
            } else {
                json!(x)
            }
        }

        /// One of `lengths`; without noise, only those within `min..=max`.
        fn pick_length(&mut self, lengths: &[usize], min: usize, max: Option<usize>) -> usize {
            let within: Vec<usize> = lengths
                .iter()
                .copied()
                .filter(|&l| l >= min && max.is_none_or(|m| l <= m))
                .collect();
            if self.noise == 0.0 && !within.is_empty() {
                *self.rng.pick(&within)
            } else {
                *self.rng.pick(lengths)
            }
        }

        /// `v` with one small change somewhere inside: a member dropped, an item
        /// removed or repeated, or a leaf nudged or replaced.
        fn mutate(&mut self, v: &Value, depth: u32) -> Value {
            match v {
                Value::Object(m) if !m.is_empty() && self.rng.chance(0.8) => {
                    let mut m = m.clone();
                    let key = m
                        .keys()
                        .nth(self.rng.below(m.len()))
                        .cloned()
                        .unwrap_or_default();
                    if self.rng.chance(0.2) {
                        m.remove(&key);
                    } else {
                        let child = self.mutate(&m[&key], depth + 1);
                        m.insert(key, child);
                    }
                    Value::Object(m)
                }
                Value::Array(a) if !a.is_empty() && self.rng.chance(0.8) => {
                    let mut a = a.clone();
                    let i = self.rng.below(a.len());
                    match self.rng.below(6) {
                        0 => {
                            a.remove(i);
                        }
                        1 => a.push(a[i].clone()),
                        _ => a[i] = self.mutate(&a[i], depth + 1),
                    }
                    Value::Array(a)
                }
                Value::String(s) => match self.rng.below(4) {
                    0 => Value::String(s.chars().skip(1).collect()),
                    1 => Value::String(format!("{s}{}", self.rng.pick(CHARS))),
                    2 => Value::String(String::new()),
                    _ => self.random(depth),
                },
                Value::Number(n) => {
                    let x = n.as_f64().unwrap_or(0.0);
                    match self.rng.below(5) {
                        0 => json!(x + 1.0),
                        1 => json!(x - 1.0),
                        2 => json!(x + 0.5),
                        3 => json!(-x),
                        _ => self.random(depth),
                    }
                }
                Value::Bool(b) if self.rng.chance(0.7) => Value::Bool(!b),
                _ => self.random(depth),
            }
        }

        fn random(&mut self, depth: u32) -> Value {
            let kinds = if depth < 3 { 7 } else { 5 };
            match self.rng.below(kinds) {
                0 => Value::Null,
                1 => Value::Bool(self.rng.chance(0.5)),
                2 => json!(self.rng.below(21) as i64 - 10),
                3 => json!((self.rng.below(2000) as f64 - 1000.0) / 8.0),
                4 => {
                    let len = self.rng.below(6);
                    Value::String((0..len).map(|_| *self.rng.pick(CHARS)).collect())
                }
                5 => Value::Array(
                    (0..self.rng.below(3))
                        .map(|_| self.random(depth + 1))
                        .collect(),
                ),
                _ => {
                    let mut m = Map::new();
                    for _ in 0..self.rng.below(3) {
                        let k = ["a", "hoTen", "x"][self.rng.below(3)].to_owned();
                        let v = self.random(depth + 1);
                        m.insert(k, v);
                    }
                    Value::Object(m)
                }
            }
        }
    }

    #[test]
    fn agrees_with_the_jsonschema_crate() {
        let patterns = NativePatterns::new();
        let cx = Context::new(&patterns);
        let mut failures = Vec::new();
        let mut report = String::from("differential test against the jsonschema crate\n");
        for (
            seed,
            Case {
                name,
                schema: doc,
                examples,
            },
        ) in cases().into_iter().enumerate()
        {
            let ours = match Schema::compile_with_patterns(&doc, &patterns) {
                Ok(s) => s,
                Err(e) => {
                    failures.push(format!("{name}: our compile failed: {e}"));
                    continue;
                }
            };
            let theirs = match jsonschema::draft202012::new(&doc) {
                Ok(v) => v,
                Err(e) => {
                    failures.push(format!("{name}: jsonschema compile failed: {e}"));
                    continue;
                }
            };
            let root = &doc;
            let mut gen = Gen {
                root,
                rng: Rng(0x5EED ^ (seed as u64) << 32),
                noise: 1.0,
            };
            let (mut valid, mut invalid, mut mismatches) = (0, 0, 0);
            for i in 0..INSTANCES_PER_SCHEMA + examples.len() {
                gen.noise = [0.0, 0.3, 1.0][i % 3];
                let instance = if let Some(e) = examples.get(i) {
                    e.clone()
                } else if !examples.is_empty() && i % 2 == 1 {
                    let seed = gen.rng.pick(&examples).clone();
                    let once = gen.mutate(&seed, 0);
                    if gen.rng.chance(0.3) {
                        gen.mutate(&once, 0)
                    } else {
                        once
                    }
                } else {
                    gen.instance(root, 0)
                };
                let expected = theirs.is_valid(&instance);
                if i < examples.len() && !expected {
                    report += &format!("  note: an example of {name} is itself invalid\n");
                }
                let fast = ours.is_valid(&instance, &cx);
                let errors = ours.validate(&instance, &cx);
                if expected {
                    valid += 1;
                } else {
                    invalid += 1;
                }
                if fast != expected || errors.is_empty() != expected {
                    mismatches += 1;
                    if mismatches <= 5 {
                        failures.push(format!(
                            "{name}: {instance}\n    jsonschema valid={expected}, ours is_valid={fast}, validate={:?}",
                            errors.iter().map(|e| format!("{} [{}]", e, e.schema_path)).collect::<Vec<_>>()
                        ));
                    }
                }
            }
            report += &format!(
                "  {name:<24} valid {valid:>5}  invalid {invalid:>5}  mismatches {mismatches}\n"
            );
            if !name.starts_with("catalog/")
                && (valid < INSTANCES_PER_SCHEMA / 50 || invalid < INSTANCES_PER_SCHEMA / 50)
            {
                failures.push(format!(
                    "{name}: generator too one-sided ({valid} valid, {invalid} invalid)"
                ));
            }
        }
        print!("{report}");
        assert!(
            failures.is_empty(),
            "{} problem(s):\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// A decimal literal, as an integer when it is one and `as_int` asks for it.
    fn literal(mantissa: i64, exponent: i32, as_int: bool) -> Value {
        let text = if mantissa == 0 {
            // "00" is not JSON: zero is written once, whatever the exponent.
            "0".to_owned()
        } else if as_int && exponent >= 0 {
            format!("{}{}", mantissa, "0".repeat(exponent as usize))
        } else {
            format!("{mantissa}e{exponent}")
        };
        serde_json::from_str(&text).unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Numeric keywords on decimals written in every way JSON allows.
        #[test]
        fn numeric_keywords_agree(
            vm in -2_000_000i64..2_000_000,
            ve in -7i32..7,
            v_int in proptest::bool::ANY,
            dm in 1i64..5000,
            de in -6i32..4,
            d_int in proptest::bool::ANY,
            keyword in 0usize..5,
        ) {
            let value = literal(vm, ve, v_int);
            let limit = literal(dm, de, d_int);
            let keyword = ["multipleOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"][keyword];
            let doc = json!({ keyword: limit });
            let patterns = NativePatterns::new();
            let ours = Schema::compile(&doc).unwrap().is_valid(&value, &Context::new(&patterns));
            let theirs = jsonschema::draft202012::new(&doc).unwrap().is_valid(&value);
            proptest::prop_assert_eq!(ours, theirs, "{} against {}", value, doc);
        }
    }
}
