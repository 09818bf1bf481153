#!/usr/bin/env bash
# Makes Azurite's table service available to the tests (tests/CancelAll.Core.Tests/DeadMan start it on 127.0.0.1 over
# http with Shared Key; Tables/AzuriteOAuth starts another over https with --oauth basic, certificate made in the test).
# Uses `azurite-table` from PATH when there is one; otherwise installs the pinned npm package into .tools/azurite
# (git-ignored). Fails when neither works: the dead-man's switch tests need it and never skip silently.
#
# Usage: bash .ci/azurite.sh
set -euo pipefail

version="3.37.0"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
local_bin="$repo_root/.tools/azurite/node_modules/.bin/azurite-table"

if command -v azurite-table >/dev/null 2>&1; then
  echo "azurite.sh: using $(command -v azurite-table)"
  exit 0
fi
if [[ -x "$local_bin" ]]; then
  echo "azurite.sh: using $local_bin"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "azurite.sh: npm is not installed; install Node.js, or put azurite-table on PATH (npm install -g azurite@$version)" >&2
  exit 1
fi

mkdir -p "$repo_root/.tools/azurite"
npm install --no-save --no-audit --no-fund --silent --prefix "$repo_root/.tools/azurite" "azurite@$version"
[[ -x "$local_bin" ]] || { echo "azurite.sh: npm finished but $local_bin is missing" >&2; exit 1; }
echo "azurite.sh: installed azurite $version into .tools/azurite"
