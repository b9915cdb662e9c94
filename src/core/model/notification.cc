#include "core/model/notification.h"

namespace mobilecs::core {

std::string_view to_string(NotificationType type) {
  switch (type) {
    case NotificationType::kDataPlanExceeded:
      return "DATA_PLAN_EXCEEDED";
    case NotificationType::kBillingPeriodClosed:
      return "BILLING_PERIOD_CLOSED";
  }
  return "UNKNOWN";
}

std::optional<NotificationType> parse_notification_type(std::string_view text) {
  for (const auto type :
       {NotificationType::kDataPlanExceeded, NotificationType::kBillingPeriodClosed}) {
    if (text == to_string(type)) return type;
  }
  return std::nullopt;
}

}  // namespace mobilecs::core
