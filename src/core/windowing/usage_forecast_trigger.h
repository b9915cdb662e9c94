#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "core/model/usage_alert.h"
#include "core/model/usage_policy.h"
#include "core/time/period_days.h"
#include "core/windowing/usage_window.h"

namespace mobilecs::core {

// The forecast trigger (docs/semantics.md §10): after each record, once `min_observed_days` of the
// period lie before the record's day, the rate of the trailing days (the record's own day so far
// and the `trailing_days - 1` before it) is projected from the record on. If the plan would be
// reached before the period ends, and is not yet, it fires, once per window. Only event time and
// the records count: a replay gives the same forecast.
class UsageForecastTrigger {
 public:
  // Call after the window function added `recorded_bytes` at `recorded_at`.
  static std::optional<UsageForecast> on_record(UsageWindow& window, const ForecastPolicy& policy,
                                                const PeriodDays& days, EpochMillis recorded_at,
                                                std::int64_t recorded_bytes,
                                                std::int64_t max_bytes_in_billing_period);
};

// The projection of the trailing days' rate from the record at `at` (on local day `day`), with
// `daily_bytes` holding the period's bytes per local day and `total` their sum; nullopt before
// `min_observed_days`, when nothing was used lately, or once the plan is reached. The trigger
// fires on it when it reaches the plan within the period; the console shows it whenever it exists.
std::optional<UsageForecast> trailing_projection(std::span<const std::int64_t> daily_bytes,
                                                 const ForecastPolicy& policy,
                                                 const PeriodDays& days, int day, EpochMillis at,
                                                 std::int64_t total, std::int64_t max_bytes);

}  // namespace mobilecs::core
