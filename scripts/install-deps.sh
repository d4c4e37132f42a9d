#!/usr/bin/env bash
# Installs what verity needs to build and test, from Debian 12 packages only.
# Skips apt entirely when everything is already installed (fast CI re-runs, offline machines).
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config  # toolchain
  tao-pegtl-dev                  # PEGTL 3.2: the rule-language parser
  libfmt-dev                     # fmt 9: formatting
  libsqlite3-dev                 # SQLite 3.40: the findings log
  nlohmann-json3-dev             # JSON Lines facts and JSON reports
  libre2-dev                     # RE2: matches() in rules, linear-time regular expressions
  libgumbo-dev                   # gumbo: HTML5 parser, visible text of .html documents
  zlib1g-dev                     # zlib: .jsonl.gz archives inflated on the fly
  catch2                         # Catch2 2.13: tests
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
