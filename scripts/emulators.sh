#!/usr/bin/env bash
# Installs (once, into a cache outside the repository) and starts the servers the integration tests use, on loopback:
# s3rver (S3, port 4568), azurite-blob (Azure Blob, 10000), the Firebase Storage emulator (GCS JSON API, 9199) and a
# throwaway PostgreSQL cluster (54329). Source it, then: trap stop_emulators EXIT; start_emulators
# From ../shared/emulators.md, which documents each server's limits.
EMU_TOOLS="${EMU_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/storage-emulators}"
EMU_NPM_PKGS="s3rver@3.7.1 azurite@3.37.0 firebase-tools@15.34.2"
S3_PORT=4568 AZ_PORT=10000 GCS_PORT=9199 PG_PORT=54329
install_emulators() {
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || { apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1; }
  # As root the server runs as 'postgres'; a machine may have the binaries without that account (seen here once).
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    if getent group postgres >/dev/null; then group=(-g postgres); else group=(--user-group); fi
    useradd --system "${group[@]}" --no-create-home --shell /usr/sbin/nologin postgres || return 1
  fi
  mkdir -p "$EMU_TOOLS"
  if [ "$(cat "$EMU_TOOLS/.installed" 2>/dev/null)" != "$EMU_NPM_PKGS" ]; then
    npm install --prefix "$EMU_TOOLS" --no-audit --no-fund --loglevel=error $EMU_NPM_PKGS || return 1
    echo "$EMU_NPM_PKGS" > "$EMU_TOOLS/.installed"; fi
  cat > "$EMU_TOOLS/gcs-emulator.js" <<'EOF'
const { StorageEmulator } = require('firebase-tools/lib/emulator/storage');
const { EmulatorRegistry } = require('firebase-tools/lib/emulator/registry');
const port = Number(process.argv[2] || 9199);
const emu = new StorageEmulator({ projectId: 'demo-test', host: '127.0.0.1', port, rules: [], auto_download: false });
emu._rulesRuntime.start = emu._rulesRuntime.stop = async () => {};
emu._rulesManager.start = async () => []; emu._rulesManager.stop = async () => {};
EmulatorRegistry.start(emu).then(() => console.log('ready'), (e) => { console.error(e); process.exit(1); });
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => emu.stop().finally(() => process.exit(0)));
EOF
}
_emu_wait() { local n=$1; shift; for _ in $(seq 1 150); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "$n not ready" >&2; cat "$EMU_RUN/$n.log" >&2; return 1; }
_as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
_pgbin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }
start_emulators() {
  install_emulators || return 1
  EMU_RUN=$(mktemp -d /tmp/emulators.XXXXXX); export EMU_RUN
  local bin="$EMU_TOOLS/node_modules/.bin" pgbin; pgbin=$(_pgbin)
  mkdir -p "$EMU_RUN"/{s3,azurite,gcs-tmp,pg}
  NODE_OPTIONS=--openssl-legacy-provider "$bin/s3rver" -d "$EMU_RUN/s3" -a 127.0.0.1 -p $S3_PORT --no-vhost-buckets --configure-bucket test-bucket \
    --silent > "$EMU_RUN/s3.log" 2>&1 & echo $! > "$EMU_RUN/s3.pid"
  "$bin/azurite-blob" --blobHost 127.0.0.1 --blobPort $AZ_PORT --location "$EMU_RUN/azurite" --skipApiVersionCheck \
    --loose --disableTelemetry --silent > "$EMU_RUN/azure.log" 2>&1 & echo $! > "$EMU_RUN/azure.pid"
  TMPDIR="$EMU_RUN/gcs-tmp" NODE_PATH="$EMU_TOOLS/node_modules" node "$EMU_TOOLS/gcs-emulator.js" $GCS_PORT \
    > "$EMU_RUN/gcs.log" 2>&1 & echo $! > "$EMU_RUN/gcs.pid"
  if [ "$(id -u)" = 0 ]; then chmod 755 "$EMU_RUN"; chown postgres:postgres "$EMU_RUN/pg"; fi
  _as_pg "$pgbin/initdb" -D "$EMU_RUN/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --no-sync \
    > "$EMU_RUN/pg.log" 2>&1 || { cat "$EMU_RUN/pg.log" >&2; return 1; }
  _as_pg "$pgbin/pg_ctl" -D "$EMU_RUN/pg/data" -l "$EMU_RUN/pg/server.log" -w start \
    -o "-p $PG_PORT -k $EMU_RUN/pg -c listen_addresses=127.0.0.1 -c fsync=off" >> "$EMU_RUN/pg.log" 2>&1 || return 1
  _as_pg psql -q -h "$EMU_RUN/pg" -p $PG_PORT -U postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE app LOGIN PASSWORD 'app-pass'" -c "CREATE DATABASE apptest OWNER app" || return 1
  _emu_wait s3 curl -sf "http://127.0.0.1:$S3_PORT/" && _emu_wait azure curl -s -o /dev/null "http://127.0.0.1:$AZ_PORT/" &&
  _emu_wait gcs curl -sf "http://127.0.0.1:$GCS_PORT/b" && _emu_wait pg "$pgbin/pg_isready" -q -h 127.0.0.1 -p $PG_PORT
}
stop_emulators() {
  [ -n "${EMU_RUN:-}" ] && [ -d "$EMU_RUN" ] || return 0
  local f pid; for f in "$EMU_RUN"/*.pid; do [ -e "$f" ] || continue; pid=$(cat "$f"); kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; kill -9 "$pid" 2>/dev/null; done
  [ -f "$EMU_RUN/pg/data/postmaster.pid" ] && _as_pg "$(_pgbin)/pg_ctl" -D "$EMU_RUN/pg/data" -m fast -w stop >/dev/null
  rm -rf "$EMU_RUN"; unset EMU_RUN
}
