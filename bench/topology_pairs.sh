#!/usr/bin/env bash
# Throughput of the distributed roles on three-node clusters against the one-node stack, on the
# same data: PAIRS times, a bench/e2e_kafka.sh run on one broker and one Cassandra node, then one
# on three brokers and three Cassandra nodes (topics at RF 3 / min ISR 2, the keyspace at RF 3,
# LOCAL_QUORUM). Each stack is private (scripts/stack with STACK_DIR, on free ports), made new for
# each run and deleted after it, so the two never share the machine; with the RocksDB store, only
# Kafka runs. Every run checks its result
# against the embedded pipeline (bench/e2e_kafka.sh).
#   [TOPOLOGIES="1 3"] bench/topology_pairs.sh [PAIRS] [STORE] [SUBSCRIBERS] [MONTHS] [INGESTERS]
# Prints one line per run and a TSV (topology, pair, seconds end to end, records/s, CPU seconds
# the servers used during the run) at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-3}
store=${2:-rocksdb}
subscribers=${3:-20000}
months=${4:-3}
ingesters=${5:-1}
work=$(mktemp -d /tmp/mobilecs-topology.XXXXXX)
log() { echo "topology-pairs $(date +%T): $*" >&2; }

kafka_port=$(bench/chaos_support.py port-pair)
cassandra_port=$(bench/chaos_support.py port-pair)
stack() {  # nodes command
  local nodes=$1
  shift
  env STACK_NODES="$nodes" STACK_DIR="$work/stack-$nodes" KAFKA_PORT="$kafka_port" \
    CASSANDRA_PORT="$cassandra_port" scripts/stack "$@" >>"$work/stack.log" 2>&1
}
running=""
cleanup() {
  local status=$?
  ((status == 0)) || tail -n 15 "$work/bench.log" "$work/stack.log" >&2 || true
  [[ -z $running ]] || stack "$running" down || true
  rm -rf "$work"
}
trap cleanup EXIT

addresses() {  # nodes port
  for n in $(seq 1 "$1"); do echo "127.0.0.$n:$2"; done | paste -sd,
}
servers_cpu() {  # nodes: CPU seconds the servers have used so far
  cat "$work/stack-$1"/*/*.pid 2>/dev/null | xargs -r ps -o times= -p | awk '{ s += $1 } END { print s + 0 }'
}
results=()
for pair in $(seq 1 "$pairs"); do
  for nodes in ${TOPOLOGIES:-1 3}; do
    log "pair $pair: starting $nodes-node clusters"
    running=$nodes
    if [[ $store == rocksdb ]]; then stack "$nodes" up kafka; else stack "$nodes" up; fi
    replication=simple:$nodes
    before=$(servers_cpu "$nodes")
    out=$(KAFKA_BOOTSTRAP_SERVERS=$(addresses "$nodes" "$kafka_port") \
      CASSANDRA_CONTACT_POINT=$(addresses "$nodes" "$cassandra_port") \
      CASSANDRA_REPLICATION=$replication \
      bench/e2e_kafka.sh "$subscribers" "$months" "$ingesters" "$store" 2>>"$work/bench.log")
    servers=$(awk -v a="$before" -v b="$(servers_cpu "$nodes")" 'BEGIN { printf "%.1f", b - a }')
    echo "$out" | sed "s/^/$nodes node(s), pair $pair: /" >&2
    seconds=$(echo "$out" | sed -n 's/^files to committed notifications \([0-9.]*\) s (\([0-9]*\) records.*/\1\t\2/p')
    results+=("$nodes-node	$pair	$seconds	$servers")
    stack "$nodes" reset  # each run on new servers, as the first
    running=""
  done
done
printf 'topology\tpair\tseconds\trecords/s\tservers CPU s\n'
printf '%s\n' "${results[@]}"
