#!/usr/bin/env bash
# Builds a generated corpus of N case studies (default 1000) with casebook and
# reports wall time, CPU time and peak memory. Hugo comparison: see README.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}
dir=${BENCH_DIR:-/tmp/casebook-bench}/c$N
if [ ! -d "$dir/content" ]; then
  (cd ../shared/bench/gencorpus && go run . -n "$N" -out "$dir" -hugo)
fi
go build -o bin/casebook ./cmd/casebook
for i in 1 2 3; do
  /usr/bin/time -f "casebook $N: %e s wall, %U+%S s CPU, %M KB peak RSS" bin/casebook build --src "$dir" --out "$dir/public" --base-url https://example.org/ >/dev/null
done
