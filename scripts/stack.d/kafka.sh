# Sourced by scripts/stack: Kafka (KRaft, combined broker/controller) nodes.

kafka_configure() {  # node
  local n=$1 dir listener=PLAINTEXT replicas min_isr voters="" other
  dir=$(node_dir kafka "$n")
  mkdir -p "$dir/logs"
  [[ -z $secure ]] || { make_secrets; listener=SASL_SSL; }
  replicas=$nodes min_isr=$(((nodes + 1) / 2))
  for other in $all_nodes; do
    voters+="${voters:+,}$other@$(address "$other"):$controller_port"
  done
  cat >"$dir/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$voters
listeners=$listener://$(address "$n"):$kafka_port,CONTROLLER://$(address "$n"):$controller_port
advertised.listeners=$listener://$(address "$n"):$kafka_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=$listener
listener.security.protocol.map=CONTROLLER:PLAINTEXT,$listener:$listener
log.dirs=$dir/data
num.partitions=6
auto.create.topics.enable=false
offsets.topic.replication.factor=$replicas
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=$replicas
transaction.state.log.min.isr=$min_isr
transaction.state.log.num.partitions=6
group.initial.rebalance.delay.ms=0
share.coordinator.state.topic.replication.factor=$replicas
share.coordinator.state.topic.min.isr=$min_isr
PROPERTIES
  if [[ -n $secure ]]; then
    # SCRAM for clients and the broker itself; the controller listener stays on loopback, and its
    # (anonymous) principal must be a super user for the broker to register.
    cat >>"$dir/server.properties" <<PROPERTIES
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(cat "$secrets/kafka-admin.password")";
ssl.keystore.type=PEM
ssl.keystore.location=$secrets/kafka-keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$secrets/ca.pem
ssl.client.auth=none
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin;User:ANONYMOUS
allow.everyone.if.no.acl.found=false
PROPERTIES
    chmod 600 "$dir/server.properties"
  fi
  if [[ ! -f $dir/data/meta.properties ]]; then
    # The nodes of a cluster share its id: made once, kept beside them.
    if [[ ! -f $stack/kafka-cluster-id ]]; then
      mkdir -p "$stack"
      java -cp "$kafka_lib/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1 \
        >"$stack/kafka-cluster-id"
    fi
    local users=() user
    if [[ -n $secure ]]; then
      for user in admin importer ingester backend; do
        users+=(--add-scram "SCRAM-SHA-512=[name=$user,password=$(cat "$secrets/kafka-$user.password")]")
      done
    fi
    java "${kafka_java_opts[@]}" "-Dstack.logs=$dir/logs" -cp "$kafka_lib/*" kafka.tools.StorageTool format \
      -t "$(cat "$stack/kafka-cluster-id")" -c "$dir/server.properties" "${users[@]}" \
      >"$dir/logs/format.log" 2>&1 || { cat "$dir/logs/format.log" >&2; exit 1; }
  fi
}

# Starts node N unless it runs; records where its log stood, for kafka_wait.
kafka_start() {  # node
  local n=$1 dir pid_file
  dir=$(node_dir kafka "$n") pid_file=$(node_pid kafka "$n")
  if running "$pid_file"; then
    log "$(node_name kafka "$n") already running (pid $(cat "$pid_file"))"
    rm -f "$dir/logs/.started-at"
    return
  fi
  port_taken broker "$(address "$n")" "$kafka_port" && return
  kafka_configure "$n"
  log_size "$dir/logs/server.log" >"$dir/logs/.started-at"
  nohup java "${kafka_java_opts[@]}" "-Dstack.logs=$dir/logs" -cp "$kafka_lib/*" kafka.Kafka \
    "$dir/server.properties" >>"$dir/logs/stdout.log" 2>&1 &
  echo $! >"$pid_file"
}

kafka_wait() {  # node
  local n=$1 dir pid_file
  dir=$(node_dir kafka "$n") pid_file=$(node_pid kafka "$n")
  [[ -f $dir/logs/.started-at ]] || return 0  # not started by us
  for _ in $(seq 1 180); do
    if ! running "$pid_file"; then
      log "$(node_name kafka "$n") exited while starting; see $dir/logs/"
      tail -20 "$dir/logs/stdout.log" >&2
      exit 1
    fi
    if port_open "$kafka_port" "$(address "$n")" &&
      logged_since "$dir/logs/server.log" "$(cat "$dir/logs/.started-at")" "Kafka Server started"; then
      rm -f "$dir/logs/.started-at"
      log "$(node_name kafka "$n") up on $(address "$n"):$kafka_port (pid $(cat "$pid_file"))${secure:+, SASL_SSL}"
      return
    fi
    sleep 0.5
  done
  log "$(node_name kafka "$n") did not answer within 90 s; see $dir/logs/"
  exit 1
}

# The nodes of a cluster are started together (a controller quorum needs two of three).
kafka_up() {  # nodes
  local n
  for n in "$@"; do kafka_start "$n"; done
  for n in "$@"; do kafka_wait "$n"; done
  # Another checkout's broker (found on the default port) has its own ACLs.
  [[ -z $secure || ! -f $(node_pid kafka 1) ]] || kafka_acls
}
