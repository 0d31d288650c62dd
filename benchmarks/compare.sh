#!/usr/bin/env bash
# Runs benchmark scenarios of a base commit and of this checkout in the same session, alternating, so drift of the
# machine (page cache, other load) hits both sides alike.
#
#   benchmarks/compare.sh BASE_COMMIT [--rounds N] [scenario ...] [-- harness options]
#
# e.g. benchmarks/compare.sh ca92e26 --rounds 2 scheduling xcom -- --runs 3 --warmup 1
#
# The base is built in a temporary git worktree (removed at the end). Each round runs, per scenario, the base harness
# then this checkout's (odd rounds) or the reverse (even rounds). Tables go to stdout, each headed by its side and
# round, and to benchmarks/compare-out/ (one file per side, scenario and round).
set -euo pipefail

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi

base=$1
shift
rounds=1
scenarios=()
harness=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --rounds) rounds=$2; shift 2 ;;
        --) shift; harness=("$@"); break ;;
        *) scenarios+=("$1"); shift ;;
    esac
done
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(scheduling xcom)

repo=$(cd "$(dirname "$0")/.." && pwd)
base_sha=$(git -C "$repo" rev-parse --verify "$base^{commit}")
head_sha=$(git -C "$repo" rev-parse HEAD)
dirty=$(git -C "$repo" status --porcelain --untracked-files=no | head -c1)
out="$repo/benchmarks/compare-out"
mkdir -p "$out"
base_tree=$(mktemp -d /tmp/baton-bench-base.XXXXXX)
cleanup() { git -C "$repo" worktree remove --force "$base_tree" >/dev/null 2>&1 || rm -rf "$base_tree"; }
trap cleanup EXIT

git -C "$repo" worktree add --detach -q "$base_tree" "$base_sha"
build() { dotnet build "$1/benchmarks/Baton.Benchmarks/Baton.Benchmarks.csproj" -c Release -nologo -v q 2>&1 | tail -2; }
echo "building base $base_sha"; build "$base_tree"
echo "building head $head_sha${dirty:+ (with uncommitted changes)}"; build "$repo"

run_side() {
    local side=$1 tree=$2 scenario=$3 round=$4
    local file="$out/$scenario.$side.round$round.txt"
    echo "=== $side ($( [[ $side == base ]] && echo "$base_sha" || echo "$head_sha" )) · $scenario · round $round ==="
    dotnet "$tree/benchmarks/Baton.Benchmarks/bin/Release/net10.0/Baton.Benchmarks.dll" "$scenario" "${harness[@]}" 2>/dev/null | tee "$file"
}

for ((r = 1; r <= rounds; r++)); do
    for s in "${scenarios[@]}"; do
        if ((r % 2 == 1)); then
            run_side base "$base_tree" "$s" "$r"; run_side head "$repo" "$s" "$r"
        else
            run_side head "$repo" "$s" "$r"; run_side base "$base_tree" "$s" "$r"
        fi
    done
done
echo "tables saved under $out"
