#!/usr/bin/env bash
# Runs the evaluation benchmark: builds verity_bench_eval (Release, -DVERITY_BUILD_BENCH=ON, in
# build/bench), times verity and SQLite at each size, installs the benchmark-only DuckDB package
# in bench/ (npm; never done by the build) and times DuckDB on the same facts, then prints one
# table. A missing npm or DuckDB is reported and skipped.
# Usage: bench/run_eval_bench.sh [--sizes 100k,300k,1m] [--runs 3]
# Environment: VERITY_BENCH_BIN=path uses an already built verity_bench_eval (no build);
#              VERITY_BENCH_JOBS=N build jobs (default 2).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
sizes="100k,300k,1m"
runs=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "run_eval_bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

bin="${VERITY_BENCH_BIN:-}"
if [[ -z "$bin" ]]; then
  build="${VERITY_BENCH_BUILD:-$root/build/bench}"
  # shellcheck source=bench/lib.sh
  source "$root/bench/lib.sh"
  bench_release_build "$build" verity_bench_eval
  bin="$build/bench/verity_bench_eval"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/verity-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Other work on the machine skews every figure: say how busy it was.
echo "== load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== verity and SQLite"
status=0
"$bin" --sizes "$sizes" --runs "$runs" --csv-dir "$work/csv" | tee "$work/verity.txt" || status=$?
if [[ $status -ne 0 && $status -ne 1 ]]; then
  echo "run_eval_bench.sh: verity_bench_eval failed ($status)" >&2
  exit "$status"
fi

echo
echo "== DuckDB"
duckdb_ok=0
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "npm or node not found: DuckDB skipped"
elif ! (cd "$here" && npm install --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1); then
  echo "npm install failed: DuckDB skipped"
  sed 's/^/  /' "$work/npm.log" | tail -5
elif ! node "$here/duckdb_bench.mjs" --runs "$runs" --threads 2 \
    $(sed -n 's/^RESULT .* csv=\([^ ]*\).*/\1/p' "$work/verity.txt" | grep -v '^-$') \
    | tee "$work/duckdb.txt"; then
  echo "DuckDB benchmark failed: DuckDB skipped"
else
  duckdb_ok=1
fi

echo
echo "== $(date -u +%Y-%m-%d), $(nproc) cores, load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== ratio = other engine's time / verity's time (above 1: verity is faster);"
echo "== cpu ratio = SQLite's CPU time (one thread) / verity's (all its threads; steadier on a busy machine)"
awk -v duckdb_ok="$duckdb_ok" '
  FNR == 1 { file++ }
  function field(name,   i, kv) {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == name) return kv[2] }
    return ""
  }
  file == 1 && /^RESULT / {
    n = field("facts"); order[++count] = n
    v[n] = field("verity_s"); s[n] = field("sqlite_s"); m[n] = field("match")
    vc[n] = field("verity_cpu_s"); sc[n] = field("sqlite_cpu_s")
    pairs[n] = field("pairs"); sum[n] = field("checksum")
  }
  file == 2 && /^DUCKDB / {
    n = field("facts"); d[n] = field("duckdb_s")
    dm[n] = (field("pairs") == pairs[n] && field("checksum") == sum[n]) ? "MATCH" : "MISMATCH"
  }
  END {
    printf "%9s | %9s | %9s | %7s | %9s | %7s | %9s | %8s | %s\n", "facts", "verity s",
           "sqlite s", "ratio", "duckdb s", "ratio", "cpu ratio", "pairs",
           "same pairs (sqlite, duckdb)"
    for (i = 1; i <= count; i++) {
      n = order[i]
      sr = (s[n] != "-" && v[n] > 0) ? sprintf("%.2f", s[n] / v[n]) : "-"
      cr = (sc[n] != "-" && vc[n] > 0) ? sprintf("%.2f", sc[n] / vc[n]) : "-"
      ds = (n in d) ? sprintf("%.3f", d[n]) : "-"
      dr = (n in d && v[n] > 0) ? sprintf("%.2f", d[n] / v[n]) : "-"
      printf "%9s | %9.3f | %9s | %7s | %9s | %7s | %9s | %8s | %s, %s\n", n, v[n],
             (s[n] == "-" ? "-" : sprintf("%.3f", s[n])), sr, ds, dr, cr, pairs[n], m[n],
             (n in dm) ? dm[n] : "-"
      if (m[n] == "MISMATCH" || dm[n] == "MISMATCH") bad = 1
    }
    exit bad
  }' "$work/verity.txt" "$( [[ $duckdb_ok == 1 ]] && echo "$work/duckdb.txt" || echo /dev/null )" \
  || status=1
exit "$status"
