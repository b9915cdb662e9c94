#include "kafka/murmur2_partitioner.h"

namespace mobilecs::kafka {

std::int32_t murmur2(std::string_view key) {
  constexpr std::uint32_t kSeed = 0x9747b28c;
  constexpr std::uint32_t m = 0x5bd1e995;
  constexpr int r = 24;
  const auto length = static_cast<std::uint32_t>(key.size());
  std::uint32_t h = kSeed ^ length;
  const auto* data = reinterpret_cast<const std::uint8_t*>(key.data());
  const std::uint32_t blocks = length / 4;
  for (std::uint32_t i = 0; i < blocks; ++i) {
    const std::uint32_t b = i * 4;
    std::uint32_t k = data[b] | data[b + 1] << 8 | data[b + 2] << 16 |
                      static_cast<std::uint32_t>(data[b + 3]) << 24;
    k *= m;
    k ^= k >> r;
    k *= m;
    h *= m;
    h ^= k;
  }
  const std::uint32_t tail = blocks * 4;
  switch (length % 4) {
    case 3:
      h ^= static_cast<std::uint32_t>(data[tail + 2]) << 16;
      [[fallthrough]];
    case 2:
      h ^= static_cast<std::uint32_t>(data[tail + 1]) << 8;
      [[fallthrough]];
    case 1:
      h ^= data[tail];
      h *= m;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return static_cast<std::int32_t>(h);
}

std::int32_t java_partition(std::string_view key, std::int32_t partitions) {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

}  // namespace mobilecs::kafka
