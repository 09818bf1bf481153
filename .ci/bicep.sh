#!/usr/bin/env bash
# Builds and lints infra/main.bicep with the Bicep CLI that NuGet serves (Azure.Bicep.CommandLine.linux-x64).
# Fails on any error AND on any warning: `bicep build` exits 1 only on errors, while unknown properties,
# type mismatches and linter findings are warnings with exit code 0.
#
# Offline by construction: bicep runs inside a new, empty network namespace (`unshare -n`) when the
# machine allows it. Left alone, bicep 0.49 looks up aka.ms on every build and lint; here that lookup
# cannot leave the machine. Registry modules (br:, br/public:) are not used, so nothing needs the network.
#
# Output: infra/bin/main.json (git-ignored). Usage: bash .ci/bicep.sh
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

template="infra/main.bicep"
out_dir="infra/bin"
out_file="$out_dir/main.json"

version="$(sed -n 's:.*<BicepCliVersion>\([^<]*\)</BicepCliVersion>.*:\1:p' Directory.Packages.props)"
if [[ -z "$version" ]]; then
  echo "bicep.sh: BicepCliVersion is not set in Directory.Packages.props" >&2
  exit 1
fi

# 1. Restore the package that carries the bicep binary (a PackageDownload; nothing is built).
dotnet restore infra/tools/BicepCli.csproj --nologo --verbosity quiet

# The restore writes the packages folder it used into nuget.g.props; NUGET_PACKAGES wins when set.
props="infra/tools/obj/BicepCli.csproj.nuget.g.props"
package_root="${NUGET_PACKAGES:-}"
if [[ -z "$package_root" ]]; then
  package_root="$(sed -n 's:.*<NuGetPackageRoot[^>]*>\([^<]*\)</NuGetPackageRoot>.*:\1:p' "$props" | head -n 1)"
fi
bicep="${package_root%/}/azure.bicep.commandline.linux-x64/$version/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  echo "bicep.sh: bicep binary not found at $bicep" >&2
  exit 1
fi
# NuGet does not always keep the executable bit when it extracts a package.
[[ -x "$bicep" ]] || chmod u+x "$bicep"

# 2. Run bicep without network access when a network namespace can be made.
offline=()
if unshare --net true 2>/dev/null; then
  offline=(unshare --net)
elif unshare --map-root-user --net true 2>/dev/null; then
  offline=(unshare --map-root-user --net)
else
  echo "bicep.sh: note: cannot create a network namespace; bicep runs with the host network" >&2
fi

failed=0
run_checked() {
  local label="$1"
  shift
  local output status
  set +e
  output="$("${offline[@]}" "$bicep" "$@" 2>&1)"
  status=$?
  set -e
  if [[ -n "$output" ]]; then
    printf '%s\n' "$output"
  fi
  if [[ $status -ne 0 ]]; then
    echo "bicep.sh: $label failed (exit $status)" >&2
    failed=1
  elif grep -Eq ': (Warning|Error) ' <<<"$output"; then
    echo "bicep.sh: $label reported warnings; warnings fail this check" >&2
    failed=1
  fi
}

mkdir -p "$out_dir"
"$bicep" --version
run_checked "bicep build" build "$template" --outfile "$out_file"
run_checked "bicep lint" lint "$template"

if [[ $failed -ne 0 ]]; then
  exit 1
fi
echo "bicep.sh: build and lint clean: $out_file"
