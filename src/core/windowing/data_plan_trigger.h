#pragma once

#include <cstdint>

#include "core/windowing/usage_window.h"

namespace mobilecs::core {

// What a trigger decides for a window, as Flink's TriggerResult.
enum class TriggerResult {
  kContinue,      // nothing to publish yet
  kFire,          // publish the window's totals; the window stays open
  kFireAndPurge,  // publish the final totals and drop the window
};

// The trigger: when a window fires, in its two halves (Flink's onElement and onEventTime).
//  - on a record: DATA_PLAN_EXCEEDED once per window, at the first record that brings the sum
//    to the plan (docs/semantics.md §5);
//  - on event time: BILLING_PERIOD_CLOSED when the watermark reaches the period's last
//    millisecond, and the window is done (docs/semantics.md §6).
// A period whose last millisecond the watermark has reached takes no more records: they are
// late (docs/semantics.md §8).
class DataPlanTrigger {
 public:
  // Call after the window function added a record.
  static TriggerResult on_record(UsageWindow& window, std::int64_t max_bytes_in_billing_period) {
    if (window.plan_exceeded_notified ||
        window.total_recorded_bytes < max_bytes_in_billing_period) {
      return TriggerResult::kContinue;
    }
    window.plan_exceeded_notified = true;
    return TriggerResult::kFire;
  }

  // Call when the watermark advances, for a window whose period ends at `period_max_timestamp`.
  static TriggerResult on_event_time(EpochMillis period_max_timestamp, EpochMillis watermark) {
    return is_late(period_max_timestamp, watermark) ? TriggerResult::kFireAndPurge
                                                    : TriggerResult::kContinue;
  }

  // Whether a record for the period ending at `period_max_timestamp` comes after its window
  // fired for good.
  static bool is_late(EpochMillis period_max_timestamp, EpochMillis watermark) {
    return period_max_timestamp <= watermark;
  }
};

}  // namespace mobilecs::core
