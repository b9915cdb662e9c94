#include "generator/java_random.h"

#include <stdexcept>

namespace mobilecs::generator {

std::int32_t JavaRandom::next_int(std::int32_t bound) {
  if (bound <= 0) {
    throw std::invalid_argument("bound must be positive");
  }
  std::int32_t r = next(31);
  const std::int32_t m = bound - 1;
  if ((bound & m) == 0) {
    return static_cast<std::int32_t>((static_cast<std::int64_t>(bound) * r) >> 31);
  }
  // Java's rejection test `u - r + m < 0` relies on int overflow; here it is spelled out.
  for (std::int32_t u = r;; u = next(31)) {
    r = u % bound;
    if (static_cast<std::int64_t>(u) - r + m <= INT32_MAX) {
      return r;
    }
  }
}

void JavaRandom::next_bytes(std::uint8_t* bytes, std::size_t count) {
  std::size_t i = 0;
  while (i < count) {
    std::int32_t rnd = next_int();
    for (std::size_t n = count - i < 4 ? count - i : 4; n-- > 0; rnd >>= 8) {
      bytes[i++] = static_cast<std::uint8_t>(rnd);
    }
  }
}

}  // namespace mobilecs::generator
