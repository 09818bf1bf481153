#!/usr/bin/env bash
# Benchmarks against the peers, side by side in one run. Prints one table and writes bench/out/table.md and results.json.
#
#   bash bench/run.sh                 # everything: N=200, cold start x5, storm 1000, Key Vault 1000, BenchmarkDotNet
#   bash bench/run.sh --no-peers      # without node/npm (this project's rows only)
#   bash bench/run.sh --no-aot        # row 3 without the Native AOT CLI (published by default when clang is there)
#   bash bench/run.sh --no-r2r        # row 0 without the ReadyToRun line (this tool published ReadyToRun, as the app is)
#   bash bench/run.sh --composite     # row 0 with a self-contained composite ReadyToRun line too (not the app's publish; 10-20 more minutes)
#   bash bench/run.sh --n 50 --cold-runs 3 --warm-rounds 3 --storm-n 200 --vault-n 200 --quick-micro   # a quicker look
#   bash bench/run.sh --limiter       # row 6 only: the rate limiter's sustained rate per endpoint group (about 40 s)
#   bash bench/run.sh --uta           # UTA (V3) rows: single kill and flatten next to the peers' V3 clients, each back to back and after an idle second, interleaved run by run; row 6 for the V3 limits (about 5 min)
#   bash bench/run.sh --scale-out     # scale-out only: 1, 2, 4, 8 app processes share one test exchange, 1000 webhooks (about 1 min)
#
# Installs what it needs: Debian's `time` (peak memory, via apt-get when run as root), the pinned peers from
# bench/peers/package-lock.json into bench/peers/node_modules (git-ignored). Builds Release first, so build time is
# never measured. Everything talks to 127.0.0.1 only. Not part of .ci/run; tests/CancelAll.Benchmarks.Tests runs a
# tiny version of the same suite on every CI run.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

peers=1
limiter=0
scaleout=0
uta=0
aot=auto
r2r=1
composite=0
suite_args=()
for arg in "$@"; do
  case "$arg" in
    --aot) aot=1; continue ;;
    --no-aot) aot=0; continue ;;
    --no-r2r) r2r=0; continue ;;
    --composite) composite=1; continue ;;
  esac
  suite_args+=("$arg")
  if [ "$arg" = "--uta" ]; then uta=1; fi
  if [ "$arg" = "--scale-out" ]; then scaleout=1; fi
  if [ "$arg" = "--no-peers" ]; then peers=0; fi
  if [ "$arg" = "--limiter" ]; then limiter=1; peers=0; fi
done

if [ "$limiter" = "1" ]; then
  echo "== building (Release)"
  dotnet build bench/CancelAll.Benchmarks -c Release -nologo -v quiet
  exec dotnet bench/CancelAll.Benchmarks/bin/Release/net10.0/CancelAll.Benchmarks.dll limiter \
    --exchange-dll src/CancelAll.TestExchange/bin/Release/net10.0/CancelAll.TestExchange.dll
fi

if [ "$uta" = "1" ]; then
  uta_peers=""
  if [ "$peers" = "1" ] && command -v node >/dev/null && command -v npm >/dev/null; then
    echo "== installing the peers (pinned in bench/peers/package-lock.json)"
    (cd bench/peers && npm ci --no-audit --no-fund --loglevel=error)
    uta_peers="--peers bench/peers"
  fi
  echo "== building (Release)"
  dotnet build bench/CancelAll.Benchmarks -c Release -nologo -v quiet
  dotnet bench/CancelAll.Benchmarks/bin/Release/net10.0/CancelAll.Benchmarks.dll uta --runs 9 $uta_peers \
    --exchange-dll src/CancelAll.TestExchange/bin/Release/net10.0/CancelAll.TestExchange.dll
  exec dotnet bench/CancelAll.Benchmarks/bin/Release/net10.0/CancelAll.Benchmarks.dll limiter-uta --seconds 5 \
    --exchange-dll src/CancelAll.TestExchange/bin/Release/net10.0/CancelAll.TestExchange.dll
fi

if [ "$scaleout" = "1" ]; then
  echo "== building (Release)"
  dotnet build bench/CancelAll.Benchmarks -c Release -nologo -v quiet
  exec dotnet bench/CancelAll.Benchmarks/bin/Release/net10.0/CancelAll.Benchmarks.dll scale-out \
    --exchange-dll src/CancelAll.TestExchange/bin/Release/net10.0/CancelAll.TestExchange.dll
fi

if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "== installing Debian's time (peak memory)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
  else
    echo "warning: /usr/bin/time is missing and this is not root: peak memory will be what each process reports itself" >&2
  fi
fi

if [ "$peers" = "1" ]; then
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "error: node and npm are needed for the peers (Node 20 or later), or run with --no-peers" >&2
    exit 2
  fi
  echo "== installing the peers (pinned in bench/peers/package-lock.json)"
  (cd bench/peers && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== building (Release)"
dotnet build bench/CancelAll.Benchmarks -c Release -nologo -v quiet
dotnet build src/CancelAllCli -c Release -nologo -v quiet

# Row 0 also runs from a ReadyToRun publish of this tool: the app's production build is ReadyToRun (its csproj).
r2r_args=()
if [ "$r2r" = "1" ]; then
  echo "== publishing this tool ReadyToRun for row 0 (as the app's production build; --no-r2r to skip)"
  dotnet publish bench/CancelAll.Benchmarks -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o bench/out/r2r -nologo -v quiet
  r2r_args=(--r2r-dll bench/out/r2r/CancelAll.Benchmarks.dll)
fi

# Row 0 from a self-contained composite ReadyToRun publish (framework and app in one version bubble: BENCHMARKS.md,
# "Row 0 and row 3 from process start"), only when asked. Its own obj and bin folders: a composite publish rewrites the
# component assemblies, and an ordinary ReadyToRun publish must never pick those up.
if [ "$composite" = "1" ]; then
  echo "== publishing this tool self-contained composite ReadyToRun for row 0 (--composite; 10-20 CPU-minutes)"
  dotnet publish bench/CancelAll.Benchmarks -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true \
    -p:PublishReadyToRunComposite=true -p:IntermediateOutputPath=obj/composite/ -p:OutputPath=bin/composite/ \
    -o bench/out/composite -nologo -v quiet
  r2r_args+=(--composite-exe bench/out/composite/CancelAll.Benchmarks)
fi

# Row 3 times the Native AOT CLI beside the JIT CLI when clang (the AOT compiler's linker driver) is there.
aot_args=()
if [ "$aot" = "auto" ]; then
  if command -v clang >/dev/null; then aot=1; else aot=0; echo "== clang not found: row 3 without the Native AOT CLI (apt-get install clang)"; fi
fi
if [ "$aot" = "1" ]; then
  echo "== publishing the Native AOT CLI for row 3 (warnings are errors; 2-3 CPU-minutes; --no-aot to skip)"
  dotnet publish src/CancelAllCli -c Release -r linux-x64 -o bench/out/cli-aot -nologo -v quiet
  aot_args=(--cli-aot bench/out/cli-aot/cancel-all)
fi

echo "== machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -h | awk '/^Mem:/ {print $2}') RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version)$( [ "$peers" = 1 ] && echo ", node $(node --version)")"
exec dotnet bench/CancelAll.Benchmarks/bin/Release/net10.0/CancelAll.Benchmarks.dll suite \
  --exchange-dll src/CancelAll.TestExchange/bin/Release/net10.0/CancelAll.TestExchange.dll \
  --cli-dll src/CancelAllCli/bin/Release/net10.0/cancel-all.dll \
  --peers bench/peers --out bench/out "${r2r_args[@]}" "${aot_args[@]}" "${suite_args[@]}"
