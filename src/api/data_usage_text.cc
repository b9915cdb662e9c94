#include "api/data_usage_text.h"

#include <fmt/format.h>

namespace mobilecs::api {
namespace {

// total / 2^shift, rounded half up.
core::ByteTotal scaled(core::ByteTotal total, int shift) {
  if (shift == 0) return total;
  return (total >> shift) + ((total >> (shift - 1)) & 1);
}

}  // namespace

std::string data_usage_text(core::ByteTotal total_bytes) {
  const core::ByteTotal total = total_bytes < 0 ? 0 : total_bytes;
  return fmt::format("{} B\n{} KB\n{} MB\n{} GB", core::to_string(scaled(total, 0)),
                     core::to_string(scaled(total, 10)), core::to_string(scaled(total, 20)),
                     core::to_string(scaled(total, 30)));
}

}  // namespace mobilecs::api
