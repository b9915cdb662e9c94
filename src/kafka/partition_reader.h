#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "kafka/kafka_config.h"

namespace mobilecs::kafka {

// Reads the committed messages of some partitions of `topic`, each from its offset (or its
// beginning, if negative), to their current ends: how a role rebuilds what a compacted topic
// holds. Returns, per partition, the offset to continue from. Throws KafkaError if the ends are
// not reached within two minutes.
std::map<std::int32_t, std::int64_t> read_partitions_to_end(
    const KafkaConfig& config, const std::string& topic,
    const std::map<std::int32_t, std::int64_t>& from_offsets,
    const std::function<void(const RdKafka::Message&)>& visit);

}  // namespace mobilecs::kafka
