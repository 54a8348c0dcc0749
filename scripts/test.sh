#!/usr/bin/env bash
# Every test of the project, in order of speed: native, browser, end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"
step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

step "native tests (tokhai-core, tokhai-portal)"
cargo test -p tokhai-core --features native,embedded-address
cargo test -p tokhai-portal

step "conformance data (../shared/testdata): what ran"
# The same tests again, with their reports shown (cargo hides a passing test's output).
cargo test -p tokhai-core --features native,embedded-address --test schema_conformance --test jcs_vectors -- --nocapture 2>&1 \
  | grep -E "conformance|TOTAL|JCS|ES6|skipping|SKIPPED|FAIL|test result"

step "browser tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test -p tokhai --target wasm32-unknown-unknown

step "release build of the app (trunk)"
trunk build --release

step "end-to-end tests (Playwright, Chromium, portal started by the tests)"
cargo build -p tokhai-portal
export TOKHAI_PORTAL_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/tokhai-portal"
(cd e2e && npx playwright test)
