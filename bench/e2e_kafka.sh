#!/usr/bin/env bash
# End-to-end benchmark of the distributed roles on the local broker (scripts/stack up): from the
# moment the importer starts on SUBSCRIBERS x MONTHS reference files to the last committed
# ingester transaction (notifications visible to read_committed consumers), with INGESTERS
# ingester processes writing data records to STORE (rocksdb: their local store; cassandra: the
# local Cassandra, a fresh keyspace). Prints records/s.
#   bench/e2e_kafka.sh [SUBSCRIBERS] [MONTHS] [INGESTERS] [STORE]
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers=${1:-20000}
months=${2:-3}
ingesters=${3:-1}
store=${4:-rocksdb}
binary=${MOBILECS_BINARY:-build/src/app/mobilecs}
work=$(mktemp -d /tmp/mobilecs-kafka-bench.XXXXXX)
export MOBILECS_TOPIC_PREFIX="bench-$$-$(date +%s)."
export MOBILECS_LOG_LEVEL=debug

$binary generate agreements --count "$subscribers" --kafka 2>/dev/null
$binary generate incoming-data-records --subscribers "$subscribers" --months "$months" \
  --dir "$work/in" 2>/dev/null
records=$(cat "$work"/in/*.csv | wc -l)

pids=()
for i in $(seq 1 "$ingesters"); do
  $binary ingester --until-idle --idle-timeout-ms 2000 --instance-id "$i" \
    --state-dir "$work/state-$i" --store "$store" --cassandra-keyspace "bench_$$_$(date +%s)" \
    2>"$work/ingester-$i.log" &
  pids+=($!)
done
for i in $(seq 1 "$ingesters"); do  # every member holds partitions before the clock starts
  until grep -q "assigned partitions" "$work/ingester-$i.log"; do sleep 0.1; done
done
start=$(date +%s.%N)
$binary importer --until-idle --dir "$work/in" 2>"$work/importer.log"
imported=$(date +%s.%N)
wait "${pids[@]}"
# The last transaction that carried data records, across the ingesters.
last=$(grep -hE "transaction [0-9]+: [1-9][0-9]* data records" "$work"/ingester-*.log |
  cut -c1-23 | sort | tail -1)
end=$(date -d "${last/T/ }" +%s.%N)
awk -v r="$records" -v s="$start" -v i="$imported" -v e="$end" -v n="$ingesters" 'BEGIN {
  printf "records %d, ingesters %d, store '"$store"'\nimport %.2f s (%.0f records/s)\nfiles to committed notifications %.2f s (%.0f records/s)\n",
    r, n, i - s, r / (i - s), e - s, r / (e - s) }'
rm -rf "$work"
