#include "app/commands.h"
#include "kafka/client_config.h"

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
  command
      .add_option_function<std::vector<std::string>>(
          "-X,--kafka-setting",
          [&config](const std::vector<std::string>& settings) {
            for (const auto& s : settings) {
              config.client_settings.push_back(kafka::parse_client_setting(s));
            }
          },
          "librdkafka setting for every Kafka client, key=value (repeatable): "
          "security.protocol, sasl.*, ssl.*, ...")
      ->group("Kafka");
}

}  // namespace mobilecs::app
