#!/usr/bin/env bash
# Builds the release binary, starts Quire on a scratch data folder with raised rate limits, creates an account,
# a key and a published example template (the Rynko invoice unless EXAMPLE names another), then runs bench/e2e.py
# at concurrency 1 and 16.
#
#   EXAMPLE=label-sheet        bench examples/label-sheet.json with examples/label-sheet.data.json instead
#
#   DATABASE_URL=postgres://…  run on that (empty) PostgreSQL database instead of SQLite
#   WORKER_PROCESSES=N         an API-only node (QUIRE_RUN_WORKERS=false) and N `quire worker` processes beside it
#                              (same machine and data folder); 0 (default): one `quire serve` that runs its workers
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p quire
target=${CARGO_TARGET_DIR:-target}
data=$(mktemp -d)
port=18181
base="http://127.0.0.1:$port"
workers=${WORKER_PROCESSES:-0}
export QUIRE_DATA_DIR="$data" QUIRE_RATE_LIMIT_API_KEY=1000000 QUIRE_RATE_LIMIT_UNAUTHENTICATED=1000000 \
  QUIRE_ENDPOINT_LIMIT_GENERATE=1000000 QUIRE_ENDPOINT_LIMIT_READ=1000000 QUIRE_LOG_FORMAT=json RUST_LOG=warn
[ -n "${DATABASE_URL:-}" ] && export QUIRE_DATABASE_URL="$DATABASE_URL"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null || true' EXIT
QUIRE_LISTEN=127.0.0.1:$port QUIRE_RUN_WORKERS=$([ "$workers" -gt 0 ] && echo false || echo true) \
  "$target/release/quire" serve > "$data/server.log" 2>&1 &
pids+=($!)
for n in $(seq 1 "$workers"); do
  QUIRE_LISTEN=127.0.0.1:0 "$target/release/quire" worker > "$data/worker-$n.log" 2>&1 &
  pids+=($!)
done
echo "store: ${QUIRE_DATABASE_URL:-sqlite (data folder)}; worker processes: $workers"
for _ in $(seq 100); do curl -sf "$base/health" >/dev/null && break; sleep 0.1; done
py() { python3 -c "import json,sys;d=json.load(sys.stdin);print($1)"; }
token=$(curl -sf -X POST "$base/api/auth/register" -H 'content-type: application/json' \
  -d '{"email":"bench@example.com","password":"bench password","name":"Bench"}' | py 'd["accessToken"]')
team=$(curl -sf "$base/api/teams" -H "Authorization: Bearer $token" | py 'd["data"][0]["id"]')
env=$(curl -sf "$base/api/teams/$team/environments" -H "Authorization: Bearer $token" | py 'd["data"][0]["id"]')
key=$(curl -sf -X POST "$base/api/v1/api-keys" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"environmentId\":\"$env\",\"name\":\"bench\",\"permissions\":[\"documents:generate\",\"templates:manage\"]}" | py 'd["key"]')
example=${EXAMPLE:-}
template_file=examples/${example:-rynko-invoice}.json
variables_args=()
[ -n "$example" ] && variables_args=(--variables "examples/$example.data.json")
echo "template: $template_file"
template=$(python3 -c 'import json,sys;t=json.load(open(sys.argv[1]));t["type"]="both";print(json.dumps(t))' "$template_file" \
  | curl -sf -X POST "$base/api/v1/templates" -H "Authorization: Bearer $key" -H 'content-type: application/json' -d @- | py 'd["id"]')
curl -sf -X POST "$base/api/v1/templates/$template/publish" -H "Authorization: Bearer $key" >/dev/null
# The load generator needs httpx: use the interpreter given in $PYTHON, else python3 if it has httpx, else a venv.
python=${PYTHON:-python3}
if ! "$python" -c 'import httpx' 2>/dev/null; then
  venv=/var/tmp/quire-bench-venv
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -c 'import httpx' 2>/dev/null || "$venv/bin/pip" install -q httpx
  python="$venv/bin/python"
fi
"$python" bench/e2e.py --base "$base" --key "$key" --template "$template" --concurrency 1 --trips "${TRIPS_C1:-200}" "${variables_args[@]}"
"$python" bench/e2e.py --base "$base" --key "$key" --template "$template" --concurrency 16 --trips "${TRIPS_C16:-800}" "${variables_args[@]}"
