#pragma once

#include <cstdint>
#include <vector>

#include "core/model/usage_alert.h"
#include "core/windowing/usage_alert_plan.h"
#include "core/windowing/usage_window.h"

namespace mobilecs::core {

// A threshold a record brought a window to, for a USAGE_THRESHOLD_REACHED alert.
struct ReachedThreshold {
  AlertThreshold threshold;
  std::int64_t bytes = 0;

  friend bool operator==(const ReachedThreshold&, const ReachedThreshold&) = default;
};

// The trigger of threshold alerts (docs/semantics.md §10): each threshold of the policy and each
// step above the plan fires once per window, at the record whose addition reaches it; one record
// that reaches several fires each, lowest first (a policy threshold before a step on a tie).
class UsageThresholdTrigger {
 public:
  // A record that jumps over more steps than this fires only the highest ones: a hostile record
  // of 2^63 bytes must not produce 2^43 alerts.
  static constexpr std::int64_t kMaxStepsPerRecord = 32;

  // Call after the window function added a record of `recorded_bytes`; appends what it reached
  // to `reached`. A window whose alerts were about another policy or plan (the agreement or the
  // --usage-policy file changed, or state from before usage alerts) first counts every threshold
  // of this one that its total had passed before the record as fired: nothing fires twice, and
  // nothing passed fires late.
  static void on_record(UsageWindow& window, const UsageAlertPlan& plan,
                        std::int64_t recorded_bytes, std::vector<ReachedThreshold>& reached);
};

}  // namespace mobilecs::core
