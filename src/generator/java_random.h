#pragma once

#include <cstddef>
#include <cstdint>

namespace mobilecs::generator {

// java.util.Random, bit for bit: the 48-bit linear congruential generator its Javadoc
// specifies. The reference data set (docs/reference-data.md) is defined by its sequences.
class JavaRandom {
 public:
  explicit JavaRandom(std::int64_t seed) { set_seed(seed); }

  void set_seed(std::int64_t seed) {
    seed_ = (static_cast<std::uint64_t>(seed) ^ kMultiplier) & kMask;
  }
  std::int32_t next(int bits) {
    seed_ = (seed_ * kMultiplier + kAddend) & kMask;
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(seed_ >> (48 - bits)));
  }
  std::int32_t next_int() { return next(32); }
  std::int32_t next_int(std::int32_t bound);
  double next_double() {
    const auto high = static_cast<std::int64_t>(next(26)) << 27;
    return static_cast<double>(high + next(27)) * 0x1.0p-53;
  }
  void next_bytes(std::uint8_t* bytes, std::size_t count);

 private:
  static constexpr std::uint64_t kMultiplier = 0x5DEECE66DULL;
  static constexpr std::uint64_t kAddend = 0xBULL;
  static constexpr std::uint64_t kMask = (1ULL << 48) - 1;
  std::uint64_t seed_ = 0;
};

}  // namespace mobilecs::generator
