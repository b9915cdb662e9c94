#include "api/data_usage_text.h"

#include <fmt/format.h>

namespace mobilecs::api {
namespace {

// total / 2^shift, rounded half up, without overflow near 2^63.
std::uint64_t scaled(std::uint64_t total, int shift) {
  if (shift == 0) return total;
  return (total >> shift) + ((total >> (shift - 1)) & 1);
}

}  // namespace

std::string data_usage_text(std::int64_t total_bytes) {
  const auto total = static_cast<std::uint64_t>(total_bytes < 0 ? 0 : total_bytes);
  return fmt::format("{} B\n{} KB\n{} MB\n{} GB", scaled(total, 0), scaled(total, 10),
                     scaled(total, 20), scaled(total, 30));
}

}  // namespace mobilecs::api
