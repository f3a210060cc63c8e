#!/usr/bin/env bash
# make bench-search: casebook's search against Pagefind on the same built
# portal, measured in headless Chromium in one run.
#
# For each size (10k; 100k too with BENCH_LARGE=1) it generates a corpus
# with ../shared/bench/gencorpus, builds it with casebook, indexes a copy of
# the built site with Pagefind (installed from the npm registry into bin/,
# which git ignores) and runs scripts/bench-search: gzip bytes and time to the
# first results and to the facet counts, unthrottled and on Slow 4G (150 ms
# a request, 1.6 Mbps), index build time and peak memory, with ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-10000}
[ "${BENCH_LARGE:-0}" = 1 ] && SIZES="$SIZES 100000"
WORK=${BENCH_DIR:-/tmp/casebook-bench-search}
GENCORPUS=${GENCORPUS:-../shared/bench/gencorpus}
PAGEFIND_VERSION=1.6.0
[ -d "$GENCORPUS" ] || { echo "bench-search: $GENCORPUS not found" >&2; exit 1; }
command -v chromium >/dev/null || [ -n "${CHROMIUM:-}" ] || { echo "bench-search: chromium not found (apt-get install chromium)" >&2; exit 1; }
PF=bin/pagefind/node_modules/.bin/pagefind
if [ ! -x "$PF" ] || ! grep -q "\"version\": \"$PAGEFIND_VERSION\"" bin/pagefind/node_modules/pagefind/package.json 2>/dev/null; then
  command -v npm >/dev/null || { echo "bench-search: npm not found (apt-get install npm)" >&2; exit 1; }
  mkdir -p bin/pagefind
  npm install --prefix bin/pagefind --no-audit --no-fund --loglevel=error "pagefind@$PAGEFIND_VERSION" >&2
fi
mkdir -p "$WORK" bin
go build -o bin/casebook ./cmd/casebook
for n in $SIZES; do
  corpus=$WORK/corpus-$n
  if [ ! -d "$corpus/content/case-studies" ] || [ "$(ls "$corpus/content/case-studies" | wc -l)" != "$n" ]; then
    rm -rf "$corpus"
    (cd "$GENCORPUS" && go run . -n "$n" -out "$corpus")
  fi
  go run ./scripts/bench-search -casebook bin/casebook -pagefind "$PF" -corpus "$corpus" -out "$WORK/sites-$n"
done
