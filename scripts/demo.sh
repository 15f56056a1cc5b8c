#!/usr/bin/env bash
# Builds everything and serves the demo on http://localhost:8080/
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
npm run build --silent
npm run build:www --silent
exec node scripts/serve.mjs "${PORT:-8080}"
