#!/usr/bin/env bash
# Faults of the production topology, measured: three Kafka brokers and three Cassandra nodes of
# its own (scripts/stack with STACK_NODES=3, on free ports), topics at RF 3 / min ISR 2, keyspace
# at RF 3 (LOCAL_QUORUM), one importer and two ingesters (--store cassandra) and a backend, while
# a month's record file arrives every few seconds. One after the other, each once the pipeline has
# caught up with the last:
#   broker-leader     SIGKILL of the broker leading the most partitions (started again after)
#   controller        SIGKILL of the active controller (started again after)
#   rolling-restart   all three brokers stopped and started, one at a time
#   cassandra-kill    SIGKILL of a Cassandra node (started again after)
#   cassandra-hang    SIGSTOP of another Cassandra node for 60 s, then SIGCONT
#   ingester-kill     SIGKILL of an ingester, started again at once (as a supervisor would)
#   importer-kill     SIGKILL of the importer, started again at once
#   scale-1 / scale-3 / scale-back   ingesters 2 -> 1 -> 3 -> 2 (SIGTERM and start)
# For each: seconds from the fault to the next committed notification, to the consumer lag back
# at 0, and the notification rate in the 30 s after against the 30 s before. At the end, with no
# manual action, the read_committed notifications and the stored rows must equal an embedded run
# of the same input: nothing lost, nothing doubled.
#   bench/cluster_chaos.sh [SUBSCRIBERS] [MONTHS] [SECONDS_BETWEEN_FILES]
# Prints a table (TSV in $work/recovery.tsv) and exits 0 when everything matched.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
subscribers=${1:-150}
months=${2:-180}
every=${3:-3.5}
binary=${MOBILECS_BINARY:-$root/build/src/app/mobilecs}
work=$(mktemp -d /tmp/mobilecs-cluster-chaos.XXXXXX)
log() { echo "cluster-chaos $(date +%T): $*" >&2; }
now() { date +%s.%N; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
kafka_port=$(bench/chaos_support.py port-pair)
cassandra_port=$(bench/chaos_support.py port-pair)
stack() {  # command service
  env STACK_NODES=3 STACK_DIR="$work/stack" KAFKA_PORT="$kafka_port" CASSANDRA_PORT="$cassandra_port" \
    scripts/stack "$@" >>"$work/stack.log" 2>&1
}
brokers="127.0.0.1:$kafka_port,127.0.0.2:$kafka_port,127.0.0.3:$kafka_port"
contacts="127.0.0.1:$cassandra_port,127.0.0.2:$cassandra_port,127.0.0.3:$cassandra_port"
kafka_args=(--bootstrap-servers "$brokers" --topic-prefix "cc.")
cassandra_args=(--cassandra-contact-points "$contacts" --cassandra-keyspace cc)
export MOBILECS_API_TOKEN=cluster-chaos-$(python3 -c 'import secrets; print(secrets.token_hex(16))')

declare -A pid
start_role() {  # name
  case $1 in
    importer) "$binary" importer --dir "$work/incoming" "${kafka_args[@]}" \
      2>>"$work/importer.log" & ;;
    ingester-*) "$binary" ingester --instance-id "${1#ingester-}" --state-dir "$work/state-$1" \
      "${kafka_args[@]}" --store cassandra "${cassandra_args[@]}" 2>>"$work/$1.log" & ;;
  esac
  pid[$1]=$!
}
stop_role() {  # name signal
  kill "-$2" "${pid[$1]}"
  wait "${pid[$1]}" 2>/dev/null || true
  unset "pid[$1]"
}
cleanup() {
  for role in "${!pid[@]}"; do kill -9 "${pid[$role]}" 2>/dev/null || true; done
  kill "${watcher:-0}" "${feeder:-0}" "${backend:-0}" 2>/dev/null || true
  stack down || true
}
trap cleanup EXIT

log "work folder $work; Kafka :$kafka_port and Cassandra :$cassandra_port on 127.0.0.1-3"
stack up
log "clusters up"
"$binary" init "${kafka_args[@]}" --replication-factor 3 --min-insync-replicas 2 \
  "${cassandra_args[@]}" --cassandra-replication simple:3 2>"$work/init.log"

# The input, and what an uninterrupted embedded run makes of it.
"$binary" generate agreements --count "$subscribers" --dir "$work/embedded/agreements" 2>/dev/null
"$binary" generate incoming-data-records --subscribers "$subscribers" --months "$months" \
  --dir "$work/files" 2>/dev/null
mkdir -p "$work/embedded/incoming-data-records" "$work/incoming"
cp -p "$work"/files/*.csv "$work/embedded/incoming-data-records/"
"$binary" run --until-idle --data-dir "$work/embedded" 2>"$work/embedded.log"
expected=$(wc -l <"$work/embedded/data-records-aggregates.jsonl")
log "$(cat "$work"/files/*.csv | wc -l) records in $months files, $expected notifications expected"
"$binary" generate agreements --count "$subscribers" --kafka "${kafka_args[@]}" 2>/dev/null

api_port=$(free_port)
"$binary" backend --port "$api_port" "${kafka_args[@]}" "${cassandra_args[@]}" \
  2>"$work/backend.log" &
backend=$!
start_role ingester-1
start_role ingester-2
start_role importer
# Notifications as they become readable (read_committed), and the ingesters' lag, over time.
python3 "$root/bench/chaos_support.py" watch "$brokers" cc.data-records-aggregates "$api_port" \
  >"$work/progress.tsv" 2>"$work/watch.log" &
watcher=$!
# A month's file every few seconds, renamed in, as producers do.
(for f in "$work"/files/*.csv; do mv "$f" "$work/incoming/"; sleep "$every"; done
  touch "$work/input-over") &
feeder=$!

fault() {
  local name=$1
  # Without input nothing follows a fault: its times would mean nothing (give more MONTHS).
  [[ ! -f $work/input-over ]] || { name="$1 (after the input ended)"; log "WARNING: input over"; }
  echo -e "$(now)\t$name" >>"$work/faults.tsv"
  log "fault: $name"
}
notified() { tail -1 "$work/progress.tsv" 2>/dev/null | cut -f2; }
lag() { tail -1 "$work/progress.tsv" 2>/dev/null | cut -f3; }
check_alive() {
  for role in "${!pid[@]}"; do
    if ! kill -0 "${pid[$role]}" 2>/dev/null; then
      log "FAILED: $role exited on its own; see $work/$role.log"
      exit 1
    fi
  done
}
# Until a notification came after the fault and the lag is 0 again (at most 180 s), then 10 s
# of calm, so that each fault is measured on its own.
recovered() {
  local before=$1 deadline=$((SECONDS + 180))
  while ((SECONDS < deadline)); do
    check_alive
    if (($(notified) > before)) && [[ $(lag) == 0 ]]; then sleep 10; return; fi
    sleep 0.5
  done
  log "not recovered within 180 s (notifications $(notified), lag $(lag))"
}
leader_of_most() {
  kcat -L -b "$brokers" -t cc.incoming-data-records 2>/dev/null |
    sed -n 's/.*leader \([0-9]*\),.*/\1/p' | sort | uniq -c | sort -rn | head -1 | awk '{print $2}'
}

sleep 20  # the pipeline at its pace first
n=$(notified)
b=$(leader_of_most); fault broker-leader; stack kill "kafka-$b"; recovered "$n"; stack up "kafka-$b"
n=$(notified)
c=$(env STACK_NODES=3 STACK_DIR="$work/stack" KAFKA_PORT="$kafka_port" scripts/stack controller \
  2>>"$work/stack.log")
fault controller; stack kill "kafka-$c"; recovered "$n"; stack up "kafka-$c"
n=$(notified); fault rolling-restart
for k in 1 2 3; do stack down "kafka-$k"; stack up "kafka-$k"; done
recovered "$n"
n=$(notified); fault cassandra-kill; stack kill cassandra-3; recovered "$n"; stack up cassandra-3
n=$(notified); fault cassandra-hang; stack pause cassandra-2; sleep 60; stack resume cassandra-2
recovered "$n"
n=$(notified); fault ingester-kill; stop_role ingester-1 KILL; start_role ingester-1; recovered "$n"
n=$(notified); fault importer-kill; stop_role importer KILL; start_role importer; recovered "$n"
n=$(notified); fault scale-1; stop_role ingester-2 TERM; recovered "$n"
n=$(notified); fault scale-3; start_role ingester-2; start_role ingester-3; recovered "$n"
n=$(notified); fault scale-back; stop_role ingester-3 TERM; recovered "$n"

wait "$feeder" || true
log "faults over; waiting for the rest"
deadline=$((SECONDS + 600))
while (($(notified) < expected && SECONDS < deadline)); do check_alive; sleep 2; done
sleep 10
check_alive
memory=$(for p in "$work"/stack/*/*.pid; do ps -o rss= -p "$(cat "$p")"; done |
  awk '{s += $1} END {printf "%.1f", s / 1048576}')

kcat -C -b "$brokers" -t cc.data-records-aggregates -X isolation.level=read_committed -e -q \
  -f '%k\t%T\t%s\n' 2>/dev/null | LC_ALL=C sort >"$work/distributed.tsv"
python3 "$root/bench/chaos_support.py" expected "$work/embedded/data-records-aggregates.jsonl" \
  | LC_ALL=C sort >"$work/expected.tsv"
got=$(wc -l <"$work/distributed.tsv")
lost=$(comm -23 "$work/expected.tsv" "$work/distributed.tsv" | wc -l)
doubled=$(uniq -d "$work/distributed.tsv" | wc -l)
for role in "${!pid[@]}"; do stop_role "$role" TERM; done

# Stored rows: every billing period of every agreement, the backend's against the embedded run's.
embedded_port=$(free_port)
"$binary" run --data-dir "$work/embedded" --http "$embedded_port" 2>"$work/embedded-http.log" &
embedded_http=$!
read -r rows_same rows_missing rows_extra < <(python3 "$root/bench/chaos_support.py" rows \
  "$work/embedded/agreements/processed" "$api_port" "$embedded_port" "$months")
kill "$embedded_http"

python3 "$root/bench/chaos_support.py" report "$work/faults.tsv" "$work/progress.tsv" \
  | tee "$work/recovery.tsv"
status=PASSED
((lost == 0 && doubled == 0 && got == expected && rows_missing == 0 && rows_extra == 0)) ||
  status=FAILED
cat <<SUMMARY
cluster chaos $status ($subscribers subscribers x $months months, a file every $every s)
  notifications: $got of $expected expected; lost $lost, doubled $doubled
  stored rows: $rows_same as expected, $rows_missing missing, $rows_extra unexpected
  memory of the six servers at the end: $memory GiB (RSS)
  logs: $work
SUMMARY
[[ $status == PASSED ]]
