#!/usr/bin/env bash
# Runs the tutorial's DAGs once on the embedded defaults (SQLite and a local directory under examples/XComTutorial/.baton)
# and lists the XComs they stored. No network: PokeAPI's answers come from the bundled sample, served on loopback.
set -euo pipefail
cd "$(dirname "$0")/../examples/XComTutorial"
dotnet build -c Release --nologo -v quiet >/dev/null
run() { dotnet run -c Release --no-build -- "$@"; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory SampleData/pokeapi >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/api/v2/pokemon/pikachu" >/dev/null && break; sleep 0.1; done
export BATON__POKEAPI__BASE_URL="http://127.0.0.1:$port/api/v2/"

run dags test simple_xcom 2022-12-20
echo
run dags test fetch_pokemon_data 2022-12-20
echo
run xcom list
