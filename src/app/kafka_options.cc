#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "app/commands.h"
#include "files/secret_file.h"
#include "kafka/client_config.h"
#include "kafka/kafka_error.h"

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
      .add_option("--replication-factor", config.replication_factor,
                  "Replicas of each partition of the topics mobilecs creates (default: 3, or as "
                  "many as the cluster has brokers if fewer)")
      ->check(CLI::Range(1, 100))
      ->group("Kafka");
  command
      .add_option("--min-insync-replicas", config.min_insync_replicas,
                  "Replicas that must have a write before it counts (the topics' "
                  "min.insync.replicas; default: 2 with 3 replicas or more, else 1)")
      ->check(CLI::Range(1, 100))
      ->group("Kafka");
  auto backoff_ms = std::make_shared<std::int64_t>(config.retry_backoff.initial.count());
  auto backoff_max_ms = std::make_shared<std::int64_t>(config.retry_backoff.max.count());
  command
      .add_option("--retry-backoff-ms", *backoff_ms,
                  "First wait before trying again what failed (the broker, the store); doubled "
                  "after each failure")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{60'000}))
      ->capture_default_str()
      ->group("Kafka");
  command
      .add_option("--retry-backoff-max-ms", *backoff_max_ms,
                  "Longest wait between two tries; also how soon a role notices a server is back")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{60'000}))
      ->capture_default_str()
      ->group("Kafka");
  // Files are read once the command line is parsed, so that a flag wins over its environment
  // variable. The settings apply in this order, a later one of a name winning: the properties
  // file, MOBILECS_KAFKA_SASL_PASSWORD, -X settings, the password file.
  auto config_file = std::make_shared<std::string>();
  auto password_file = std::make_shared<std::string>();
  command
      .add_option("--kafka-config-file", *config_file,
                  "librdkafka settings for every Kafka client, a key=value properties file: "
                  "security.protocol, sasl.mechanisms, sasl.username, sasl.password, "
                  "ssl.ca.location, ... (where secrets belong: not on the command line)")
      ->envname("MOBILECS_KAFKA_CONFIG_FILE")
      ->group("Kafka");
  command
      .add_option_function<std::vector<std::string>>(
          "-X,--kafka-setting",
          [&config](const std::vector<std::string>& settings) {
            for (const auto& s : settings) {
              auto setting = kafka::parse_client_setting(s);
              if (kafka::is_secret_setting(setting.first)) {
                spdlog::warn(
                    "-X {}: a secret on the command line can be read by anyone who lists the "
                    "machine's processes; put it in --kafka-config-file or "
                    "MOBILECS_KAFKA_SASL_PASSWORD(_FILE) instead",
                    setting.first);
              }
              config.client_settings.push_back(std::move(setting));
            }
          },
          "librdkafka setting for every Kafka client, key=value (repeatable): "
          "security.protocol, sasl.*, ssl.*, ... (secrets: --kafka-config-file)")
      ->group("Kafka");
  command
      .add_option("--kafka-sasl-password-file", *password_file,
                  "File holding the SASL password (its first line); MOBILECS_KAFKA_SASL_PASSWORD "
                  "gives it directly")
      ->envname("MOBILECS_KAFKA_SASL_PASSWORD_FILE")
      ->group("Kafka");
  command.parse_complete_callback([&config, config_file, password_file, backoff_ms,
                                   backoff_max_ms] {
    if (*backoff_max_ms < *backoff_ms) {
      throw CLI::ValidationError("--retry-backoff-max-ms", "must be at least --retry-backoff-ms (" +
                                                               std::to_string(*backoff_ms) + ")");
    }
    config.retry_backoff = {std::chrono::milliseconds(*backoff_ms),
                            std::chrono::milliseconds(*backoff_max_ms)};
    std::vector<std::pair<std::string, std::string>> settings;
    if (!config_file->empty()) settings = kafka::read_client_settings(*config_file);
    if (const char* password = std::getenv("MOBILECS_KAFKA_SASL_PASSWORD");
        password != nullptr && *password != '\0') {
      settings.emplace_back("sasl.password", password);
    }
    config.client_settings.insert(config.client_settings.begin(), settings.begin(), settings.end());
    if (!password_file->empty()) {
      config.client_settings.emplace_back(
          "sasl.password", files::read_secret_line(*password_file, "the SASL password"));
    }
  });
}

}  // namespace mobilecs::app
