#!/usr/bin/env bash
# Razor components are public classes (Razor cannot declare them internal), and the analyzers' code fix that
# scripts/update-public-api.sh uses does not see source-generated symbols. This adds the entries the build reports as
# RS0016 for the web UI's components of src/Baton.Web to its PublicAPI.Unshipped.txt, and drops entries (RS0017) of
# components that no longer exist. Run it after adding, renaming or removing a page or a component parameter.
set -euo pipefail
cd "$(dirname "$0")/.."
file=src/Baton.Web/PublicAPI.Unshipped.txt
errors=$(dotnet build src/Baton.Web -c Release --nologo 2>&1 | grep -E "error RS001[67]" || true)
python3 - "$file" <<PY
import re, sys
path = sys.argv[1]
errors = """$errors"""
add = set(re.findall(r"RS0016: Symbol '(.+?)' is not part of the declared public API", errors))
drop = set(re.findall(r"RS0017: Symbol '(.+?)' is part of the declared API, but is either not public or could not be found", errors))
lines = open(path).read().splitlines()
head = [l for l in lines if l.startswith('#') or l.startswith('*REMOVED*')]
body = sorted((set(l for l in lines if l and not l.startswith('#') and not l.startswith('*REMOVED*')) | add) - drop)
open(path, 'w').write('\n'.join(head + body) + '\n')
print(f"{path}: {len(add)} added, {len(drop)} removed")
PY
dotnet build src/Baton.Web -c Release --nologo -v quiet 2>&1 | grep -E " error " | sort -u || echo "src/Baton.Web builds"
