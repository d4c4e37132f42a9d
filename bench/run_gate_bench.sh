#!/usr/bin/env bash
# The CI-gate benchmark: `verity check --summary brief.md --sources sources/` on a 2-page summary
# (~1,000 words) and 5 sources (~800 words each), timed as a whole process, start to exit, with
# --no-db and with the default log (./verity.db, a fresh file each run). Builds the release
# `verity` in build/bench, configured as bench/run_eval_bench.sh does (CMake's Release: -O3;
# no -Werror, as GCC 12 gives false -Wrestrict warnings at -O3), writes the documents from sentence templates (deterministic: the same --seed gives the
# same bytes), runs each mode --runs times and prints the median in seconds.
# Usage: bench/run_gate_bench.sh [--runs 21] [--seed 1] [--keep DIR]
# Environment: VERITY_BIN=path uses an already built verity (no build);
#              VERITY_BENCH_JOBS=N build jobs (default 2).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
runs=21
seed=1
keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run_gate_bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=bench/lib.sh
source "$here/lib.sh"
bin="${VERITY_BIN:-}"
if [[ -z "$bin" ]]; then
  build="${VERITY_BENCH_BUILD:-$root/build/bench}"
  bench_release_build "$build" verity
  bin="$build/verity"
fi

bench_work_dir "$keep" gate-bench
mkdir -p "$work/sources"

# The documents. Each source reports the same story (a harbour bridge repair) with its own
# figures, dates, people and quotes; the summary restates facts of the sources in other words,
# and gets 3 figures wrong, so the gate has real work (matching) and real findings (reporting).
awk -v seed="$seed" -v out="$work" '
  function pick(list,   n, a) { n = split(list, a, "|"); return a[int(rand() * n) + 1] }
  function person() { return pick(given) " " pick(family) }
  function money() { return "$" (int(rand() * 900) + 10) "." int(rand() * 10) " million" }
  function date() { return (int(rand() * 28) + 1) " " pick(months) " 2024" }
  function words(s,   a) { return split(s, a, /[ \n]+/) }
  BEGIN {
    srand(seed)
    given = "James|Maria|Ahmed|Olena|Pierre|Sofia|Daniel|Aisha|Thomas|Elena|Rajesh|Priya|Carlos|Ingrid|Kwame|Amara|Lucas|Beatriz|Henrik|Astrid"
    family = "Okafor|Lindqvist|Moreau|Kowalski|Tanaka|Haddad|Fischer|Mensah|Novak|Duarte|Brennan|Silva|Virtanen|Costa|Nakamura|Osei"
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    orgs = "the city council|the port authority|the transport ministry|the regional assembly|the engineers union|the chamber of commerce"
    things = "the repair|the second phase|the steel works|the new deck|the traffic plan|the tender"
    verbs = "warned|explained|insisted|told reporters|said on the radio|added"
    lines = "the bridge must stay open during the works|nobody will pay a higher toll this year|the old cables are safe for now|the contract will be signed before the winter|local firms will get most of the work|the ferries will run every twenty minutes"
    nfacts = 0
    for (s = 1; s <= 5; s++) {
      file = out "/sources/source-" s ".md"
      text = "---\npublished: 2024-11-2" s "\n---\n# Harbour bridge repair: report " s "\n\n"
      n = 0
      while (words(text) < 800) {
        who = person(); org = pick(orgs); what = pick(things); m = money(); d = date()
        pct = int(rand() * 60) + 2; q = pick(lines)
        text = text "On " d ", " org " said that " what " would cost " m ", about " pct \
               " percent more than planned. \"" toupper(substr(q, 1, 1)) substr(q, 2) \
               ",\" " who " " pick(verbs) ". "
        if (++n % 3 == 0) text = text "\n\n"
        nfacts++
        fact_date[nfacts] = d; fact_org[nfacts] = org; fact_what[nfacts] = what
        fact_money[nfacts] = m; fact_pct[nfacts] = pct; fact_who[nfacts] = who; fact_q[nfacts] = q
      }
      printf "%s\n", text > file
      close(file)
    }
    file = out "/brief.md"
    text = "---\ntitle: Harbour bridge brief\npublished: 2024-11-28\n---\n# Harbour bridge: what the sources say\n\n"
    n = 0; wrong = 0
    while (words(text) < 1000) {
      i = int(rand() * nfacts) + 1
      m = fact_money[i]
      if (wrong < 3 && n % 9 == 4) { m = "$" (int(rand() * 900) + 1000) " million"; wrong++ }
      text = text "According to " fact_org[i] ", " fact_what[i] " will cost " m \
             " (" fact_pct[i] " percent over the plan), a figure given on " fact_date[i] ". " \
             fact_who[i] " said \"" fact_q[i] "\". "
      if (++n % 3 == 0) text = text "\n\n"
    }
    printf "%s\n", text > file
    close(file)
  }'

echo "== documents: brief.md $(wc -w <"$work/brief.md") words; 5 sources $(cat "$work"/sources/*.md | wc -w) words in all"
echo "== verity: $bin"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# One run, start to exit, in seconds (date +%s%N: nanoseconds). Exit 1 (findings) is expected.
time_once() {
  local start end status=0
  start=$(date +%s%N)
  (cd "$work" && "$bin" check --summary brief.md --sources sources "$@" >/dev/null 2>&1) || status=$?
  end=$(date +%s%N)
  if [[ $status -ne 0 && $status -ne 1 ]]; then
    echo "run_gate_bench.sh: verity exited $status; run it by hand in $work (--keep DIR)" >&2
    exit 1
  fi
  awk -v ns=$((end - start)) 'BEGIN { printf "%.4f\n", ns / 1e9 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

findings=$(cd "$work" && "$bin" check --no-db --color never --summary brief.md --sources sources 2>/dev/null \
  | tail -1 || true)
echo "== one run: $findings"

for mode in no-db db; do
  times="$work/times-$mode"
  : >"$times"
  for ((r = 0; r < runs; r++)); do
    if [[ $mode == no-db ]]; then
      time_once --no-db >>"$times"
    else
      rm -f "$work/verity.db"
      time_once >>"$times"
    fi
  done
  printf "GATE mode=%s runs=%d median_s=%s min_s=%s max_s=%s\n" "$mode" "$runs" \
    "$(median <"$times")" "$(sort -g "$times" | head -1)" "$(sort -g "$times" | tail -1)"
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
