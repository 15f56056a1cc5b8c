#!/usr/bin/env bash
# Runs every test: native Rust tests, the browser-layer tests in headless
# Chrome (wasm-pack), and the end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"

echo "== native tests (cargo test)"
cargo test --workspace --quiet

echo "== browser-layer tests (wasm-pack test --headless --chrome)"
wasm-pack test --headless --chrome crate --test web

echo "== build the npm package (pkg/) and the demo (www/dist/); size guard"
npm run build --silent
npm run build:www --silent
node scripts/check-size.mjs

echo "== end-to-end tests (Playwright, headless Chromium)"
npx playwright test
