#!/usr/bin/env bash
# Runs every test: native Rust tests, the browser-layer tests in headless
# Chrome, Firefox and WebKit (wasm-pack), and the end-to-end tests in
# headless Chromium and Firefox, and in WebKit (under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"

echo "== format, lints and docs (cargo fmt --check, cargo clippy -D warnings, cargo doc -D warnings)"
cargo fmt --all --check
# fuzz/ is a crate of its own (cargo fuzz); rustfmt reads the same rustfmt.toml.
rustfmt --check --edition 2021 fuzz/fuzz_targets/*.rs
cargo clippy --workspace --all-targets --quiet -- -D warnings
# The browser modules, as shipped: stage 1 (it links no std, so panic-trap)
# and stage 2 (the consent interface), and the browser-layer tests as
# wasm-pack compiles them.
cargo clippy -p consentry --target wasm32-unknown-unknown --lib --features panic-trap --quiet -- -D warnings
cargo clippy -p consentry-ui --target wasm32-unknown-unknown --lib --quiet -- -D warnings
# The service worker's guard module (no std, plain exports).
cargo clippy -p consentry-guard --target wasm32-unknown-unknown --lib --quiet -- -D warnings
cargo clippy -p consentry --target wasm32-unknown-unknown --test web --test browser --test fail_closed --quiet -- -D warnings
# The API documentation builds without broken links.
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

echo "== native tests (cargo test)"
# Property tests draw the same cases on every run here, so a run's result is
# reproducible; a plain `cargo test` draws new ones (and proptest saves any
# failure it finds in a *.proptest-regressions file, to be committed).
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261130}"
cargo test --workspace --quiet

echo "== browser-layer tests (wasm-pack test: Chrome, Firefox, WebKit)"
# The same suites in each engine (see crate/tests/browser/main.rs). The
# runner's default limit (20 s for a whole suite) is too short for the
# browser suite's waits on a busy 2-core machine. WebKitWebDriver launches
# MiniBrowser, which needs an X display: xvfb-run gives it one. Add
# `-- --nocapture` to see each engine's notes (the APIs it lacks).
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"
for suite in web browser fail_closed; do
  wasm-pack test --headless --chrome crate --test "$suite"
  wasm-pack test --headless --firefox crate --test "$suite"
  xvfb-run -a wasm-pack test --headless --safari --safaridriver "$(command -v WebKitWebDriver)" crate --test "$suite"
done

echo "== build the npm package (pkg/) and the demo (www/dist/); size guard, panic paths"
npm run build --silent
npm run build:www --silent
node scripts/check-size.mjs
node scripts/check-panics.mjs

echo "== end-to-end tests (Playwright, headless Chromium)"
npx playwright test

echo "== end-to-end tests in Firefox ESR (the same specs, through tests/e2e/driver/firefox.mjs)"
E2E_ENGINE=firefox npx playwright test

echo "== end-to-end tests in WebKitGTK (the same specs, through tests/e2e/driver/webkit.mjs)"
# WebKitWebDriver launches MiniBrowser, which needs an X display.
E2E_ENGINE=webkit xvfb-run -a npx playwright test
