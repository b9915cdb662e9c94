#pragma once

#include <date/tz.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/matching/agreement_matcher.h"
#include "core/model/usage_alert.h"
#include "core/model/usage_policy.h"
#include "core/time/billing_period.h"
#include "core/time/period_days.h"
#include "core/windowing/usage_alert_plan.h"
#include "core/windowing/usage_threshold_trigger.h"
#include "core/windowing/usage_window.h"

namespace mobilecs::core {

// The usage alerts of docs/semantics.md §10 for the processor: which policy applies to an
// agreement, and, after each record added to a window, the alerts both triggers fire.
class UsageAlerter {
 public:
  // `configured`: --usage-policy, for agreements without their own.
  explicit UsageAlerter(std::optional<UsagePolicy> configured)
      : configured_(std::move(configured)) {}

  // Sets the alert plan of `terms`: its own policy, else the configured one, for its plan; null
  // without any. Agreements of the same plan size share the configured policy's.
  void resolve(AgreementTerms& terms);
  // Call after `recorded_bytes` at `recorded_at` were added to `window`, of an agreement with an
  // alert plan; appends the alerts fired to `alerts`.
  void on_record(UsageWindow& window, const AgreementTerms& agreement, const BillingPeriod& period,
                 EpochMillis recorded_at, std::int64_t recorded_bytes,
                 std::vector<UsageAlert>& alerts);

 private:
  const PeriodDays& period_days(const date::time_zone& zone, const BillingPeriod& period);

  std::optional<UsagePolicy> configured_;
  std::unordered_map<std::int64_t, std::shared_ptr<const UsageAlertPlan>> configured_plans_;
  std::unordered_map<const date::time_zone*, PeriodDays> period_days_;  // the last per zone
  std::vector<ReachedThreshold> reached_;
};

}  // namespace mobilecs::core
