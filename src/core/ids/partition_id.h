#pragma once

#include <fmt/format.h>

#include <compare>
#include <cstdint>
#include <functional>

namespace mobilecs::core {

// An input partition: partition i of the ingester's input topics, or 0, the one input of the
// embedded pipeline and the importer. A type of its own, so it is never mistaken for an offset or
// a count; the Kafka adapter uses the same type (kafka::PartitionId).
struct PartitionId {
  std::int32_t value = 0;
  friend auto operator<=>(const PartitionId&, const PartitionId&) = default;
};

}  // namespace mobilecs::core

template <>
struct std::hash<mobilecs::core::PartitionId> {
  std::size_t operator()(mobilecs::core::PartitionId p) const noexcept {
    return std::hash<std::int32_t>()(p.value);
  }
};

// Formats as its number ("partition 3", "partitions {0, 1}").
template <>
struct fmt::formatter<mobilecs::core::PartitionId> : fmt::formatter<std::int32_t> {
  auto format(mobilecs::core::PartitionId p, fmt::format_context& ctx) const {
    return fmt::formatter<std::int32_t>::format(p.value, ctx);
  }
};
