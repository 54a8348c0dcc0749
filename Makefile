# The two commands of the README, and the benchmark harness. `make setup`
# (run by each) installs whatever this machine lacks; see scripts/setup.sh.
SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: run test bench setup app portal

PORTAL_ARGS ?=
# e.g. make bench BENCH_ARGS="--runs 3 --update-readme" (see bench/README.md)
BENCH_ARGS ?=
# wasm-opt comes from npm's binaryen (tools/), ahead of any system one.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(PATH)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
export TOKHAI_PORTAL_BIN := $(abspath $(TARGET_DIR))/server/tokhai-portal

## Build the release app and start the portal on http://127.0.0.1:8080.
## The app is built to trust this portal's signing key (made here if missing;
## docs/keys.md); `make app` alone trusts the published test key.
run: setup portal
	TOKHAI_PORTAL_KEY="$$($(TOKHAI_PORTAL_BIN) $(PORTAL_ARGS) signing-key init | awk '{print $$1}')" trunk build --release
	$(TOKHAI_PORTAL_BIN) $(PORTAL_ARGS)

## Run every test: native, browser (headless Chromium) and end-to-end
test: setup
	scripts/test.sh

## Build the release app and print the benchmark table (also bench/results.json)
bench: setup app portal
	node bench/run.mjs $(BENCH_ARGS)

setup:
	@scripts/setup.sh

app:
	trunk build --release

portal:
	cargo build --profile server -p tokhai-portal
