#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace mobilecs::core {

// One threshold of a usage policy, as written (docs/semantics.md §10).
struct UsageThreshold {
  enum class Kind : std::uint8_t { kPercentOfPlan, kBytes };
  Kind kind = Kind::kPercentOfPlan;
  std::int64_t value = 0;  // a percentage of the plan, or bytes

  friend bool operator==(const UsageThreshold&, const UsageThreshold&) = default;
};

// When to forecast that a period's usage will pass its plan (docs/semantics.md §10).
struct ForecastPolicy {
  int trailing_days = 7;      // the days whose rate is projected
  int min_observed_days = 3;  // days of the period that must lie behind a record first

  friend bool operator==(const ForecastPolicy&, const ForecastPolicy&) = default;
};

// Which usage alerts an agreement gets: thresholds in bytes or per cent of the plan, a threshold
// at every step above the plan, and a forecast. The file given with --usage-policy, or an
// agreement's own `usagePolicy`.
struct UsagePolicy {
  std::vector<UsageThreshold> thresholds;
  std::optional<std::int64_t> over_plan_step_bytes;
  std::optional<ForecastPolicy> forecast;

  bool empty() const { return thresholds.empty() && !over_plan_step_bytes && !forecast; }
  friend bool operator==(const UsagePolicy&, const UsagePolicy&) = default;
};

// Limits on a policy, so that an alert's state per window stays small.
inline constexpr std::size_t kMaxUsageThresholds = 32;  // a bit each in the window's state
inline constexpr std::int64_t kMinOverPlanStepBytes = 1 << 20;
inline constexpr int kMaxForecastDays = 31;  // a billing period's days
inline constexpr std::int64_t kMaxPercentOfPlan = 1'000'000;

}  // namespace mobilecs::core
