#!/usr/bin/env bash
# Runs the batch-audit benchmark: builds verity, gen_archive and audit_recall (Release, in
# build/bench, bench/lib.sh), generates a synthetic news archive with planted discrepancies
# (bench/gen_archive.cpp), audits it into a fresh database with --jobs 1 and again with --jobs 2,
# audits the unchanged archive a second time (incremental), and prints documents/s, MB/s,
# facts/s, findings/s, peak memory, the speed-up and the recall of the planted discrepancies.
# See bench/README.md.
# Usage: bench/run_audit_bench.sh [--articles 100000] [--seed 1] [--gz] [--keep DIR]
# Environment: VERITY_BENCH_BUILD=dir builds there instead of build/bench;
#              VERITY_BENCH_JOBS=N build jobs (default 2);
#              VERITY_BIN=path/to/verity uses that executable (the tools are still built).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
articles=100000
seed=1
gz=""
keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --articles) articles="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --gz) gz=".gz"; shift ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run_audit_bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

build="${VERITY_BENCH_BUILD:-$root/build/bench}"
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
bench_release_build "$build" verity gen_archive audit_recall
verity="${VERITY_BIN:-$build/verity}"

bench_work_dir "$keep" audit-bench

archive="$work/archive-${articles}-seed${seed}.jsonl$gz"
planted="$work/planted-${articles}-seed${seed}.jsonl"
gen_log="$work/gen-${articles}-seed${seed}.txt"
if [[ ! -f "$archive" || ! -f "$planted" || ! -f "$gen_log" ]]; then
  "$build/bench/gen_archive" --out "$archive" --articles "$articles" --seed "$seed" \
    --planted "$planted" | tee "$gen_log"
else
  cat "$gen_log"
fi
# MB = 10^6 bytes of JSON Lines (uncompressed, as the generator wrote them, also for --gz).
mb="$(sed -n 's/.* \([0-9.]*\) MB of JSON Lines.*/\1/p' "$gen_log")"

# One number of a flat JSON object (the --stats file).
stat() { sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p" "$1"; }

# audit NAME DB ARGS...: runs verity audit under /usr/bin/time; leaves NAME.stats.json,
# NAME.time ("wall user sys maxrss_kb") and NAME.err in $work.
audit() {
  local name="$1" db="$2"
  shift 2
  local rc=0
  /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" \
    "$verity" audit "$archive" --db "$db" --quiet --stats "$work/$name.stats.json" "$@" \
    2>"$work/$name.err" || rc=$?
  # 0: no findings at the failing severity, 1: findings; anything else is a failed run.
  if [[ $rc -gt 1 ]]; then
    echo "run_audit_bench.sh: verity audit ($name) exited with $rc:" >&2
    tail -n 20 "$work/$name.err" >&2
    exit 1
  fi
  tail -n 1 "$work/$name.err"
}

echo "== load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
for jobs in 1 2; do
  rm -f "$work/fresh-j$jobs.db" "$work/fresh-j$jobs.db-wal" "$work/fresh-j$jobs.db-shm"
  audit "j$jobs" "$work/fresh-j$jobs.db" --jobs "$jobs"
done
# The same archive again into the --jobs 2 database: nothing changed, nothing to extract.
audit "again" "$work/fresh-j2.db" --jobs 2

"$verity" report --db "$work/fresh-j1.db" --format json >"$work/report-j1.json"
"$verity" report --db "$work/fresh-j2.db" --run 1 --format json >"$work/report-j2.json"
"$build/bench/audit_recall" "$planted" "$work/report-j1.json" | tee "$work/recall-j1.txt"
recall_j2="$("$build/bench/audit_recall" "$planted" "$work/report-j2.json" | tail -n 1)"

echo
echo "== $(date -u +%Y-%m-%d), $(nproc) cores, load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $articles articles, $mb MB of JSON Lines${gz:+ (read compressed, .jsonl.gz)}; seconds"
echo "== are wall time, CPU is user+sys; rates per wall second; peak RSS from /usr/bin/time"
printf "%-10s | %8s | %7s | %7s | %10s | %7s | %9s | %10s | %8s | %9s | %11s\n" \
  "run" "articles" "MB" "wall s" "CPU s" "docs/s" "MB/s" "facts/s" "findings" \
  "findings/s" "peak RSS MB"
for name in j1 j2 again; do
  read -r wall user sys rss <"$work/$name.time"
  s="$work/$name.stats.json"
  awk -v name="$name" -v docs="$(stat "$s" documents)" -v extracted="$(stat "$s" extracted)" \
    -v mb="$mb" -v wall="$wall" -v user="$user" -v sys="$sys" -v rss="$rss" \
    -v facts="$(stat "$s" facts)" -v findings="$(stat "$s" findings)" 'BEGIN {
      w = wall > 0 ? wall : 0.001
      label = name == "j1" ? "--jobs 1" : name == "j2" ? "--jobs 2" : "again (j2)"
      printf "%-10s | %8d | %7.1f | %7.2f | %10.2f | %7.0f | %9.2f | %10.0f | %8d | %9.1f | %11.1f\n",
        label, docs, mb, wall, user + sys, docs / w, mb / w, facts / w, findings,
        findings / w, rss / 1024
      if (name == "again") printf "again: %d documents re-extracted of %d\n", extracted, docs
    }'
done
read -r wall1 _ <"$work/j1.time"
read -r wall2 _ <"$work/j2.time"
read -r wall3 _ <"$work/again.time"
awk -v a="$wall1" -v b="$wall2" -v c="$wall3" 'BEGIN {
  printf "speed-up --jobs 2 over --jobs 1: %.2fx (wall); second audit of the unchanged archive: %.1f%% of the first (--jobs 2)\n",
    a / (b > 0 ? b : 0.001), 100 * c / (b > 0 ? b : 0.001)
}'
echo "recall (--jobs 1): $(tail -n 1 "$work/recall-j1.txt")"
echo "recall (--jobs 2): $recall_j2"
if [[ "$(stat "$work/j1.stats.json" findings)" != "$(stat "$work/j2.stats.json" findings)" ]]; then
  echo "run_audit_bench.sh: --jobs 1 and --jobs 2 found different numbers of findings" >&2
  exit 1
fi
