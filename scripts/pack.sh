#!/usr/bin/env bash
# Packs every library under src/ (Baton, Baton.Hosting, Baton.Web, Baton.Storage.S3/.Gcs/.Azure, Baton.DataFrames; each with a
# .snupkg of symbols) and the project template (templates/Baton.Templates, `dotnet new baton`) into artifacts/packages:
# Release, deterministic (ContinuousIntegrationBuild). The version is VersionPrefix in Directory.Build.props unless given.
#
# Usage: scripts/pack.sh [--version 1.2.3[-suffix]] [--output DIR] [--configuration Release|Debug] [--no-build]
#   --no-build packs the libraries as they are already built in that configuration (the tests use it).
# Prints the version and the .nupkg files it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."

version="" output="artifacts/packages" configuration="Release" no_build=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --version) version="${2:?--version needs a value}"; shift 2 ;;
    --output) output="${2:?--output needs a directory}"; shift 2 ;;
    --configuration|-c) configuration="${2:?--configuration needs a value}"; shift 2 ;;
    --no-build) no_build=1; shift ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pack.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [[ -z "$version" ]]; then
  version=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props | head -n 1)
fi
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "pack.sh: '$version' is not a version such as 1.2.3 or 1.2.3-beta.1" >&2
  exit 2
fi

mkdir -p "$output"
output=$(cd "$output" && pwd)
props=(-c "$configuration" --nologo -v quiet -p:Version="$version" -p:ContinuousIntegrationBuild=true -o "$output")
# Built under artifacts/build, so the packing build (its version, its CI paths) never replaces the repository's own
# bin/ and obj/; with --no-build, what the repository's build left there is packed as it is.
build=(--artifacts-path artifacts/build)
if [[ $no_build == 1 ]]; then build=(--no-build); fi
for project in src/*/*.csproj; do
  dotnet pack "$project" "${props[@]}" "${build[@]}"
done
# The template has nothing to compile; it is always packed from its sources.
dotnet pack templates/Baton.Templates/Baton.Templates.csproj "${props[@]}" --artifacts-path artifacts/build

echo "version $version"
ls -1 "$output"/*."$version".nupkg
