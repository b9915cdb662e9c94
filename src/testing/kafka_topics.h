#pragma once

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <compare>
#include <cstdlib>
#include <string>
#include <tuple>
#include <vector>

#include "kafka/kafka_config.h"
#include "kafka/kafka_error.h"
#include "kafka/partition_reader.h"
#include "kafka/topic_admin.h"

namespace mobilecs::testing {

// The broker the integration tests use: the project's own (scripts/stack up), or
// KAFKA_BOOTSTRAP_SERVERS.
inline kafka::KafkaConfig test_kafka(const std::string& test_name) {
  static std::atomic<int> counter{0};
  kafka::KafkaConfig config;
  if (const char* servers = std::getenv("KAFKA_BOOTSTRAP_SERVERS")) {
    config.bootstrap_servers = servers;
  }
  // Topics, groups and transactional ids of their own: tests never see each other's messages.
  config.prefix = "test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                  test_name + ".";
  return config;
}

struct KafkaMessage {
  std::string key;
  std::int64_t timestamp = 0;
  std::string value;
  std::int32_t partition = 0;

  // As a consumer compares messages: key, timestamp and value.
  friend bool operator==(const KafkaMessage& a, const KafkaMessage& b) {
    return std::tie(a.key, a.timestamp, a.value) == std::tie(b.key, b.timestamp, b.value);
  }
  friend auto operator<=>(const KafkaMessage& a, const KafkaMessage& b) {
    return std::tie(a.key, a.timestamp, a.value) <=> std::tie(b.key, b.timestamp, b.value);
  }
};

// Every committed message of `topic` (base name, prefixed), read with read_committed.
inline std::vector<KafkaMessage> read_topic(const kafka::KafkaConfig& config,
                                            std::string_view topic) {
  const std::string name = config.name(topic);
  std::map<kafka::PartitionId, kafka::Offset> from;
  for (int p = 0; p < kafka::partition_count(config, name); ++p) {
    from[kafka::PartitionId{p}] = kafka::Offset{-1};
  }
  // A leader moving (a broker killed by the test) fails a read for a while: read again.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    std::vector<KafkaMessage> messages;
    try {
      kafka::read_partitions_to_end(config, name, from, [&](const kafka::Message& m) {
        messages.push_back(KafkaMessage{std::string(m.key().value_or("")), m.timestamp().value,
                                        std::string(m.value().value_or("")), m.partition().value});
      });
      return messages;
    } catch (const kafka::KafkaError& e) {
      if (!e.retriable() || std::chrono::steady_clock::now() > deadline) throw;
    }
  }
}

}  // namespace mobilecs::testing
