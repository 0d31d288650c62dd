#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of every library under src/ from the code, so that the public API baseline the
# build checks (Microsoft.CodeAnalysis.PublicApiAnalyzers: RS0016 for a public symbol missing from the files, RS0017
# for one listed that no longer exists) matches the code again. Run it after a deliberate change to the public API
# (or after merging branches that changed it), then review `git diff -- 'src/*/PublicAPI.*.txt'`: every line added or
# removed there is a change users see.
#
# How: each Unshipped file is reset to its header (and any `*REMOVED*` lines, which mark removals of shipped API), then
# the analyzers' own code fix writes every public symbol into it (`dotnet format analyzers`, one project at a time: on
# the whole solution it writes the entries of only one project), and the entries are sorted. PublicAPI.Shipped.txt is
# left alone: it lists what a release shipped (empty until the first release).
#
# Usage: scripts/update-public-api.sh [--no-build]   (--no-build: skip the final check build)
set -euo pipefail
cd "$(dirname "$0")/.."

check=1
[[ "${1:-}" == "--no-build" ]] && check=0

dotnet restore Baton.slnx --nologo -v quiet

for project in src/*/*.csproj; do
  dir=$(dirname "$project")
  shipped="$dir/PublicAPI.Shipped.txt"
  unshipped="$dir/PublicAPI.Unshipped.txt"
  [[ -f "$shipped" ]] || printf '#nullable enable\n' > "$shipped"
  { printf '#nullable enable\n'; grep '^\*REMOVED\*' "$unshipped" 2>/dev/null || true; } > "$unshipped.new"
  mv "$unshipped.new" "$unshipped"

  echo "public API of $project"
  # Exit code 2 means "fixes were applied"; anything else non-zero is a failure.
  status=0
  dotnet format analyzers "$project" --diagnostics RS0016 RS0017 --severity info --no-restore 2>&1 \
    | grep -v '^Warnings were encountered while loading the workspace' || status=${PIPESTATUS[0]}
  if [[ $status -ne 0 && $status -ne 2 ]]; then
    echo "dotnet format failed on $project (exit $status)" >&2
    exit 1
  fi

  # The code fix keeps entries sorted case-insensitively; sort again so the order never depends on the fixer.
  python3 - "$unshipped" <<'EOF'
import sys
path = sys.argv[1]
lines = [l for l in open(path, encoding="utf-8").read().splitlines() if l.strip()]
header = [l for l in lines if l.startswith("#")]
entries = sorted({l for l in lines if not l.startswith("#")}, key=lambda l: (l.upper(), l))
open(path, "w", encoding="utf-8").write("\n".join(header + entries) + "\n")
EOF
done

if [[ $check -eq 1 ]]; then
  echo "checking: dotnet build Baton.slnx -c Release"
  if output=$(dotnet build Baton.slnx -c Release --no-restore --nologo 2>&1); then
    echo "build clean: the baselines match the code"
  else
    echo "$output" | grep -E ': error ' | sed 's/ \[.*//' | sort -u >&2
    echo "the build fails (above); a public API change the files do not explain shows as RS0016/RS0017" >&2
    exit 1
  fi
fi

git --no-pager diff --stat -- 'src/*/PublicAPI.*.txt' || true
