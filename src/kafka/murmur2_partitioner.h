#pragma once

#include <cstdint>
#include <string_view>

namespace mobilecs::kafka {

// Kafka's Java client hash (org.apache.kafka.common.utils.Utils.murmur2) and its default
// partitioner for keyed messages: toPositive(murmur2(key)) % partitions. librdkafka's
// `murmur2_random` partitioner is the same; this copy lets mobilecs check where a message
// should have landed.
std::int32_t murmur2(std::string_view key);
std::int32_t java_partition(std::string_view key, std::int32_t partitions);

}  // namespace mobilecs::kafka
