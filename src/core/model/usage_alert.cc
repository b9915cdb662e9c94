#include "core/model/usage_alert.h"

namespace mobilecs::core {

std::string_view to_string(UsageAlertType type) {
  switch (type) {
    case UsageAlertType::kThresholdReached:
      return "USAGE_THRESHOLD_REACHED";
    case UsageAlertType::kForecastExceedsPlan:
      return "USAGE_FORECAST_EXCEEDS_PLAN";
  }
  return "UNKNOWN";
}

std::optional<UsageAlertType> parse_usage_alert_type(std::string_view text) {
  for (const auto type :
       {UsageAlertType::kThresholdReached, UsageAlertType::kForecastExceedsPlan}) {
    if (text == to_string(type)) return type;
  }
  return std::nullopt;
}

}  // namespace mobilecs::core
