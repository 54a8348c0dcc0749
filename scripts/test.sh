#!/usr/bin/env bash
# Every test of the project, in order of speed: native, browser, end-to-end.
# At the end (also when a phase fails) it prints how long each phase took.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"
step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

# Wall time of each phase: "name<TAB>seconds" lines, printed by the EXIT trap.
TIMES=()
PHASE=""
PHASE_START=0
phase() {
  phase_end
  PHASE="$1"
  PHASE_START=$(date +%s%N)
  step "$2"
}
phase_end() {
  if [ -n "$PHASE" ]; then
    TIMES+=("$PHASE"$'\t'"$(( ($(date +%s%N) - PHASE_START) / 1000000 ))")
    PHASE=""
  fi
}
report() {
  local status=$? failed="$PHASE"
  phase_end
  printf '\n\033[1m== wall time per phase ==\033[0m\n'
  local total=0 line name ms
  for line in "${TIMES[@]}"; do
    name=${line%%$'\t'*} ms=${line#*$'\t'}
    total=$((total + ms))
    printf '  %-14s %4d min %02d.%01d s%s\n' "$name" $((ms / 60000)) $((ms % 60000 / 1000)) $((ms % 1000 / 100)) \
      "$([ "$name" = "$failed" ] && [ "$status" -ne 0 ] && echo '  (failed)')"
  done
  printf '  %-14s %4d min %02d.%01d s\n' "total" $((total / 60000)) $((total % 60000 / 1000)) $((total % 1000 / 100))
}
trap report EXIT

phase native "native tests (tokhai-core, tokhai-portal)"
cargo test -p tokhai-core --features native,embedded-address
cargo test -p tokhai-portal

phase conformance "conformance data (../shared/testdata): what ran"
# The same tests again, with their reports shown (cargo hides a passing test's output).
cargo test -p tokhai-core --features native,embedded-address --test schema_conformance --test jcs_vectors -- --nocapture 2>&1 \
  | grep -E "conformance|TOTAL|JCS|ES6|skipping|SKIPPED|FAIL|test result"

phase browser "browser tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test -p tokhai --target wasm32-unknown-unknown

phase "release build" "release build of the app (trunk)"
trunk build --release

phase e2e "end-to-end tests (Playwright, Chromium, portal started by the tests)"
cargo build -p tokhai-portal
export TOKHAI_PORTAL_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/tokhai-portal"
(cd e2e && npx playwright test)
