#!/usr/bin/env bash
# Chaos run of the distributed roles against real servers of its own (a Kafka broker and a
# Cassandra node from scripts/stack, on free ports): one importer and two ingesters
# (--store cassandra) run while record files keep arriving, and for DURATION seconds, at random,
# the broker is restarted (gracefully or with SIGKILL), Cassandra is restarted (likewise), and
# the importer or an ingester is SIGKILLed and started again (as a supervisor would). No role may
# exit on its own. Afterwards, with no manual restart, the read_committed notifications and the
# stored rows must equal an uninterrupted embedded run of the same input.
#   bench/chaos.sh [DURATION_S] [SUBSCRIBERS] [MONTHS] [SEED]
# Prints a summary (kills, restarts, records, lost, doubled); exit status 0 when all matched.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
duration=${1:-300}
subscribers=${2:-300}
months=${3:-12}
seed=${4:-$RANDOM}
RANDOM=$seed
binary=$root/build/src/app/mobilecs
work=$(mktemp -d /tmp/mobilecs-chaos.XXXXXX)
log() { echo "chaos $(date +%T): $*" >&2; }

free_port_pair() {
  python3 - <<'PY'
import socket
while True:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    t = socket.socket()
    try:
        t.bind(("127.0.0.1", port + 1)); t.close(); print(port); break
    except OSError:
        t.close()
PY
}
kafka_port=$(free_port_pair)
cassandra_port=$(free_port_pair)
while [[ $cassandra_port == "$kafka_port" || $cassandra_port == $((kafka_port + 1)) ]]; do
  cassandra_port=$(free_port_pair)
done
stack() {  # command service
  local port_var=KAFKA_PORT port=$kafka_port
  [[ $2 == cassandra ]] && port_var=CASSANDRA_PORT port=$cassandra_port
  env STACK_DIR="$work/stack" "$port_var=$port" KAFKA_HEAP=768m CASSANDRA_HEAP=1g \
    scripts/stack "$1" "$2" >>"$work/stack.log" 2>&1
}
kafka_args=(--bootstrap-servers "127.0.0.1:$kafka_port" --topic-prefix "chaos.")
cassandra_args=(--store cassandra --cassandra-contact-points "127.0.0.1:$cassandra_port"
  --cassandra-keyspace chaos)

declare -A pid
start_role() {  # name
  case $1 in
    importer) "$binary" importer --dir "$work/incoming" "${kafka_args[@]}" \
      2>>"$work/importer.log" & ;;
    ingester-*) "$binary" ingester --instance-id "${1#ingester-}" --state-dir "$work/state-$1" \
      --idle-timeout-ms 1000 "${kafka_args[@]}" "${cassandra_args[@]}" 2>>"$work/$1.log" & ;;
  esac
  pid[$1]=$!
}
check_alive() {
  for role in "${!pid[@]}"; do
    if ! kill -0 "${pid[$role]}" 2>/dev/null; then
      log "FAILED: $role exited on its own; see $work/$role.log"
      tail -5 "$work/$role.log" >&2
      exit 1
    fi
  done
}

log "work folder $work, seed $seed, Kafka :$kafka_port, Cassandra :$cassandra_port"
stack up kafka
stack up cassandra

# The input, and what an uninterrupted embedded run makes of it.
"$binary" generate agreements --count "$subscribers" --dir "$work/embedded/agreements" 2>/dev/null
"$binary" generate incoming-data-records --subscribers "$subscribers" --months "$months" \
  --dir "$work/files" 2>/dev/null
mkdir -p "$work/embedded/incoming-data-records"
cp -p "$work"/files/*.csv "$work/embedded/incoming-data-records/"
"$binary" run --until-idle --data-dir "$work/embedded" 2>"$work/embedded.log"
records=$(cat "$work"/files/*.csv | wc -l)
expected=$(wc -l <"$work/embedded/data-records-aggregates.jsonl")
log "$records records, $expected notifications expected"

"$binary" generate agreements --count "$subscribers" --kafka "${kafka_args[@]}" 2>/dev/null
mkdir -p "$work/incoming"
start_role ingester-1
start_role ingester-2
start_role importer

files=("$work"/files/*.csv)
next_file=0
kills=0 broker_restarts=0 broker_kills=0 cassandra_restarts=0 cassandra_kills=0
end=$((SECONDS + duration))
while ((SECONDS < end)); do
  # Input keeps arriving: a month's file every few seconds (renamed in, as producers do).
  if ((next_file < ${#files[@]})); then
    mv "${files[$next_file]}" "$work/incoming/"
    next_file=$((next_file + 1))
  fi
  sleep $((2 + RANDOM % 5))
  check_alive
  case $((RANDOM % 6)) in
    0) log "broker: graceful restart"; stack down kafka; sleep $((RANDOM % 3)); stack up kafka
       broker_restarts=$((broker_restarts + 1)) ;;
    1) log "broker: SIGKILL and start"; stack kill kafka; sleep $((RANDOM % 3)); stack up kafka
       broker_kills=$((broker_kills + 1)) ;;
    2) if ((RANDOM % 2)); then
         log "cassandra: graceful restart"; stack down cassandra
         cassandra_restarts=$((cassandra_restarts + 1))
       else
         log "cassandra: SIGKILL and start"; stack kill cassandra
         cassandra_kills=$((cassandra_kills + 1))
       fi
       stack up cassandra ;;
    *) roles=(importer ingester-1 ingester-2)
       role=${roles[$((RANDOM % 3))]}
       log "$role: SIGKILL and start again"
       kill -9 "${pid[$role]}"; wait "${pid[$role]}" 2>/dev/null || true
       kills=$((kills + 1)); start_role "$role" ;;
  esac
done
while ((next_file < ${#files[@]})); do mv "${files[$next_file]}" "$work/incoming/"; next_file=$((next_file + 1)); done
check_alive
log "chaos over: $kills role kills, $broker_restarts + $broker_kills broker restarts (graceful + kill), $cassandra_restarts + $cassandra_kills Cassandra restarts; waiting for the roles to finish"

notifications() {
  kcat -C -b "127.0.0.1:$kafka_port" -t chaos.data-records-aggregates -X isolation.level=read_committed \
    -e -q -f '%k\t%T\t%s\n' 2>/dev/null
}
deadline=$((SECONDS + 600))
while (($(notifications | wc -l) < expected && SECONDS < deadline)); do sleep 5; check_alive; done
# Then the rest of the tail: nothing more may come.
sleep 15
check_alive
notifications | LC_ALL=C sort >"$work/distributed.tsv"
python3 bench/chaos_support.py expected "$work/embedded/data-records-aggregates.jsonl" \
  | LC_ALL=C sort >"$work/expected.tsv"
got=$(wc -l <"$work/distributed.tsv")
lost=$(comm -23 "$work/expected.tsv" "$work/distributed.tsv" | wc -l)
doubled=$(($(sort "$work/distributed.tsv" | uniq -d | wc -l)))
extra=$(comm -13 <(sort -u "$work/expected.tsv") <(sort -u "$work/distributed.tsv") | wc -l)

for role in "${!pid[@]}"; do kill "${pid[$role]}"; done
for role in "${!pid[@]}"; do wait "${pid[$role]}" || true; done

# Stored rows: every billing period of every agreement, through the HTTP API of each store.
api_port=$(free_port_pair)
embedded_port=$(free_port_pair)
# Both servers read with one token (the backend refuses to start without a credential).
export MOBILECS_API_TOKEN=${MOBILECS_API_TOKEN:-chaos-$(python3 -c 'import secrets; print(secrets.token_hex(16))')}
"$binary" backend --port "$api_port" "${kafka_args[@]}" \
  --cassandra-contact-points "127.0.0.1:$cassandra_port" --cassandra-keyspace chaos \
  2>"$work/backend.log" &
backend=$!
"$binary" run --data-dir "$work/embedded" --http "$embedded_port" 2>"$work/embedded-http.log" &
embedded_http=$!
rows=$(python3 bench/chaos_support.py rows "$work/embedded/agreements/processed" "$api_port" \
  "$embedded_port" "$months")
kill "$backend" "$embedded_http"; wait "$backend" "$embedded_http" 2>/dev/null || true
read -r rows_same rows_missing rows_extra <<<"$rows"
stack down kafka
stack down cassandra

status=PASSED
((lost == 0 && doubled == 0 && extra == 0 && got == expected && rows_missing == 0 && rows_extra == 0)) ||
  status=FAILED
cat <<SUMMARY
chaos run $status (seed $seed, $duration s, $subscribers subscribers x $months months)
  records: $records; notifications: $got of $expected expected; lost $lost, doubled $doubled, unexpected $extra
  stored rows: $rows_same as expected, $rows_missing missing, $rows_extra unexpected
  faults: $kills role SIGKILLs (importer and two ingesters), broker $broker_restarts graceful restarts + $broker_kills SIGKILLs, Cassandra $cassandra_restarts graceful restarts + $cassandra_kills SIGKILLs
  logs: $work
SUMMARY
[[ $status == PASSED ]]
