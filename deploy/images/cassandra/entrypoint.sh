#!/usr/bin/env bash
# Writes cassandra.yaml from the variables the official image reads and runs one node.
set -euo pipefail
address=${CASSANDRA_LISTEN_ADDRESS:-$(hostname -i | awk '{print $1}')}
data=/var/lib/cassandra
cat >/opt/cassandra/cassandra.yaml <<YAML
cluster_name: ${CASSANDRA_CLUSTER_NAME:-mobilecs}
num_tokens: ${CASSANDRA_NUM_TOKENS:-16}
allocate_tokens_for_local_replication_factor: 1
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
data_file_directories: [$data/data]
commitlog_directory: $data/commitlog
saved_caches_directory: $data/saved_caches
hints_directory: $data/hints
cdc_raw_directory: $data/cdc_raw
commitlog_sync: periodic
commitlog_sync_period: 10000ms
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "${CASSANDRA_SEEDS:-$address}"
listen_address: $address
broadcast_address: ${CASSANDRA_BROADCAST_ADDRESS:-$address}
rpc_address: 0.0.0.0
broadcast_rpc_address: ${CASSANDRA_BROADCAST_ADDRESS:-$address}
native_transport_port: 9042
start_native_transport: true
endpoint_snitch: SimpleSnitch
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
disk_failure_policy: stop
commit_failure_policy: stop
batch_size_warn_threshold: 5KiB
batch_size_fail_threshold: 50KiB
YAML
heap=${MAX_HEAP_SIZE:-1G}
java_opts=("-Xms$heap" "-Xmx$heap" -Xss256k)
while read -r option; do
  [[ -z $option || $option == \#* ]] || java_opts+=("$option")
done </opt/cassandra/jvm17.options
exec java "${java_opts[@]}" -Dcassandra-foreground=yes \
  -Dcassandra.config=file:///opt/cassandra/cassandra.yaml -Dcassandra.storagedir=$data \
  -Dcassandra.logdir=$data/logs -Dlogback.configurationFile=/opt/cassandra/logback.xml \
  -Dcassandra.skip_wait_for_gossip_to_settle=0 -Dcassandra.ring_delay_ms=1000 \
  -Djava.net.preferIPv4Stack=true \
  -cp '/opt/cassandra/libs/*' org.apache.cassandra.service.CassandraDaemon
