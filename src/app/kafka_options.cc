#include "app/commands.h"

namespace mobilecs::app {

void add_kafka_options(CLI::App& command, kafka::KafkaConfig& config) {
  command.add_option("--bootstrap-servers", config.bootstrap_servers, "Kafka brokers")
      ->envname("KAFKA_BOOTSTRAP_SERVERS")
      ->capture_default_str()
      ->group("Kafka");
  command
      .add_option("--topic-prefix", config.prefix,
                  "Prefix of every topic, group and transactional id (to share a cluster)")
      ->envname("MOBILECS_TOPIC_PREFIX")
      ->group("Kafka");
  command
      .add_option("--partitions", config.partitions, "Partitions of the topics mobilecs creates")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str()
      ->group("Kafka");
}

}  // namespace mobilecs::app
