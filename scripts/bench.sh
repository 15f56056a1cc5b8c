#!/usr/bin/env bash
# The benchmark command (not part of the tests): builds the package, runs
# bench/run.mjs in headless Chromium and criterion natively, prints the
# figures and writes them into README.md. BENCH_RUNS=N sets the page loads.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
# twiggy, for where the bytes go (only the benchmark needs it).
command -v twiggy >/dev/null 2>&1 || cargo install twiggy --version 0.8.0
npm run build --silent
node bench/run.mjs --write-readme "$@"
