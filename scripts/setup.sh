#!/usr/bin/env bash
# Installs what the build and the tests need, idempotently: each step checks
# first and installs only what is missing. Works on a fresh Debian machine
# with rustup, Node.js and npm, reaching only crates.io, npm and Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. rustfmt and clippy (the test script checks formatting and lints).
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

# 3. wasm-pack (it cannot download its tools here; everything comes from registries).
if ! command -v wasm-pack >/dev/null 2>&1; then
  say "installing wasm-pack"
  cargo install wasm-pack
fi

# 4. wasm-bindgen CLI at exactly the version in Cargo.lock (wasm-pack uses it from PATH).
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want"
fi

# 5. Chromium and ChromeDriver from Debian (the tests never download a browser).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  say "installing chromium and chromium-driver"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 6. Firefox ESR and WebKitGTK's WebDriver from Debian, for the browser-layer
# tests in every engine (../shared/CROSS-BROWSER.md). WebKitWebDriver launches
# MiniBrowser, which needs an X display: xvfb (xvfb-run) and xauth give it one.
# The WebKit end-to-end driver's proxy makes its TLS certificate with openssl.
missing=()
command -v firefox >/dev/null 2>&1 || missing+=(firefox-esr)
command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb)
command -v xauth >/dev/null 2>&1 || missing+=(xauth)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 7. geckodriver (Debian has no package; the crate registry has it).
if ! command -v geckodriver >/dev/null 2>&1; then
  say "installing geckodriver"
  cargo install --locked geckodriver
fi

# 8. Node packages (esbuild, webpack, binaryen's wasm-opt, Playwright's runner, axe-core).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing node packages (npm ci)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

say "ready"
