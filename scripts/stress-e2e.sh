#!/usr/bin/env bash
# Proof that the end-to-end suite is deterministic: the whole Playwright suite
# five times over (--repeat-each, default 5), with the worker count of
# `make test` (e2e/playwright.config.ts), while a CPU hog keeps one core busy.
# A test that only passes on a quiet machine fails here. Prints
# "N passed, N failed" and exits non-zero if anything failed.
#
#   scripts/stress-e2e.sh                      # the whole suite, 5 times
#   REPEAT=20 scripts/stress-e2e.sh tests/outbox-status.spec.ts   # one spec, 20 times
#
# Builds what the suite needs first (the release app and the debug portal),
# as scripts/test.sh does. Run `make setup` once on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"
REPEAT="${REPEAT:-5}"

printf '\033[1m== building the app and the portal ==\033[0m\n'
trunk build --release
cargo build -p tokhai-portal
export TOKHAI_PORTAL_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/tokhai-portal"

# The hog: one busy process, on the first core when taskset is there.
if command -v taskset >/dev/null; then
  taskset -c 0 sh -c 'exec yes > /dev/null' &
else
  sh -c 'exec yes > /dev/null' &
fi
HOG=$!
results=$(mktemp -d)
cleanup() {
  kill "$HOG" 2>/dev/null || true
  rm -rf "$results"
}
trap cleanup EXIT
printf '\033[1m== Playwright, --repeat-each=%s, CPU hog pid %s on one core ==\033[0m\n' "$REPEAT" "$HOG"

start=$(date +%s)
status=0
(cd e2e && PLAYWRIGHT_JSON_OUTPUT_NAME="$results/report.json" \
  npx playwright test --repeat-each="$REPEAT" --reporter=list,json "$@") || status=$?
elapsed=$(( $(date +%s) - start ))

if [ ! -s "$results/report.json" ]; then
  echo "stress-e2e: Playwright wrote no report (exit status $status)" >&2
  exit 1
fi
# expected = passed as expected; unexpected = failed; flaky cannot happen
# (retries are 0) but would count as failed; skipped are reported apart.
node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).stats;
  const failed = s.unexpected + s.flaky;
  console.log(`${s.expected} passed, ${failed} failed` + (s.skipped ? `, ${s.skipped} skipped` : "") + ` (${process.argv[2]} s, --repeat-each=${process.argv[3]}, CPU hog on one core)`);
' "$results/report.json" "$elapsed" "$REPEAT"
exit "$status"
