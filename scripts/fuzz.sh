#!/usr/bin/env bash
# Runs each coverage-guided fuzz target (cargo fuzz, libFuzzer) for a while:
#   ./scripts/fuzz.sh [seconds per target, default 600] [target ...]
# The corpora in fuzz/corpus/ are kept in the repository; a crash is saved
# in fuzz/artifacts/<target>/ and must become a unit test.
# cargo fuzz needs nightly flags: RUSTC_BOOTSTRAP lets the stable toolchain
# accept them (the only toolchain these machines have).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-600}; shift || true
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(classify record config markup)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
for t in "${targets[@]}"; do
  echo "== fuzz $t for ${secs}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=4096 -print_final_stats=1
done
