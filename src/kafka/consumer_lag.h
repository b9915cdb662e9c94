#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kafka/kafka_config.h"

namespace mobilecs::kafka {

struct PartitionLag {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t lag = 0;  // messages between the group's committed offset and the end
};

// How far consumer group `group` is behind on each partition of `topics`: the partition's end
// offset minus the group's committed offset (from the beginning if it committed none).
// Transaction markers count as messages, so a transactional topic reads up to one more per
// open transaction. Throws KafkaError if the broker does not answer.
std::vector<PartitionLag> consumer_lag(const KafkaConfig& config, const std::string& group,
                                       const std::vector<std::string>& topics);

}  // namespace mobilecs::kafka
