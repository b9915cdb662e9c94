#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kafka/kafka_config.h"

namespace mobilecs::kafka {

struct TopicSpec {
  std::string name;
  int partitions = 1;
  // Compacted topics keep the latest value per key; the others keep everything: their record
  // timestamps are event time (docs/formats.md §3), years in the past, which time-based retention
  // would delete within minutes. Operators may bound them by size (retention.bytes) instead.
  bool compacted = false;
  // Record timestamps are event time (docs/formats.md §3): any date is accepted.
  bool event_time = false;
};

// Creates the topics that do not exist yet, with their partition counts and the replication of
// `config` (kafka/topic_replication.h): mobilecs never relies on the broker creating topics on
// first use. Throws KafkaError naming the topic and the cause
// (retriable when the broker does not answer).
void ensure_topics(const KafkaConfig& config, const std::vector<TopicSpec>& topics);

// How a topic is laid out: its partitions, and the replicas of each (of the first, in fact: all
// partitions mobilecs creates have the same). Zeros if it does not exist.
struct TopicLayout {
  int partitions = 0;
  int replicas = 0;
  int without_leader = 0;  // partitions no broker leads yet (just created, or leader lost)
};
TopicLayout topic_layout(const KafkaConfig& config, const std::string& topic);

// Waits (a few seconds at most) until each of `topics` shows up with a leader for every
// partition; throws KafkaError if one does not show up at all.
void await_leaders(const KafkaConfig& config, const std::vector<std::string>& topics);

// The number of partitions of `topic`; 0 if it does not exist. Throws KafkaError if the broker
// does not answer.
int partition_count(const KafkaConfig& config, const std::string& topic);

// The names of the topics that start with `prefix` (all with an empty prefix).
std::vector<std::string> list_topics(const KafkaConfig& config, const std::string& prefix);

// Deletes `topics` (those that exist). Throws KafkaError naming the topic and the cause.
void delete_topics(const KafkaConfig& config, const std::vector<std::string>& topics);

// The value of the setting `name` of `topic`, as the broker reports it; nullopt if the broker
// reports no such setting. Throws KafkaError if the broker does not answer.
std::optional<std::string> topic_setting(const KafkaConfig& config, const std::string& topic,
                                         const std::string& name);

// The topics every role of mobilecs uses, as it creates them.
std::vector<TopicSpec> mobilecs_topics(const KafkaConfig& config);

}  // namespace mobilecs::kafka
