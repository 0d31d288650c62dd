#!/usr/bin/env bash
# Runs the tutorial's simple_xcom with its XComs in each cloud store's emulator, then looks at the value object with
# that cloud's own CLI: aws (s3rver), az (Azurite), gcloud storage (the Firebase Storage emulator's GCS JSON API).
# For each store it lists the objects, prints the value object's metadata, downloads it, and checks that the
# metadata names the XCom and that the bytes, once decompressed, are exactly what `xcom get` returns. Then it deletes
# the XComs with `xcom delete` and checks with the CLI that the objects are gone.
#
#   scripts/check-store-tooling.sh [s3] [gcs] [azure]     # default: all three
#
# Uses the emulators already listening on the ports of scripts/emulators.sh; when none listen, starts them (and stops
# them at the end), as scripts/test.sh does. BATON_EMULATORS=external: never start them. Installs awscli, azure-cli,
# jq and zstd with apt when missing. gcloud is not in Debian's archive: without it the GCS check reads the same objects
# with curl on the GCS JSON API and says so. GCLOUD=path picks the gcloud binary; BATON__XCOM__COMPRESSION (default
# zstd) the compression; BATON_CHECK_KEEP=1 keeps the XComs, their objects and the throwaway BATON_HOMEs.
# shellcheck disable=SC2317  # the per-store functions are called by name: "${store}_setup" and so on
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
# shellcheck source=scripts/emulators.sh
source scripts/emulators.sh
unset EMU_RUN   # stop_emulators stops what EMU_RUN names: only servers this script started, never a caller's

stores=("$@")
[ ${#stores[@]} -gt 0 ] || stores=(s3 gcs azure)
for s in "${stores[@]}"; do
  case $s in s3|gcs|azure) ;; *) echo "usage: $0 [s3] [gcs] [azure]  (unknown store '$s')" >&2; exit 2 ;; esac
done

compression=${BATON__XCOM__COMPRESSION:-zstd}
dag=simple_xcom task=generate_value logical_date=2022-12-20
s3_bucket=test-bucket az_container=baton-tooling gcs_bucket=baton-tooling
# Azurite's well-known development account (public, the same on every machine).
azurite_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
azurite_url="http://127.0.0.1:$AZ_PORT/devstoreaccount1"
azurite_cs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$azurite_key;BlobEndpoint=$azurite_url;"
gcs_url="http://127.0.0.1:$GCS_PORT"

work=$(mktemp -d /tmp/check-store-tooling.XXXXXX)
# Without `set -e`: stop_emulators counts on commands that may fail (killing a server that is already gone).
cleanup() { local rc=$?; set +e; stop_emulators; [ "${BATON_CHECK_KEEP:-}" = 1 ] || rm -rf "$work"; exit "$rc"; }
trap cleanup EXIT

current=setup
fail() { echo "FAILED ($current): $*" >&2; exit 1; }
# Prints a command as it is run (long well-known values by name), then runs it; show_to also copies its output to a file.
print_cmd() {
  local line="$*"
  line=${line//"$azurite_cs"/\$AZURITE_CONNECTION_STRING}; line=${line//"$azurite_key"/\$AZURITE_KEY}
  printf '$ %s\n' "$line"
}
show() { print_cmd "$@"; "$@" || fail "exit status $? from: $(print_cmd "$@")"; }
show_to() { local file=$1; shift; print_cmd "$@"; "$@" | tee "$file" || fail "exit status $? from: $(print_cmd "$@")"; }
heading() { printf '\n== %s\n' "$*"; }

# ---- the emulators ----------------------------------------------------------------------------------------------
listening() {
  case $1 in
    s3) curl -sf "http://127.0.0.1:$S3_PORT/" ;;
    azure) curl -s -o /dev/null "http://127.0.0.1:$AZ_PORT/" ;;
    gcs) curl -sf "$gcs_url/b" ;;
    pg) (: < "/dev/tcp/127.0.0.1/$PG_PORT") ;;
  esac >/dev/null 2>&1
}
port_of() { case $1 in s3) echo "$S3_PORT" ;; azure) echo "$AZ_PORT" ;; gcs) echo "$GCS_PORT" ;; pg) echo "$PG_PORT" ;; esac; }
missing=() running=()
for s in "${stores[@]}"; do listening "$s" || missing+=("$s"); done
if [ ${#missing[@]} -gt 0 ]; then
  for s in s3 azure gcs pg; do listening "$s" && running+=("$s"); done
  if [ "${BATON_EMULATORS:-}" = external ]; then
    echo "BATON_EMULATORS=external, but nothing answers for: ${missing[*]} (ports: $(for s in "${missing[@]}"; do port_of "$s"; done | xargs))" >&2
    exit 1
  elif [ ${#running[@]} -gt 0 ]; then
    echo "some emulators are running (${running[*]}) but not ${missing[*]}: start_emulators starts all of them on fixed" \
         "ports, so stop the running ones or start the missing ones yourself (scripts/emulators.sh)" >&2
    exit 1
  fi
  echo "starting the emulators (scripts/emulators.sh; the first run installs them into $EMU_TOOLS)"
  start_emulators || { echo "could not start the storage emulators" >&2; exit 1; }
else
  echo "using the emulators already running for: ${stores[*]}"
fi

# ---- tools --------------------------------------------------------------------------------------------------------
apt_updated=
apt_install() {  # apt_install PACKAGE: installs a Debian package, or says why it cannot
  command -v apt-get >/dev/null || fail "$1 is not installed and there is no apt-get to install it with"
  [ "$(id -u)" = 0 ] || fail "$1 is not installed; install it as root: apt-get install -y $1"
  local start=$SECONDS
  echo "installing Debian package $1 ..."
  [ -n "$apt_updated" ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >"$work/apt-$1.log" 2>&1 ||
    { cat "$work/apt-$1.log" >&2; fail "apt-get install $1 failed"; }
  echo "installed $1 in $((SECONDS - start)) s"
}
for tool in jq zstd python3; do command -v "$tool" >/dev/null || apt_install "$tool"; done

echo "building examples/XComTutorial ..."
(cd examples/XComTutorial && dotnet build -c Release --nologo -v quiet) >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; echo "the build of examples/XComTutorial failed" >&2; exit 1; }
baton() { (cd "$repo/examples/XComTutorial" && dotnet run -c Release --no-build -- "$@"); }
echo "(\$ baton … below is: cd examples/XComTutorial && dotnet run -c Release --no-build -- …)"

decompress() {
  case $compression in
    none) cat ;; zstd) zstd -dcq ;; gzip) gzip -dc ;; brotli) brotli -dc ;;
    *) fail "unknown compression '$compression'" ;;
  esac
}

# ---- per store: CLI, connection, and the four looks (list, metadata, download, keys) ------------------------------
# <store>_setup       finds or installs the CLI, prepares the bucket, sets conn_args and xcom_path
# <store>_list        shows the objects under $prefix with the CLI; <store>_keys prints their keys, one a line
# <store>_metadata K  shows object K's metadata with the CLI, and writes it as {"baton-…": …} to $here/metadata.json
# <store>_download K F  downloads object K to file F with the CLI

s3_setup() {
  if [ -x /usr/bin/aws ]; then aws=/usr/bin/aws    # a pyenv `aws` (v1) may come first on PATH
  elif command -v aws >/dev/null; then aws=$(command -v aws)
  else apt_install awscli; aws=/usr/bin/aws; fi
  export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=
  export AWS_CONFIG_FILE=$here/aws-config AWS_SHARED_CREDENTIALS_FILE=$here/aws-credentials   # not ~/.aws
  awse=("$aws" --endpoint-url "http://127.0.0.1:$S3_PORT")
  tool=aws; echo "CLI: $("$aws" --version 2>&1)"
  "${awse[@]}" s3api head-bucket --bucket "$s3_bucket" 2>/dev/null || show "${awse[@]}" s3 mb "s3://$s3_bucket"
  conn_args=(s3_emulator --conn-type aws --conn-login S3RVER --conn-password S3RVER --conn-extra
    "{\"endpoint_url\": \"http://127.0.0.1:$S3_PORT\", \"region_name\": \"us-east-1\", \"addressing_style\": \"path\", \"disable_chunk_encoding\": true, \"request_checksum_calculation\": \"when_required\", \"response_checksum_validation\": \"when_required\"}")
  xcom_path="s3://s3_emulator@$s3_bucket/$prefix"
}
s3_list() { show "${awse[@]}" s3 ls "s3://$s3_bucket/$prefix/" --recursive; }
s3_keys() { "${awse[@]}" s3api list-objects-v2 --bucket "$s3_bucket" --prefix "$prefix/" --output json | jq -r '.Contents[]?.Key'; }
s3_metadata() {
  show_to "$here/head.json" "${awse[@]}" s3api head-object --bucket "$s3_bucket" --key "$1"
  jq '.Metadata' "$here/head.json" > "$here/metadata.json"
}
s3_download() { show "${awse[@]}" s3 cp "s3://$s3_bucket/$1" "$2" --only-show-errors; }

azure_setup() {
  command -v az >/dev/null || apt_install azure-cli
  export AZURE_CONFIG_DIR=$here/azure AZURE_CORE_COLLECT_TELEMETRY=no AZURE_CORE_NO_COLOR=1   # not ~/.azure
  tool=az; echo "CLI: azure-cli $(az version --query '"azure-cli"' --output tsv)"
  show az storage container create --name "$az_container" --connection-string "$azurite_cs" --output none
  conn_args=(azure_emulator --conn-type wasb --conn-login devstoreaccount1 --conn-password "$azurite_key"
    --conn-extra "{\"account_url\": \"$azurite_url\"}")
  xcom_path="az://azure_emulator@$az_container/$prefix"
}
azure_list() {
  show az storage blob list --container-name "$az_container" --prefix "$prefix/" --connection-string "$azurite_cs" \
    --query "[].{name:name, size:properties.contentLength}" --output table
}
azure_keys() {
  az storage blob list --container-name "$az_container" --prefix "$prefix/" --connection-string "$azurite_cs" \
    --query "[].name" --output tsv
}
azure_metadata() {
  show_to "$here/show.json" az storage blob show --container-name "$az_container" --name "$1" --connection-string "$azurite_cs" \
    --query "{size: properties.contentLength, contentType: properties.contentSettings.contentType, metadata: metadata}" \
    --output json
  # Azure metadata names are C# identifiers: Baton writes baton-dag-id as baton_dag_id.
  jq '.metadata | with_entries(.key |= gsub("_"; "-"))' "$here/show.json" > "$here/metadata.json"
}
azure_download() {
  show az storage blob download --container-name "$az_container" --name "$1" --file "$2" \
    --connection-string "$azurite_cs" --no-progress --output none
}

gcs_setup() {
  gcloud=${GCLOUD:-gcloud}
  if command -v "$gcloud" >/dev/null; then
    gcs_tool=gcloud tool="gcloud storage"
    # A throwaway gcloud configuration: the storage API at the emulator, no credentials (the emulator checks none).
    export CLOUDSDK_CONFIG=$here/gcloud CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE="$gcs_url/" \
      CLOUDSDK_AUTH_DISABLE_CREDENTIALS=true CLOUDSDK_CORE_PROJECT=demo-test CLOUDSDK_CORE_DISABLE_USAGE_REPORTING=true \
      CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK=true CLOUDSDK_CORE_CHECK_GCE_METADATA=false
    echo "CLI: $("$gcloud" version 2>/dev/null | head -1) (gcloud storage)"
    echo "   CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE=$CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE CLOUDSDK_AUTH_DISABLE_CREDENTIALS=true"
  else
    gcs_tool=curl tool="curl on the GCS JSON API (gcloud is not installed)"
    echo "checked with curl on the GCS JSON API, not gcloud (not installed)" > "$work/gcs.note"
    echo "NOTE: gcloud ('$gcloud') is not installed. The Google Cloud CLI is not in Debian's archive; it comes from"
    echo "      Google's apt repository (package google-cloud-cli, https://cloud.google.com/sdk/docs/install#deb)."
    echo "      Checking the objects with curl on the GCS JSON API instead (the same REST calls gcloud storage makes)."
  fi
  conn_args=(gcs_emulator --conn-type google_cloud_platform --conn-extra
    "{\"endpoint_url\": \"$gcs_url\", \"project\": \"demo-test\", \"chunk_size\": \"67108864\"}")
  xcom_path="gs://gcs_emulator@$gcs_bucket/$prefix"
}
gcs_object_url() { echo "$gcs_url/storage/v1/b/$gcs_bucket/o/$(printf %s "$1" | jq -sRr @uri)"; }
gcs_list() {
  if [ "$gcs_tool" = gcloud ]; then show "$gcloud" storage ls -l "gs://$gcs_bucket/$prefix/**"
  else
    print_cmd curl -sf "$gcs_url/storage/v1/b/$gcs_bucket/o?prefix=$prefix/"
    curl -sf "$gcs_url/storage/v1/b/$gcs_bucket/o?prefix=$prefix/" | jq -r '.items[]? | "\(.size)\t\(.name)"'
  fi
}
gcs_keys() {
  if [ "$gcs_tool" = gcloud ]; then
    # No match is an error for gcloud; only that one means "no objects".
    "$gcloud" storage ls "gs://$gcs_bucket/$prefix/**" 2>"$here/gcloud-ls.err" | sed "s|^gs://$gcs_bucket/||" ||
      grep -q 'matched no objects' "$here/gcloud-ls.err" || { cat "$here/gcloud-ls.err" >&2; return 1; }
  else curl -sf "$gcs_url/storage/v1/b/$gcs_bucket/o?prefix=$prefix/" | jq -r '.items[]?.name'; fi
}
gcs_metadata() {
  if [ "$gcs_tool" = gcloud ]; then
    show_to "$here/describe.json" "$gcloud" storage objects describe "gs://$gcs_bucket/$1" --format=json
    jq '.custom_fields' "$here/describe.json" > "$here/metadata.json"
  else
    print_cmd curl -sf "$(gcs_object_url "$1")"; curl -sf "$(gcs_object_url "$1")" | jq . | tee "$here/describe.json"
    jq '.metadata' "$here/describe.json" > "$here/metadata.json"
  fi
}
gcs_download() {
  if [ "$gcs_tool" = gcloud ]; then
    print_cmd "$gcloud" storage cp "gs://$gcs_bucket/$1" "$2"
    "$gcloud" storage cp "gs://$gcs_bucket/$1" "$2" 2>"$here/gcloud-cp.err" ||   # its stderr is a "Copying …" line
      { cat "$here/gcloud-cp.err" >&2; fail "gcloud storage cp failed"; }
  else show curl -sf -o "$2" "$(gcs_object_url "$1")?alt=media"; fi
}

# ---- the check, the same for every store --------------------------------------------------------------------------
check_store() {
  local store=$1 start=$SECONDS
  current=$store
  here="$work/$store"; mkdir -p "$here"
  prefix="tooling-check/$(date -u +%Y%m%dT%H%M%SZ)-$$"
  "${store}_setup"

  export BATON_HOME="$here/baton-home" BATON__XCOM__BACKEND=objectstorage BATON__XCOM__PATH="$xcom_path" \
    BATON__XCOM__THRESHOLD=0 BATON__XCOM__COMPRESSION="$compression"
  heading "$store: simple_xcom with BATON__XCOM__PATH=$BATON__XCOM__PATH (threshold 0, $compression)"
  echo "BATON_HOME=$BATON_HOME"
  show baton connections add "${conn_args[@]}"
  show baton connections test "${conn_args[0]}"
  show_to "$here/dags-test.txt" baton dags test "$dag" "$logical_date"
  local run_id
  run_id=$(sed -n 's/^DAG run \(.*\): success$/\1/p' "$here/dags-test.txt")
  [ -n "$run_id" ] || fail "dags test did not end with 'DAG run …: success'"

  show_to "$here/xcom-list.txt" baton xcom list --dag-id "$dag" --task-id "$task"
  local row storage size location
  row=$(grep "^$dag " "$here/xcom-list.txt" | head -1) || fail "xcom list shows no XCom of $dag.$task"
  storage=$(awk -F' [|] ' '{gsub(/ /, "", $6); print $6}' <<<"$row")
  size=$(awk -F' [|] ' '{gsub(/ /, "", $7); print $7}' <<<"$row")
  location=$(grep -o '[a-z0-9]*://[^ ]*' <<<"$row") || fail "xcom list shows no location for $dag.$task"
  [ "$storage" = object ] || fail "the XCom is stored '$storage', not 'object'"
  local key=${location#*://*@*/}
  show_to "$here/xcom-get.txt" baton xcom get "$dag" "$run_id" "$task"
  baton xcom get "$dag" "$run_id" "$task" --output "$here/xcom-get.bin" >"$here/xcom-get-output.log" 2>&1 ||
    { cat "$here/xcom-get-output.log" >&2; fail "xcom get --output failed"; }

  heading "$store: the objects, seen by $tool"
  "${store}_list"
  "${store}_keys" > "$here/keys.txt"
  grep -qxF "$key" "$here/keys.txt" || fail "$tool does not list '$key' (xcom list's location $location); it lists: $(xargs < "$here/keys.txt")"
  grep -qxF "$key.manifest.json" "$here/keys.txt" || fail "$tool does not list the manifest '$key.manifest.json'"
  [ "$(wc -l < "$here/keys.txt")" -eq 2 ] || fail "expected the value and its manifest under $prefix/, $tool lists: $(xargs < "$here/keys.txt")"

  echo; "${store}_metadata" "$key"
  python3 - "$here/metadata.json" "$dag" "$run_id" "$task" "$compression" <<'PY' || fail "the object's metadata does not name the XCom"
import json, sys, urllib.parse
path, dag, run, task, compression = sys.argv[1:]
meta = json.load(open(path)) or {}
want = {"baton-dag-id": dag, "baton-run-id": run, "baton-task-id": task, "baton-map-index": "-1",
        "baton-key": "return_value", "baton-format": "json", "baton-compression": compression}
got = {k: urllib.parse.unquote(meta.get(k, "")) if k == "baton-run-id" else meta.get(k) for k in want}
bad = [f"{k}: {got[k]!r}, expected {v!r}" for k, v in want.items() if got[k] != v]
print("metadata check: " + ("; ".join(bad) if bad else "baton-dag-id, -run-id (percent-encoded), -task-id, -map-index, -key, -format, -compression match"))
sys.exit(1 if bad else 0)
PY

  echo; "${store}_download" "$key" "$here/object"
  local got_size; got_size=$(stat -c %s "$here/object")
  [ "$got_size" = "$size" ] || fail "the downloaded object has $got_size bytes, xcom list says $size"
  decompress < "$here/object" > "$here/object.value" || fail "the downloaded object does not decompress as $compression"
  echo "downloaded $got_size bytes ($compression); decompressed:"
  cat "$here/object.value"; echo
  cmp -s "$here/object.value" "$here/xcom-get.bin" ||
    fail "the object's decompressed bytes differ from 'xcom get --output' ($(stat -c %s "$here/object.value") vs $(stat -c %s "$here/xcom-get.bin") bytes)"
  [ "$(jq -S . "$here/object.value")" = "$(jq -S . "$here/xcom-get.txt")" ] || fail "the object's JSON differs from what 'xcom get' prints"
  echo "value check: the object's decompressed bytes are identical to 'xcom get --output' ($(stat -c %s "$here/xcom-get.bin") bytes), and its JSON to what 'xcom get' prints"

  if [ "${BATON_CHECK_KEEP:-}" = 1 ]; then
    echo "kept: the objects under $prefix/ and BATON_HOME=$BATON_HOME"
  else
    echo; show baton xcom delete "$dag" --yes
    "${store}_keys" > "$here/keys-after.txt"
    [ ! -s "$here/keys-after.txt" ] || fail "after 'xcom delete' $tool still lists: $(xargs < "$here/keys-after.txt")"
    echo "delete check: $tool lists no object under $prefix/ any more"
  fi
  echo "$store: OK in $((SECONDS - start)) s"
}

results=() status=0
for s in "${stores[@]}"; do
  # A subshell per store keeps its settings apart; `set -e` still applies inside it.
  set +e; (set -eE; trap 'echo "FAILED ($current): $BASH_COMMAND" >&2' ERR; check_store "$s"); rc=$?; set -e
  note=$(cat "$work/$s.note" 2>/dev/null || true)
  if [ $rc -eq 0 ]; then results+=("$s: OK${note:+ ($note)}"); else results+=("$s: FAILED (see the message above)"); status=1; fi
done
heading summary
printf '%s\n' "${results[@]}"
exit $status
