#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>

#include "core/ids/partition_id.h"

namespace mobilecs::kafka {

// Distinct types for what librdkafka passes around as bare integers, so a partition is never
// mistaken for an offset or a timestamp. A partition is the core's input partition.
using core::PartitionId;

// The position of a message in its partition; also "the next offset to read".
struct Offset {
  std::int64_t value = 0;
  friend auto operator<=>(const Offset&, const Offset&) = default;
};

// A message's timestamp: milliseconds since the epoch (event time for mobilecs' inputs).
struct TimestampMs {
  std::int64_t value = 0;
  // The wall clock, for messages stamped when they are written (progress, changelog entries).
  static TimestampMs now() {
    return TimestampMs{std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count()};
  }
  friend auto operator<=>(const TimestampMs&, const TimestampMs&) = default;
};

struct TopicPartition {
  std::string topic;
  PartitionId partition;
  friend auto operator<=>(const TopicPartition&, const TopicPartition&) = default;
};

inline std::string to_string(const TopicPartition& tp) {
  return tp.topic + "[" + std::to_string(tp.partition.value) + "]";
}

}  // namespace mobilecs::kafka
