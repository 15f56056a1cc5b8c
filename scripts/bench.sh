#!/usr/bin/env bash
# The benchmark command (not part of the tests): builds the package, runs
# bench/run.mjs in headless Chromium and criterion natively, prints the
# figures and writes them into README.md. BENCH_RUNS=N sets the page loads.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
npm run build --silent
node bench/run.mjs --write-readme "$@"
