#!/usr/bin/env bash
# Times live preview on generated corpora: from a file write to the reload
# message reaching a connected client, median and p95 over EDITS edits
# (default 50), for `casebook serve` (Server-Sent Events) and `hugo server`
# (livereload WebSocket, default fast-render mode), in the same run.
#
#   SIZES="1000 10000" EDITS=50 scripts/bench-serve.sh
#
# Each corpus is written twice from the same gencorpus seed: once as is for
# casebook and once with -hugo for Hugo (its two extra flat taxonomy keys,
# partner_names and sector_names, are unknown keys to casebook's schema).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-1000 10000}
EDITS=${EDITS:-50}
dir=${BENCH_DIR:-/tmp/casebook-bench-serve}
HUGO=${HUGO:-$(command -v hugo || true)}
mkdir -p "$dir"
go build -o bin/casebook ./cmd/casebook
args=()
for n in $SIZES; do
  name=$((n / 1000))k
  [ "$n" -lt 1000 ] && name=$n
  # Fresh corpora every run: the bench edits one file of each.
  rm -rf "$dir/c$n" "$dir/c$n-hugo"
  (cd ../shared/bench/gencorpus && go run . -n "$n" -out "$dir/c$n" >/dev/null && go run . -n "$n" -out "$dir/c$n-hugo" -hugo >/dev/null)
  args+=(-corpus "$name=$dir/c$n,$dir/c$n-hugo")
done
echo "machine: $(nproc) CPUs, $(uname -sr); $("$HUGO" version 2>/dev/null | cut -d' ' -f1-2 || echo 'no hugo')"
go run ./scripts/bench-serve -casebook bin/casebook -hugo "$HUGO" -edits "$EDITS" -logs "$dir" "${args[@]}"
