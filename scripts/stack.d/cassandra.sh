# Sourced by scripts/stack: Cassandra nodes.

# Who may log in to Cassandra, and how: anyone in plain text, or (STACK_SECURE) a role's password
# over TLS only.
cassandra_access() {
  if [[ -z $secure ]]; then
    printf '%s\n' "authenticator: AllowAllAuthenticator" "authorizer: AllowAllAuthorizer"
    return
  fi
  cat <<YAML
authenticator:
  class_name: org.apache.cassandra.auth.PasswordAuthenticator
authorizer: CassandraAuthorizer
role_manager: CassandraRoleManager
client_encryption_options:
  enabled: true
  optional: false
  ssl_context_factory:
    class_name: org.apache.cassandra.security.PEMBasedSslContextFactory
  keystore: $secrets/cassandra-keystore.pem
  require_client_auth: false
  accepted_protocols: [TLSv1.2, TLSv1.3]
YAML
}

cassandra_configure() {  # node
  local n=$1 dir
  dir=$(node_dir cassandra "$n")
  mkdir -p "$dir/logs"
  [[ -z $secure ]] || make_secrets
  cat >"$dir/cassandra.yaml" <<YAML
cluster_name: mobilecs
num_tokens: 16
allocate_tokens_for_local_replication_factor: $nodes
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
data_file_directories: [$dir/data]
commitlog_directory: $dir/commitlog
saved_caches_directory: $dir/saved_caches
hints_directory: $dir/hints
cdc_raw_directory: $dir/cdc_raw
commitlog_sync: periodic
commitlog_sync_period: 10000ms
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "$(address 1):$((cassandra_port + 1))"
listen_address: $(address "$n")
rpc_address: $(address "$n")
storage_port: $((cassandra_port + 1))
native_transport_port: $cassandra_port
start_native_transport: true
endpoint_snitch: SimpleSnitch
$(cassandra_access)
disk_failure_policy: stop
commit_failure_policy: stop
# A dropped keyspace (the tests drop theirs) leaves no snapshot behind.
auto_snapshot: false
concurrent_reads: 8
concurrent_writes: 16
batch_size_warn_threshold: 5KiB
batch_size_fail_threshold: 50KiB
YAML
}

# Starts node N and waits until it serves clients. Nodes join a cluster one at a time.
cassandra_start() {  # node
  local n=$1 dir pid_file started_at
  dir=$(node_dir cassandra "$n") pid_file=$(node_pid cassandra "$n")
  if running "$pid_file"; then
    log "$(node_name cassandra "$n") already running (pid $(cat "$pid_file"))"
    return
  fi
  port_taken server "$(address "$n")" "$cassandra_port" && return
  cassandra_configure "$n"
  local heap=${CASSANDRA_HEAP:-$( ((nodes == 1)) && echo 2g || echo 1g)}
  local java_opts=("-Xms$heap" "-Xmx$heap" -Xss256k)
  while read -r option; do
    [[ -z $option || $option == \#* ]] || java_opts+=("$option")
  done <"$root/stack/cassandra-jvm17.options"
  # The superuser setup starts half a second after start, not Cassandra's 10 s. Not 0: the same
  # delay spaces its retries while known peers are down, as when a cluster is started again
  # node by node, and 0 made that a busy loop logging about 10 MB a second.
  java_opts+=(-Dcassandra-foreground=yes "-Dcassandra.config=file://$dir/cassandra.yaml"
    "-Dcassandra.storagedir=$dir" "-Dcassandra.logdir=$dir/logs"
    "-Dlogback.configurationFile=$root/stack/cassandra-logback.xml"
    -Dcassandra.skip_wait_for_gossip_to_settle=0 -Dcassandra.ring_delay_ms=1000
    -Dcassandra.superuser_setup_delay_ms=500
    -Djava.net.preferIPv4Stack=true)
  for _ in 1 2 3; do
    started_at=$(log_size "$dir/logs/system.log")
    nohup java "${java_opts[@]}" -cp "$cassandra_lib/*" org.apache.cassandra.service.CassandraDaemon \
      >>"$dir/logs/stdout.log" 2>&1 &
    echo $! >"$pid_file"
    cassandra_wait "$n" "$started_at" && return
    # A joining node gives up when its gossip has not reached the seed within the ring delay,
    # which on a loaded machine happens now and then; it resumes its bootstrap when started again.
    logged_since "$dir/logs/system.log" "$started_at" "Unable to contact any seeds" || break
    log "$(node_name cassandra "$n") did not reach the seed in time; starting it again"
  done
  log "$(node_name cassandra "$n") exited while starting; see $dir/logs/"
  tail -20 "$dir/logs/stdout.log" >&2
  exit 1
}

# Until node N serves clients (0), or its process is gone (1).
cassandra_wait() {  # node log-offset
  local n=$1 started_at=$2 dir pid_file
  dir=$(node_dir cassandra "$n") pid_file=$(node_pid cassandra "$n")
  for _ in $(seq 1 360); do
    running "$pid_file" || return 1
    if port_open "$cassandra_port" "$(address "$n")" &&
      logged_since "$dir/logs/system.log" "$started_at" "Startup complete"; then
      log "$(node_name cassandra "$n") up on $(address "$n"):$cassandra_port (pid $(cat "$pid_file"))${secure:+, TLS and passwords}"
      return
    fi
    sleep 0.5
  done
  log "$(node_name cassandra "$n") did not answer within 180 s; see $dir/logs/"
  exit 1
}

cassandra_up() {  # nodes
  local n
  for n in "$@"; do cassandra_start "$n"; done
  [[ -z $secure || ! -f $(node_pid cassandra 1) ]] || cassandra_roles
}
