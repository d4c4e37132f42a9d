#!/usr/bin/env bash
# Runs the extraction benchmark: builds gen_news_corpus and verity_bench_extract (Release,
# -DVERITY_BUILD_BENCH=ON, in build/bench), generates news-like corpora of each size in a
# temporary folder, runs the benchmark on each (one thread: the real loader and extractor,
# facts counted and dropped), and prints one table. See bench/README.md.
# Usage: bench/run_extract_bench.sh [--sizes 100,400] [--seed 1] [--keep DIR]
# Environment: VERITY_BENCH_BUILD=dir builds there instead of build/bench;
#              VERITY_BENCH_JOBS=N build jobs (default 2).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
sizes="100,400"
seed=1
keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "run_extract_bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

build="${VERITY_BENCH_BUILD:-$root/build/bench}"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
bench_release_build "$build" gen_news_corpus verity_bench_extract

bench_work_dir "$keep" extract-bench

echo "== load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
IFS=',' read -r -a size_list <<<"$sizes"
for mb in "${size_list[@]}"; do
  corpus="$work/corpus-${mb}mb-seed$seed"
  if [[ ! -d "$corpus" ]]; then
    "$build/bench/gen_news_corpus" --out "$corpus" --mb "$mb" --seed "$seed"
  fi
  # Drop what the previous run left in the page cache? Not possible unprivileged; the corpus
  # was just written, so it is read from memory, and the figures are the extractor's.
  "$build/bench/verity_bench_extract" "$corpus" | tee "$work/result-$mb.txt"
done

echo
echo "== $(date -u +%Y-%m-%d), $(nproc) cores, load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== one thread; MB = 10^6 bytes of input files; MB/s from CPU time of the thread (steady on"
echo "== a busy machine), and from wall time"
for mb in "${size_list[@]}"; do cat "$work/result-$mb.txt"; done | awk '
  function field(name,   i, kv) {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] }
    return ""
  }
  BEGIN {
    printf "%9s | %8s | %9s | %8s | %10s | %9s | %10s | %12s\n", "input MB", "docs", "CPU s",
           "MB/s", "extract MB/s", "wall s", "facts", "peak RSS MB"
  }
  /^RESULT / {
    printf "%9s | %8s | %9.2f | %8s | %10s | %9.2f | %10s | %12s\n", field("input_mb"),
           field("docs"), field("cpu_s"), field("mb_s_cpu"), field("mb_s_extract"),
           field("wall_s"), field("facts"), field("peak_rss_mb")
  }'
