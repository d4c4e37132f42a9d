#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang-14, ASan+UBSan, -O2 -g) in build/fuzz and runs
# each for SECONDS on a corpus seeded from the project's own files (docs/fuzzing.md).
#
#   bench/fuzz.sh [SECONDS] [TARGET...]      TARGET: rules document facts archive table
#
# SECONDS defaults to 60, TARGET to all five. FUZZ_JOBS=2 runs two targets at a time. The work
# corpus of each target is kept in build/fuzz/corpus/TARGET between runs (it grows); inputs that
# crash, hang or leak land in build/fuzz/artifacts/TARGET/: copy each into
# tests/fuzz-regressions/TARGET/ once fixed. Prints one line per target: seconds, executions,
# executions per second, corpus size, crashes. Exit status 1 when any target found a crash.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
if [[ $# -gt 0 ]]; then shift; fi
all_targets=(rules document facts archive table)
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then targets=("${all_targets[@]}"); fi
jobs=${FUZZ_JOBS:-1}
build=$root/build/fuzz

# Longest input per target: rule files and tables are small; documents and archives need room
# for a few paragraphs. Longer inputs make every execution slower for little new coverage.
max_len_of() {
  case $1 in
    rules) echo 16384 ;;
    document) echo 65536 ;;
    facts) echo 16384 ;;
    archive) echo 65536 ;;
    table) echo 8192 ;;
    *) echo "unknown fuzz target '$1' (targets: ${all_targets[*]})" >&2; exit 2 ;;
  esac
}
for t in "${targets[@]}"; do max_len_of "$t" >/dev/null; done

# clang-14 and its runtime libraries (libFuzzer, ASan, UBSan): the fuzz build only needs them,
# so they are not in scripts/install-deps.sh.
missing=()
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# FUZZ_NO_BUILD=1 runs the binaries already built (e.g. while the tree is being edited).
if [[ -z ${FUZZ_NO_BUILD:-} ]]; then
  launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-14 -DVERITY_FUZZ=ON -DVERITY_BUILD_TESTS=OFF \
    "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Wpedantic -Werror" "${launcher[@]}" >/dev/null
  ninja -C "$build" -j"${FUZZ_BUILD_JOBS:-2}" verity "${targets[@]/#/fuzz_}" >/dev/null
fi

# --- Seeds: the project's own files, re-made on every run. ---
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{rules,document,facts,archive,table}
cd "$root"
n=0
# A copy of FILE with one selector byte (printf escape, e.g. '\001') in front.
with_byte() { { printf "$2"; cat "$1"; } >"$3"; }

for f in $(find rules examples tests/data tests/golden -name '*.rules' | sort); do
  n=$((n + 1)); cp "$f" "$seeds/rules/$n-$(basename "$f")"
done
# Documents: the first byte picks the format (0 .txt, 1 .md, 2 .html; fuzz_entries.cpp).
for f in $(find rules/tests examples tests/data tests/golden -name '*.md' | sort); do
  n=$((n + 1)); with_byte "$f" '\001' "$seeds/document/$n-$(basename "$f")"
  n=$((n + 1)); with_byte "$f" '\000' "$seeds/document/$n-$(basename "$f" .md).txt"
done
printf '\002<!doctype html><html><head><title>Bridge opens</title><script>var x="<p>";</script></head><body><nav>Menu</nav><article><h1>Bridge opens</h1><p>&ldquo;We are proud,&rdquo; said Mayor Ana Ortiz on 1 March. The bridge cost $14.5&nbsp;billion.</p><!-- c --><p>Turnout was 61 percent, the commission said.</p></article></body></html>\n' \
  >"$seeds/document/html-1.html"
# Facts files: what `verity extract` writes for the example articles, the document named
# doc.md (the document the facts target loads), plus the extractor corpus's expectation lines.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in $(find examples -name '*.md' | sort); do
  n=$((n + 1)); cp "$f" "$tmp/doc.md"
  (cd "$tmp" && ASAN_OPTIONS=detect_leaks=0 "$build/verity" extract doc.md >"$seeds/facts/$n-$(basename "$f" .md).jsonl" || true)
done
cp tests/data/extract-corpus/*.expect.jsonl "$seeds/facts/"
# Archives: the articles of each example story as one JSON Lines archive.
for d in examples/*/ rules/tests/*/; do
  out="$seeds/archive/$(basename "$d").jsonl"
  for f in $(find "$d" -maxdepth 1 -name '*.md' | sort); do
    jq -cRs --arg id "$(basename "$f")" --arg story "$(basename "$d")" \
      '{id: $id, story: $story, outlet: "Example", published: "2024-03-04", text: .}' <"$f"
  done >"$out"
  [[ -s $out ]] || rm -f "$out"
done
# Tables: bit 0 of the first byte picks JSON Lines, bits 1-4 declare column types.
with_byte examples/my-rules/officials.csv '\000' "$seeds/table/officials.csv"
with_byte examples/my-rules/officials.csv '\002' "$seeds/table/officials-declared.csv"
printf '\037{"name":"Olav Lind","votes":412,"since":"2021-10-14","active":true}\n{"name":"Anna Berg","votes":null,"since":"2019-01-01","active":false}\n' \
  >"$seeds/table/people.jsonl"
printf '\000name,votes,since,active\n"Lind, Olav",412,2021-10-14,true\n"Berg ""A""",,2019-01-01,FALSE\r\n' \
  >"$seeds/table/people.csv"
for f in tests/data/extract-corpus/*.expect.jsonl; do
  n=$((n + 1)); with_byte "$f" '\001' "$seeds/table/$n-$(basename "$f")"
done
# Every input kept as a regression is a seed too.
for t in "${all_targets[@]}"; do
  if [[ -d tests/fuzz-regressions/$t ]]; then
    find "tests/fuzz-regressions/$t" -type f ! -name README.md -exec cp {} "$seeds/$t/" \;
  fi
done

# --- Runs ---
run_target() {
  local t=$1 corpus=$build/corpus/$1 artifacts=$build/artifacts/$1 log=$build/logs/$1.log
  mkdir -p "$corpus" "$artifacts" "$build/logs"
  local before
  before=$(find "$artifacts" -type f | wc -l)
  local start=$SECONDS
  # Leaks are reported (detect_leaks=1); a run stops at its first crash, saved in artifacts/.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len="$(max_len_of "$t")" -timeout=10 \
    -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$corpus" "$seeds/$t" >"$log" 2>&1 || true
  local took=$((SECONDS - start))
  local execs rate size crashes
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  size=$(find "$corpus" -type f | wc -l)
  crashes=$(($(find "$artifacts" -type f | wc -l) - before))
  printf '%-9s %7s s %12s execs %8s exec/s %7s corpus %3s crashes\n' \
    "$t" "$took" "${execs:-0}" "${rate:-0}" "$size" "$crashes" >"$build/logs/$t.summary"
  if [[ $crashes -gt 0 ]]; then
    echo "  $t: see $log and $artifacts/" >>"$build/logs/$t.summary"
  fi
}

echo "fuzzing ${targets[*]} for $seconds s each (FUZZ_JOBS=$jobs), $(date -u '+%Y-%m-%d %H:%M UTC')"
running=0
for t in "${targets[@]}"; do
  run_target "$t" &
  running=$((running + 1))
  if [[ $running -ge $jobs ]]; then wait -n; running=$((running - 1)); fi
done
wait
status=0
printf '%-9s %9s %18s %15s %14s %11s\n' target time executions rate corpus crashes
for t in "${targets[@]}"; do
  cat "$build/logs/$t.summary"
  if grep -q 'see ' "$build/logs/$t.summary"; then status=1; fi
done
exit $status
