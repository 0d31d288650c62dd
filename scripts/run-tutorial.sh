#!/usr/bin/env bash
# Runs the tutorial's DAGs once on the embedded defaults (SQLite and a local directory under examples/XComTutorial/.baton),
# then lists the XComs they stored. No network, no servers.
set -euo pipefail
cd "$(dirname "$0")/../examples/XComTutorial"
dotnet build -c Release --nologo -v quiet >/dev/null
run() { dotnet run -c Release --no-build -- "$@"; }
run dags test simple_xcom 2022-12-20
echo
run xcom list --dag-id simple_xcom
