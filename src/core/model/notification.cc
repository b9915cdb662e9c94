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

}  // namespace mobilecs::core
