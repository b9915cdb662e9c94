#pragma once

#include <cstdint>
#include <vector>

#include "core/ids/uuid.h"
#include "core/time/billing_period.h"

namespace mobilecs::core {

// The state of one open window: an agreement's usage in one billing period.
struct UsageWindow {
  Uuid agreement_id;
  int year = 0;
  int month = 0;
  EpochMillis end = 0;  // exclusive end of the period
  std::int64_t record_count = 0;
  std::int64_t total_recorded_bytes = 0;
  EpochMillis latest_recorded_at = 0;
  Uuid latest_internal_record_id;
  bool plan_exceeded_notified = false;
  // Usage alerts (docs/semantics.md §10), when the agreement has a policy.
  std::uint32_t alert_plan = 0;              // UsageAlertPlan::fingerprint() the rest is about
  std::uint32_t thresholds_reached = 0;      // a bit per threshold of the policy, in its order
  std::int64_t over_plan_steps_reached = 0;  // steps above the plan alerted
  bool forecast_done = false;                // fired, or the plan was reached: no forecast any more
  std::vector<std::int64_t> daily_bytes;     // per local day, for the forecast until it fires

  EpochMillis max_timestamp() const { return end - 1; }
  bool is_for(const Uuid& agreement, const BillingPeriod& period) const {
    return agreement_id == agreement && year == period.year && month == period.month;
  }

  friend bool operator==(const UsageWindow&, const UsageWindow&) = default;
};

// The window function (docs/semantics.md §4): the sum of recordedBytes and the latest record, the
// one with the greatest recordedAt; on a tie the one added last. The sum saturates rather than
// wrap.
void add_to_window(UsageWindow& window, EpochMillis recorded_at, const Uuid& internal_record_id,
                   std::int64_t recorded_bytes);

}  // namespace mobilecs::core
