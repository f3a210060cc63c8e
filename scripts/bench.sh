#!/usr/bin/env bash
# make bench: casebook and Hugo on the same generated corpora, in one run.
#
# For each size (1k and 10k; 100k too with BENCH_LARGE=1) it generates two
# copies of the same corpus with ../shared/bench/gencorpus and the same seed:
# one for casebook, and one with -hugo for Hugo (gencorpus adds the flat
# partner_names and sector_names keys Hugo's taxonomies need, which
# casebook's schema rightly refuses). Each tool builds its copy RUNS times
# (full output: every page kind, feeds, sitemap, minified; casebook also the
# data exports and search index); the script prints the median wall time,
# CPU time and peak RSS of each, and the ratios. The two tools take turns.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SIZES=${SIZES:-"1000 10000"}
[ "${BENCH_LARGE:-0}" = 1 ] && SIZES="$SIZES 100000"
WORK=${BENCH_DIR:-/tmp/casebook-bench}
GENCORPUS=${GENCORPUS:-../shared/bench/gencorpus}
command -v hugo >/dev/null || { echo "bench: hugo not found (apt-get install hugo)" >&2; exit 1; }
[ -d "$GENCORPUS" ] || { echo "bench: $GENCORPUS not found" >&2; exit 1; }
mkdir -p "$WORK" bin
go build -o bin/casebook ./cmd/casebook
CB=$PWD/bin/casebook

# median reads numbers, one per line, and prints their median.
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# once DIR CMD...: runs CMD in DIR once; prints wall seconds, CPU seconds
# (user+system) and peak RSS in MB.
once() {
  local dir=$1; shift
  (cd "$dir" && /usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -1) | awk '{printf "%s %.2f %d\n", $1, $2+$3, $4/1024}'
}

# medians reads "wall cpu rss" lines and prints the median of each column.
medians() {
  local runs; runs=$(cat)
  echo "$(awk '{print $1}' <<<"$runs" | median) $(awk '{print $2}' <<<"$runs" | median) $(awk '{print $3}' <<<"$runs" | median)"
}

printf '\n%-8s | %-26s | %-26s | %-22s\n' size "casebook wall/CPU/RSS" "hugo wall/CPU/RSS" "casebook vs hugo"
printf '%s\n' "---------+----------------------------+----------------------------+-----------------------"
for n in $SIZES; do
  cb=$WORK/c$n; hu=$WORK/c$n-hugo
  [ -d "$cb/content" ] || (cd "$GENCORPUS" && go run . -n "$n" -out "$cb" >/dev/null 2>&1)
  [ -d "$hu/content" ] || (cd "$GENCORPUS" && go run . -n "$n" -out "$hu" -hugo >/dev/null 2>&1)
  # The tools take turns, run by run, so that a slow spell of the machine
  # (the kernel writes more slowly for a while after large deletions) falls
  # on both rather than on one tool's runs.
  : >"$WORK/runs-cb" && : >"$WORK/runs-hugo"
  for _ in $(seq "$RUNS"); do
    once "$cb" "$CB" build --base-url https://example.org/ --out "$WORK/out-cb-$n" >>"$WORK/runs-cb"
    once "$hu" hugo --minify --quiet -d "$WORK/out-hugo-$n" >>"$WORK/runs-hugo"
  done
  read -r cw cc cr < <(medians <"$WORK/runs-cb")
  read -r hw hc hr < <(medians <"$WORK/runs-hugo")
  printf '%-8s | %6ss %6ss %7s MB | %6ss %6ss %7s MB | time %5s, memory %5s\n' "$n" "$cw" "$cc" "$cr" "$hw" "$hc" "$hr" \
    "$(awk -v a="$cw" -v b="$hw" 'BEGIN{printf "%.2fx", a/b}')" "$(awk -v a="$cr" -v b="$hr" 'BEGIN{printf "%.2fx", a/b}')"
done
echo
echo "where casebook's time goes at the largest size (one run):"
n=${SIZES##* }
(cd "$WORK/c$n" && "$CB" build --base-url https://example.org/ --out "$WORK/out-cb-$n" --timings 2>/dev/null)
