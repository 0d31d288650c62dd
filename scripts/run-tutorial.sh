#!/usr/bin/env bash
# Runs the tutorial's DAGs once on the embedded defaults: the SQLite metadata database and XComs in a local directory
# (object storage on file://, zstd), both under examples/XComTutorial/.baton. Then shows what they stored, read back
# from the directory by each object's own manifest. No network: PokeAPI's answers come from the bundled sample, served
# on loopback.
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
export BATON__XCOM__BACKEND=objectstorage
export BATON__XCOM__PATH="file://$PWD/.baton/xcoms"
export BATON__XCOM__THRESHOLD=0
export BATON__XCOM__COMPRESSION=zstd

run dags test simple_xcom 2022-12-20
echo
run dags test fetch_pokemon_data 2022-12-20
echo
run xcom list
echo
frame=$(run xcom list --dag-id fetch_pokemon_data --task-id calculate_xp_per_height | grep -o 'file://[^ ]*parquet[^ ]*')
echo "xcom inspect $frame"
run xcom inspect "$frame"
