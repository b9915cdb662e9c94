# Sourced by scripts/stack: the secure stack's test CA, certificates, users, ACLs and roles.

# The secure stack's test CA, server certificate (for 127.0.0.1-3 and localhost), users and
# passwords, and each client's settings, made once.
make_secrets() {
  [[ -f $secrets/.complete ]] && return
  rm -rf "$secrets" && mkdir -p "$secrets" && chmod 700 "$secrets"
  (
    cd "$secrets"
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=mobilecs test CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout ca.key -out ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=localhost" -keyout server.key \
      -out server.csr 2>/dev/null
    printf '%s\n' "basicConstraints=critical,CA:FALSE" \
      "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth,clientAuth" \
      "subjectAltName=IP:127.0.0.1,IP:127.0.0.2,IP:127.0.0.3,DNS:localhost" >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 825 -sha256 \
      -extfile server.ext -out server.pem 2>/dev/null
    cat server.pem server.key >kafka-keystore.pem      # Kafka: chain, then key (PKCS#8)
    cat server.key server.pem >cassandra-keystore.pem  # Cassandra: key, then chain
    for user in admin importer ingester backend; do
      password=$(openssl rand -hex 24)
      printf '%s\n' "$password" >"kafka-$user.password"
      printf '%s\n' "security.protocol=SASL_SSL" "sasl.mechanisms=SCRAM-SHA-512" \
        "sasl.username=$user" "sasl.password=$password" "ssl.ca.location=$secrets/ca.pem" \
        >"kafka-$user.properties"
    done
    printf '%s\n' "security.protocol=SASL_SSL" "sasl.mechanism=SCRAM-SHA-512" \
      "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$(cat kafka-admin.password)\";" \
      "ssl.truststore.type=PEM" "ssl.truststore.location=$secrets/ca.pem" >kafka-admin-java.properties
    openssl rand -hex 24 >cassandra-mobilecs.password
    openssl rand -hex 24 >cassandra-admin.password
    rm -f server.csr server.ext ca.srl
    touch .complete
  )
  log "secrets made in $secrets (a test CA, certificates, passwords)"
}

# Each role's Kafka ACLs: its own topics, group and transactional ids, nothing else.
kafka_acls() {
  local p=$topic_prefix
  acl() {
    java -Dlog4j2.configurationFile="$root/stack/log4j2-tools.properties" -cp "$kafka_lib/*" \
      org.apache.kafka.tools.AclCommand --bootstrap-server "$bootstrap" \
      --command-config "$secrets/kafka-admin-java.properties" --add --force "$@" >/dev/null
  }
  acl --allow-principal User:importer --operation Write --operation Describe \
    --topic "${p}incoming-data-records" --topic "${p}mobilecs-import-progress"
  acl --allow-principal User:importer --operation Read --topic "${p}mobilecs-import-progress"
  acl --allow-principal User:ingester --operation Read --operation Describe --topic "${p}agreements" \
    --topic "${p}incoming-data-records" --topic "${p}mobilecs-ingester-changelog"
  acl --allow-principal User:ingester --operation Write --operation Describe \
    --topic "${p}data-records-aggregates" --topic "${p}mobilecs-ingester-changelog" \
    --topic "${p}mobilecs-late-data-records"
  acl --allow-principal User:backend --operation Write --operation Describe --topic "${p}agreements" \
    --topic "${p}audit"
  acl --allow-principal User:backend --operation Read --operation Describe \
    --topic "${p}data-records-aggregates" --topic "${p}audit" --topic "${p}incoming-data-records"
  acl --allow-principal User:backend --operation Describe --group "${p}mobilecs-ingester"
  for role in importer ingester backend; do
    acl --allow-principal "User:$role" --operation Write --operation Describe \
      --transactional-id "${p}mobilecs-$role-" --resource-pattern-type prefixed
  done
  acl --allow-principal User:ingester --operation Read --group "${p}mobilecs-ingester" \
    --group "${p}mobilecs-partition-reader"
  acl --allow-principal User:importer --operation Read --group "${p}mobilecs-partition-reader"
  acl --allow-principal User:backend --operation Read --group "${p}mobilecs-follower-" \
    --resource-pattern-type prefixed
  log "kafka ACLs set for importer, ingester and backend (topic prefix '${p}')"
}

# The secure Cassandra's roles: `mobilecs` for the pipeline, and the default superuser's
# password changed (everyone knows cassandra/cassandra).
cassandra_roles() {
  [[ -f $cassandra_dir/.roles ]] && return
  local statements
  statements="CREATE ROLE IF NOT EXISTS mobilecs WITH PASSWORD = '$(cat "$secrets/cassandra-mobilecs.password")' AND LOGIN = true
GRANT CREATE ON ALL KEYSPACES TO mobilecs
ALTER ROLE cassandra WITH PASSWORD = '$(cat "$secrets/cassandra-admin.password")'"
  # Logins are checked against system_auth: with one replica, losing its node locks everyone out.
  ((nodes == 1)) || statements+="
ALTER KEYSPACE system_auth WITH replication = {'class': 'SimpleStrategy', 'replication_factor': $nodes}"
  for _ in $(seq 1 60); do
    if STACK_CASSANDRA_PASSWORD=cassandra java -cp "$cassandra_lib/*" "$root/stack/CassandraRoles.java" \
      127.0.0.1 "$cassandra_port" "$secrets/ca.pem" cassandra <<<"$statements" \
      >>"$cassandra_dir/logs/roles.log" 2>&1; then
      touch "$cassandra_dir/.roles"
      log "cassandra role mobilecs made; the superuser's password changed"
      return
    fi
    sleep 1
  done
  log "cannot make the cassandra roles; see $cassandra_dir/logs/roles.log"
  exit 1
}
