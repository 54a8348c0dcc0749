//! Builds the portal's key into the app: the catalog trust anchor
//! (`docs/keys.md`). `TOKHAI_PORTAL_KEY` names the portal's key file (or its
//! public `GET /api/portal-key` document); only `kid`, `x` and `y` are taken,
//! never the private `d`. Several files may be given, separated by `:`.
//! Unset, the app trusts the published test key of `e2e/keys/` (what the
//! end-to-end tests' portals sign with) and cargo warns.

use std::path::PathBuf;

const TEST_KEY: &str = "e2e/keys/portal-signing-key.test.json";

fn main() {
    println!("cargo:rerun-if-env-changed=TOKHAI_PORTAL_KEY");
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let paths: Vec<PathBuf> = match std::env::var("TOKHAI_PORTAL_KEY") {
        Ok(v) if !v.trim().is_empty() => v.split(':').map(|p| root.join(p.trim())).collect(),
        _ => {
            println!("cargo:warning=TOKHAI_PORTAL_KEY is not set: this build trusts the published TEST portal key ({TEST_KEY})");
            vec![root.join(TEST_KEY)]
        }
    };
    let mut anchors = Vec::new();
    for path in paths {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("TOKHAI_PORTAL_KEY: cannot read {}: {e}", path.display()));
        let v: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("TOKHAI_PORTAL_KEY: {} is not JSON: {e}", path.display()));
        // A key file has kid, x, y at the top; the public document under `jwk`.
        let jwk = if v.get("x").is_some() { &v } else { &v["jwk"] };
        let field = |k: &str| {
            jwk.get(k).or_else(|| v.get(k)).and_then(|s| s.as_str()).map(str::to_owned).unwrap_or_else(|| {
                panic!("TOKHAI_PORTAL_KEY: {} has no {k:?}", path.display())
            })
        };
        anchors.push(serde_json::json!({"kid": field("kid"), "x": field("x"), "y": field("y")}));
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("portal-anchors.json");
    std::fs::write(out, serde_json::to_string(&anchors).unwrap()).unwrap();
}
