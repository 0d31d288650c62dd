#!/usr/bin/env bash
# Runs the whole test suite (Release) and prints `tests: N passed, M failed` from the TRX results.
# Servers the tests need are started here (none yet: the engine tests use SQLite files and local directories).
set -uo pipefail
cd "$(dirname "$0")/.."
results="${TEST_RESULTS_DIR:-TestResults}"
rm -rf "$results"
dotnet test --solution Baton.slnx -c Release --results-directory "$results" --report-trx "$@"
rc=$?
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
p = f = 0
for fn in glob.glob(sys.argv[1] + "/*.trx"):  # top level only: subfolders hold attachment copies
    c = next(e for e in ET.parse(fn).iter() if e.tag.rsplit("}", 1)[-1] == "Counters")
    p += int(c.get("passed", 0))
    f += sum(int(c.get(k, 0)) for k in ("failed", "error", "timeout", "aborted"))
print(f"tests: {p} passed, {f} failed")
sys.exit(1 if f else 0)
PY
summary=$?
if [ $rc -eq 0 ] && [ $summary -ne 0 ]; then rc=$summary; fi
exit $rc
