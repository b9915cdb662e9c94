#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids/uuid.h"
#include "core/model/usage_policy.h"
#include "core/time/instant.h"

namespace mobilecs::core {

enum class UsageAlertType { kThresholdReached, kForecastExceedsPlan };

std::string_view to_string(UsageAlertType type);
std::optional<UsageAlertType> parse_usage_alert_type(std::string_view text);

// Which threshold an alert is about: one of the policy's, or the n-th step above the plan.
struct AlertThreshold {
  enum class Kind : std::uint8_t { kPercentOfPlan, kBytes, kOverPlanStep };
  Kind kind = Kind::kPercentOfPlan;
  std::int64_t value = 0;

  friend bool operator==(const AlertThreshold&, const AlertThreshold&) = default;
};

// A threshold of a policy as an alert names it.
inline AlertThreshold as_alert_threshold(const UsageThreshold& t) {
  return AlertThreshold{t.kind == UsageThreshold::Kind::kPercentOfPlan
                            ? AlertThreshold::Kind::kPercentOfPlan
                            : AlertThreshold::Kind::kBytes,
                        t.value};
}

// When the trailing rate of usage would bring a period to its plan (docs/semantics.md §10).
struct UsageForecast {
  EpochMillis projected_exhaustion_at = 0;
  std::int64_t projected_period_total_bytes = 0;
  std::int64_t days_left = 0;  // whole days from the record to the projected exhaustion
  std::int32_t exhaustion_offset_seconds = 0;  // of the agreement's zone then, to show it there

  friend bool operator==(const UsageForecast&, const UsageForecast&) = default;
};

// A message on `data-usage-alerts` (docs/formats.md §6): a threshold reached, or a forecast that
// the plan will run out before the period ends.
struct UsageAlert {
  Uuid agreement_id;
  int year = 0;
  int month = 0;
  UsageAlertType type = UsageAlertType::kThresholdReached;
  std::optional<AlertThreshold> threshold;  // for kThresholdReached
  std::int64_t threshold_bytes = 0;         // the plan, for a forecast
  std::int64_t total_recorded_bytes = 0;
  std::int64_t max_bytes_in_billing_period = 0;
  EpochMillis latest_recorded_at = 0;
  Uuid latest_internal_record_id;
  std::string billing_period_time_zone;
  std::optional<UsageForecast> forecast;  // for kForecastExceedsPlan
  EpochMillis timestamp = 0;              // recordedAt of the record that caused it

  friend bool operator==(const UsageAlert&, const UsageAlert&) = default;
};

}  // namespace mobilecs::core
