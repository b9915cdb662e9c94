#include "core/windowing/usage_window.h"

#include <limits>

namespace mobilecs::core {

void add_to_window(UsageWindow& window, EpochMillis recorded_at, const Uuid& internal_record_id,
                   std::int64_t recorded_bytes) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(window.total_recorded_bytes, recorded_bytes, &sum)) {
    sum = std::numeric_limits<std::int64_t>::max();
  }
  window.total_recorded_bytes = sum;
  if (window.record_count++ == 0 || recorded_at >= window.latest_recorded_at) {
    window.latest_recorded_at = recorded_at;
    window.latest_internal_record_id = internal_record_id;
  }
}

}  // namespace mobilecs::core
