#!/usr/bin/env bash
# Installs dependencies, then builds and runs every test twice: in the `ci` preset (warnings
# are errors) and in the `asan-ubsan` preset (AddressSanitizer + UndefinedBehaviorSanitizer).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
for preset in ci asan-ubsan; do
  echo "== $preset =="
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -- -j2
  ctest --preset "$preset" -j2
done
