#!/usr/bin/env bash
# Writes server.properties from the KAFKA_* variables as the official image reads them
# (KAFKA_FOO_BAR -> foo.bar, "__" -> "_", "___" -> "-"), formats the storage once with
# CLUSTER_ID, and runs the broker.
set -euo pipefail
properties=/opt/kafka/server.properties
: >"$properties"
while IFS='=' read -r name value; do
  case $name in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_JVM_PERFORMANCE_OPTS) continue ;;
    KAFKA_*)
      key=${name#KAFKA_}
      key=${key,,}
      key=${key//___/-}
      key=${key//__/@}
      key=${key//_/.}
      key=${key//@/_}
      echo "$key=$value" >>"$properties" ;;
  esac
done < <(env)
grep -q '^log.dirs=' "$properties" || echo "log.dirs=/var/lib/kafka/data" >>"$properties"
log_dir=$(sed -n 's/^log.dirs=//p' "$properties" | cut -d, -f1)
java_opts=(${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g} -XX:+UseG1GC -Djava.awt.headless=true
  -Dlog4j2.configurationFile=/opt/kafka/log4j2.properties)
if [[ ! -f $log_dir/meta.properties ]]; then
  java "${java_opts[@]}" -cp '/opt/kafka/libs/*' kafka.tools.StorageTool format \
    -t "${CLUSTER_ID:?set CLUSTER_ID (any 22-character base64 id)}" -c "$properties" --ignore-formatted
fi
exec java "${java_opts[@]}" -cp '/opt/kafka/libs/*' kafka.Kafka "$properties"
