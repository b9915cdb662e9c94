#!/usr/bin/env bash
# Load test of GET /api/data-records/{id}/{year}/{month} with wrk, for a billing period holding
# a month of hourly records (744 in January 2020), and of GET /health, over STORE:
#   embedded:  mobilecs run --http (RocksDB)
#   cassandra: mobilecs backend on the local Cassandra (scripts/stack up), a fresh keyspace;
#              the agreement reaches Cassandra through Kafka and the ingester.
# Prints wrk's reports (requests/s, latency percentiles). MOBILECS_BINARY picks another build
# (an A/B against an older version).
#   bench/http_api.sh [STORE] [CONNECTIONS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:-embedded}
connections=${2:-16}
seconds=${3:-15}
binary=${MOBILECS_BINARY:-$PWD/build/src/app/mobilecs}
work=$(mktemp -d /tmp/mobilecs-http-bench.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
agreement=0b12c601-9287-3f5c-a78c-df508fe0f889
# Every request carries a token, as clients must (a build from before tokens ignores it).
export MOBILECS_API_TOKEN=${MOBILECS_API_TOKEN:-bench-$(python3 -c 'import secrets; print(secrets.token_hex(16))')}
auth="Authorization: Bearer $MOBILECS_API_TOKEN"
trap 'kill $server 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

if [[ $store == embedded ]]; then
  $binary generate agreements --count 1 --dir "$work/data/agreements" 2>/dev/null
  $binary run --data-dir "$work/data" --http "$port" 2>"$work/server.log" &
  server=$!
else
  keyspace="bench_http_$$"
  export MOBILECS_TOPIC_PREFIX="bench-http-$$."
  $binary generate agreements --count 1 --kafka 2>/dev/null
  $binary ingester --until-idle --idle-timeout-ms 1000 --state-dir "$work/ingester" \
    --store cassandra --cassandra-keyspace "$keyspace" 2>"$work/ingester.log"
  $binary backend --port "$port" --cassandra-keyspace "$keyspace" 2>"$work/server.log" &
  server=$!
fi
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.1; done

# 744 hourly records of January 2020 (Warsaw), by PUT, over one keep-alive connection.
python3 - "$port" "$agreement" "$auth" >"$work/put.curl" <<'PY'
import sys, uuid, datetime
port, agreement, auth = sys.argv[1], sys.argv[2], sys.argv[3]
start = datetime.datetime(2019, 12, 31, 23, tzinfo=datetime.timezone.utc)
for h in range(744):
    if h:
        print('next')
    t = (start + datetime.timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ")
    rid = uuid.uuid5(uuid.NAMESPACE_OID, f"bench-{h}")
    print(f'url = "http://127.0.0.1:{port}/api/data-records/{agreement}"')
    print('request = "PUT"')
    print('header = "Content-Type: application/json"')
    print(f'header = "{auth}"')
    print(f'data = "{{\\"recordedAt\\":\\"{t}\\",\\"internalRecordId\\":\\"{rid}\\",\\"recordedBytes\\":{1000 + h}}}"')
    print('output = "/dev/null"')
PY
# The embedded pipeline may still be importing the agreement: retry until it is known.
tries=0
until [[ $(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/json' -H "$auth" \
  -d '{"recordedAt":"2019-12-31T23:00:00Z","internalRecordId":"'"$(python3 -c 'import uuid; print(uuid.uuid5(uuid.NAMESPACE_OID, "bench-0"))')"'","recordedBytes":1000}' \
  "http://127.0.0.1:$port/api/data-records/$agreement") == 200 ]]; do
  ((++tries < 300)) || { echo "http_api.sh: the first PUT never succeeded; the server said:" >&2; tail -5 "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -s -K "$work/put.curl"
url="http://127.0.0.1:$port/api/data-records/$agreement/2020/1"
echo "records in the period: $(curl -s -H "$auth" "$url" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'), response $(curl -s -H "$auth" "$url" | wc -c) bytes"
echo "store $store, $connections connections, ${seconds}s"
wrk -t1 -c"$connections" -d"${seconds}s" --latency -H "$auth" "$url"
echo "GET /health, $connections connections, ${seconds}s"
wrk -t1 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/health"
