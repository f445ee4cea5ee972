#!/usr/bin/env bash
# Load run of an API-key-authenticated `GET /api/auth/verify` over loopback with wrk (issue #3).
#
# Starts the release binary on a scratch data folder with the API-key rate limit raised through config
# (QUIRE_RATE_LIMIT_API_KEY), registers a user, creates a key, warms up, then runs wrk with latency
# percentiles. Afterwards it checks that every request was counted in the key's usage (batched counters).
#
#   apt-get install -y wrk              # once
#   bench/load-auth.sh                  # builds target/release/quire unless QUIRE_BIN is set
#
# Knobs (environment): QUIRE_BIN, PORT (18282), THREADS (2), CONNECTIONS (32), DURATION (20s),
# WARMUP (5s), LOG (info: the server's default; `warn` drops the per-request log line).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
if [[ -z "${QUIRE_BIN:-}" ]]; then
  cargo build --release -p quire
  QUIRE_BIN=target/release/quire
fi
port=${PORT:-18282}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
duration=${DURATION:-20s}
warmup=${WARMUP:-5s}
base="http://127.0.0.1:$port"
data=$(mktemp -d)

QUIRE_LISTEN=127.0.0.1:$port QUIRE_DATA_DIR="$data" QUIRE_RATE_LIMIT_API_KEY=100000000 \
  RUST_LOG="${LOG:-info},sqlx=warn" "$QUIRE_BIN" serve > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -sf "$base/health" >/dev/null && break; sleep 0.1; done

py() { python3 -c "import json,sys;d=json.load(sys.stdin);print($1)"; }
token=$(curl -sf -X POST "$base/api/auth/register" -H 'content-type: application/json' \
  -d '{"email":"load@example.com","password":"load test password","name":"Load"}' | py 'd["accessToken"]')
team=$(curl -sf "$base/api/teams" -H "Authorization: Bearer $token" | py 'd["data"][0]["id"]')
env=$(curl -sf "$base/api/teams/$team/environments" -H "Authorization: Bearer $token" | py 'd["data"][0]["id"]')
created=$(curl -sf -X POST "$base/api/v1/api-keys" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"environmentId\":\"$env\",\"name\":\"load\",\"permissions\":[\"documents:generate\"]}")
key=$(echo "$created" | py 'd["key"]')
key_id=$(echo "$created" | py 'd["id"]')

limit=$(curl -sf -o /dev/null -D - "$base/api/auth/verify" -H "Authorization: Bearer $key" | tr -d '\r' \
  | awk -F': ' 'tolower($1)=="x-ratelimit-limit"{print $2}')
echo "server $QUIRE_BIN, key rate limit $limit/min, wrk -t$threads -c$connections -d$duration, log level ${LOG:-info}"

wrk -t"$threads" -c"$connections" -d"$warmup" -H "Authorization: Bearer $key" "$base/api/auth/verify" > "$data/warmup.txt"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $key" "$base/api/auth/verify" \
  | tee "$data/run.txt"

if grep -q "Non-2xx" "$data/run.txt" "$data/warmup.txt"; then
  echo "FAIL: some responses were not 2xx" >&2
  exit 1
fi
sent=$(cat "$data/warmup.txt" "$data/run.txt" | awk '/requests in/{s+=$1} END{print s}')
counted=$(curl -sf "$base/api/v1/api-keys/$key_id" -H "Authorization: Bearer $token" | py 'd["totalRequests"]')
# wrk counts only completed responses; connections cut at the end of a run may add a few that it did not.
echo "usage check: wrk completed $sent requests (warm-up + run), the key counted $counted (+1 for the limit probe)"
