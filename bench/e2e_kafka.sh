#!/usr/bin/env bash
# End-to-end benchmark of the distributed roles on the local broker (scripts/stack up): from the
# moment the importer starts on SUBSCRIBERS x MONTHS reference files to the moment the last
# notification is readable by a read_committed consumer, with INGESTERS ingester processes
# writing data records to STORE (rocksdb: their local store; cassandra: the local Cassandra, a
# fresh keyspace). The result is checked: the notifications (count and the sum of their
# totalRecordedBytes) must be those of the embedded pipeline on the same data, or the run fails.
# Phases are timed from outside: import (importer start to exit), the rest (importer exit to
# the last notification readable), end to end.
# The last billing periods close once the inputs have been quiet for the ingesters' idle timeout
# (IDLE_TIMEOUT_MS, default 2000; docs/semantics.md §7), so that much of the time after the
# import is waiting. A partition quiet for that long while others still have input stops holding
# the watermark back, so an overloaded machine can make records late and the result wrong: the
# check then fails the run (give a longer timeout).
# The servers: KAFKA_BOOTSTRAP_SERVERS and CASSANDRA_CONTACT_POINT (default the local stack),
# CASSANDRA_REPLICATION for the keyspace (default simple:1).
#   [IDLE_TIMEOUT_MS=...] bench/e2e_kafka.sh [SUBSCRIBERS] [MONTHS] [INGESTERS] [STORE]
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers=${1:-20000}
months=${2:-3}
ingesters=${3:-1}
store=${4:-rocksdb}
binary=${MOBILECS_BINARY:-build/src/app/mobilecs}
bootstrap=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}
command -v kcat >/dev/null || { echo "kcat is missing: scripts/setup installs it" >&2; exit 1; }
work=$(mktemp -d /tmp/mobilecs-kafka-bench.XXXXXX)
export MOBILECS_TOPIC_PREFIX="bench-$$-$(date +%s)."
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -z ${BENCH_LOGS:-} ]] || cp "$work"/*.log "$BENCH_LOGS"/ 2>/dev/null || true
  "$binary" topics delete >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "reference: the embedded pipeline on the same data" >&2
"$binary" generate agreements --count "$subscribers" --dir "$work/embedded/agreements" 2>/dev/null
"$binary" generate incoming-data-records --subscribers "$subscribers" --months "$months" \
  --dir "$work/embedded/incoming-data-records" 2>/dev/null
cp -a "$work/embedded/incoming-data-records" "$work/in"  # -a: files are taken oldest first
"$binary" run --until-idle --data-dir "$work/embedded" 2>"$work/embedded.log"
reference=$(bench/notification_totals.py jsonl <"$work/embedded/data-records-aggregates.jsonl")
read -r expected_count expected_sum <<<"$reference"
if ((expected_count == 0)); then
  echo "the embedded run published no notifications: see $work/embedded.log" >&2
  exit 1
fi
records=$(cat "$work"/in/*.csv | wc -l)

"$binary" generate agreements --count "$subscribers" --kafka 2>/dev/null
keyspace="bench_$$_$(date +%s)"  # one for all the ingesters
for i in $(seq 1 "$ingesters"); do
  "$binary" ingester --idle-timeout-ms "${IDLE_TIMEOUT_MS:-2000}" --instance-id "$i" \
    --state-dir "$work/state-$i" --store "$store" --cassandra-keyspace "$keyspace" \
    ${CASSANDRA_REPLICATION:+--cassandra-replication "$CASSANDRA_REPLICATION"} \
    2>"$work/ingester-$i.log" &
  pids+=($!)
done
for i in $(seq 1 "$ingesters"); do  # every member holds partitions before the clock starts
  until grep -q "assigned partitions" "$work/ingester-$i.log"; do
    kill -0 "${pids[$((i - 1))]}" 2>/dev/null ||
      { echo "ingester $i ended:" >&2; tail -5 "$work/ingester-$i.log" >&2; exit 1; }
    sleep 0.1
  done
done
mkfifo "$work/notifications"
kcat -C -b "$bootstrap" -t "${MOBILECS_TOPIC_PREFIX}data-records-aggregates" -o beginning -u \
  -X isolation.level=read_committed -f '%s\n' >"$work/notifications" 2>"$work/kcat.log" &
pids+=($!)
timeout 300 bench/notification_totals.py values "$expected_count" <"$work/notifications" \
  >"$work/totals" &
watcher=$!

echo "importing $records records" >&2
start=$(date +%s.%N)
"$binary" importer --until-idle --dir "$work/in" 2>"$work/importer.log"
imported=$(date +%s.%N)
if ! wait "$watcher"; then
  echo "fewer notifications than the embedded run's $expected_count (kcat: $(tail -1 "$work/kcat.log"));" \
    "the ingesters said:" >&2
  grep -h "notifications, " "$work"/ingester-*.log | tail -"$ingesters" >&2
  exit 1
fi
read -r count sum end <"$work/totals"
# The watcher stopped at the expected count: no more may follow (none doubled, none extra).
total=$(kcat -C -b "$bootstrap" -t "${MOBILECS_TOPIC_PREFIX}data-records-aggregates" -e -q \
  -X isolation.level=read_committed -f '%o\n' | wc -l)
if ((total != expected_count)); then
  echo "wrong result: $total notifications, the embedded run's $expected_count" >&2
  exit 1
fi
if [[ $sum != "$expected_sum" ]]; then
  echo "wrong result: $count notifications summing $sum bytes, the embedded run's sum to" \
    "$expected_sum" >&2
  exit 1
fi
awk -v r="$records" -v s="$start" -v i="$imported" -v e="$end" -v n="$ingesters" \
  -v c="$count" -v st="$store" 'BEGIN {
  printf "records %d, ingesters %d, store %s: %d notifications, as the embedded run\n", r, n, st, c
  printf "import %.2f s (%.0f records/s)\n", i - s, r / (i - s)
  printf "after the import %.2f s\n", e - i
  printf "files to committed notifications %.2f s (%.0f records/s)\n", e - s, r / (e - s) }'
