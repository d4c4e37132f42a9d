#!/usr/bin/env bash
# Shared by the bench scripts (source it): the Release build of the benchmarks.
# bench_release_build DIR TARGET... configures a Release build in DIR with the benchmarks on and
# the tests off (-DVERITY_BUILD_BENCH=ON -DVERITY_BUILD_TESTS=OFF) and builds the targets named,
# with VERITY_BENCH_JOBS jobs (default 2). Uses ccache when it is installed.

bench_release_build() {
  local build="$1"
  shift
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local launcher=()
  if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVERITY_BUILD_BENCH=ON \
    -DVERITY_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
  # ccache keys on paths relative to the source folder, so builds in other folders share objects.
  CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true \
    cmake --build "$build" --target "$@" -j "${VERITY_BENCH_JOBS:-2}"
}

# bench_work_dir KEEP NAME sets $work: KEEP when given (created, kept after the run), else a new
# temporary folder verity-NAME.XXXXXX removed when the script exits.
bench_work_dir() {
  if [[ -n "$1" ]]; then
    work="$1"
    mkdir -p "$work"
  else
    work="$(mktemp -d "${TMPDIR:-/tmp}/verity-$2.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
  fi
}
