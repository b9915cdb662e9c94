#pragma once

#include <cstdint>

#include "core/windowing/usage_window.h"

namespace mobilecs::core {

// The trigger: when a window fires.
//  - DATA_PLAN_EXCEEDED once per window, at the first record that brings the sum to the plan
//    (SPEC §3.5);
//  - BILLING_PERIOD_CLOSED when the watermark reaches the period's last millisecond (SPEC §3.6).
// A period whose last millisecond the watermark has reached takes no more records: they are
// late (SPEC §3.8).
class DataPlanTrigger {
 public:
  // Call after the window function added a record; true when DATA_PLAN_EXCEEDED fires now.
  static bool on_record(UsageWindow& window, std::int64_t max_bytes_in_billing_period) {
    if (window.plan_exceeded_notified ||
        window.total_recorded_bytes < max_bytes_in_billing_period) {
      return false;
    }
    window.plan_exceeded_notified = true;
    return true;
  }

  static bool is_closed(EpochMillis period_max_timestamp, EpochMillis watermark) {
    return period_max_timestamp <= watermark;
  }
};

}  // namespace mobilecs::core
