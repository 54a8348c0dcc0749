#!/usr/bin/env bash
# Installs what a fresh machine lacks, and only that: the wasm target, Debian's
# Chromium/ChromeDriver/binaryen, wasm-bindgen-cli and Trunk from crates.io, and
# the end-to-end test packages from the npm registry. Idempotent; says what it does.
# Nothing is fetched from anywhere but these package registries.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=versions.env
. scripts/versions.env

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
need_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# wasm-bindgen-cli must match the wasm-bindgen crate exactly: read it from Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "setup: cannot find wasm-bindgen in Cargo.lock" >&2; exit 1; }

if rustup target list --installed | grep -qx "$RUST_WASM_TARGET"; then
  say "rust target $RUST_WASM_TARGET: present"
else
  say "installing rust target $RUST_WASM_TARGET"
  rustup target add "$RUST_WASM_TARGET"
fi

missing=()
for pkg in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  say "apt packages ($APT_PACKAGES): present"
else
  say "installing apt packages: ${missing[*]}"
  need_root apt-get update -qq
  need_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

grep -q "\"binaryen\": \"$BINARYEN_VERSION.0.0\"" tools/package.json && grep -q "wasm_opt = \"version_$BINARYEN_VERSION\"" Trunk.toml \
  || { echo "setup: tools/package.json and Trunk.toml must both pin binaryen $BINARYEN_VERSION" >&2; exit 1; }
if [ "$(tools/node_modules/.bin/wasm-opt --version 2>/dev/null)" = "wasm-opt version $BINARYEN_VERSION (version_$BINARYEN_VERSION)" ]; then
  say "wasm-opt (npm binaryen $BINARYEN_VERSION): present"
else
  say "installing wasm-opt (npm binaryen $BINARYEN_VERSION, from the npm registry)"
  (cd tools && npm ci --no-audit --no-fund)
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
else
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (a few minutes)"
  # Not --locked: the CLI's own lock file can name versions the registry index mirror lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION: present"
else
  say "installing trunk $TRUNK_VERSION from crates.io (several minutes)"
  # --locked: newer lightningcss releases break this Trunk version.
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

if [ -d e2e/node_modules/@playwright/test ] && [ e2e/node_modules/.package-lock.json -nt e2e/package-lock.json ]; then
  say "e2e npm packages: present"
else
  say "installing e2e npm packages (npm ci, from the npm registry; no browser download)"
  (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
