#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kafka/kafka_config.h"

namespace RdKafka {
class Conf;
class KafkaConsumer;
}  // namespace RdKafka
struct rd_kafka_conf_s;

namespace mobilecs::kafka {

// The one place a librdkafka configuration is assembled: the broker address and client id,
// the client's own settings, then the operator's pass-through settings (KafkaConfig::
// client_settings, `-X key=value`), with librdkafka's log routed into mobilecs' log.
// Settings the client cannot work without (a transactional id, read_committed) are `required`:
// the operator may not override them, and is told so.
class ClientConfig {
 public:
  ClientConfig(const KafkaConfig& config, std::string client_id);

  // A default the operator may override.
  ClientConfig& set(std::string name, std::string value);
  // A setting the client depends on.
  ClientConfig& require(std::string name, std::string value);
  // What every consumer of mobilecs needs: a member of `group` that sees committed
  // transactions only and commits its offsets itself, if at all.
  ClientConfig& committed_reader(std::string group);

  // Throw KafkaError::configuration naming a setting librdkafka refuses.
  std::unique_ptr<RdKafka::Conf> build() const;
  rd_kafka_conf_s* build_c() const;  // for the C API; the caller owns it
  // A consumer with these settings (no rebalance callback); throws KafkaError::configuration.
  std::unique_ptr<RdKafka::KafkaConsumer> create_consumer() const;

 private:
  std::vector<std::pair<std::string, std::string>> settings() const;

  const KafkaConfig& config_;
  std::vector<std::pair<std::string, std::string>> defaults_;
  std::vector<std::pair<std::string, std::string>> required_;
};

// Parses `key=value` as given to -X; throws KafkaError::configuration if there is no '='.
std::pair<std::string, std::string> parse_client_setting(std::string_view text);

// The settings of a client properties file (`key=value` lines, `#` or `!` comments, as Kafka's
// own tools and kcat -F read them): where secrets go (sasl.password, ssl.key.password, ...)
// rather than the command line. Throws KafkaError::configuration naming the file and line.
std::vector<std::pair<std::string, std::string>> read_client_settings(const std::string& path);

// Whether a setting's value is a secret (a password, a key, a JAAS or OAuth configuration):
// never shown in a log line, an error, /status or /metrics.
bool is_secret_setting(std::string_view name);

// "name=value" for messages, with a secret's value left out.
std::string printable_setting(std::string_view name, std::string_view value);

}  // namespace mobilecs::kafka
