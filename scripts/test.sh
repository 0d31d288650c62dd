#!/usr/bin/env bash
# Runs the whole test suite (Release) and prints `tests: N passed, M failed` from the TRX results.
# Installs (first time, into ~/.cache/storage-emulators) and starts the servers the storage tests use: s3rver, Azurite,
# the GCS emulator and PostgreSQL on loopback, and stops them at the end. BATON_EMULATORS=external skips that when you
# run them yourself (same ports: see scripts/emulators.sh). BATON_TEST_STORES=s3 narrows the storage suite to one store.
# Installs Debian's chromium for the browser tests when /usr/bin/chromium is missing (scripts/browser.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${BATON_EMULATORS:-}" != "external" ]; then
  # shellcheck source=scripts/emulators.sh
  source scripts/emulators.sh
  trap stop_emulators EXIT
  start_emulators || { echo "could not start the storage emulators" >&2; echo "tests: 0 passed, 1 failed"; exit 1; }
fi
# shellcheck source=scripts/browser.sh
source scripts/browser.sh
ensure_chromium || { echo "could not install Chromium for the web UI tests" >&2; echo "tests: 0 passed, 1 failed"; exit 1; }
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
