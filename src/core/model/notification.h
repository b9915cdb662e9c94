#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids/uuid.h"
#include "core/time/instant.h"

namespace mobilecs::core {

enum class NotificationType { kDataPlanExceeded, kBillingPeriodClosed };

std::string_view to_string(NotificationType type);
// The type `text` names (as to_string writes it); nullopt for anything else.
std::optional<NotificationType> parse_notification_type(std::string_view text);

// A message about one agreement's billing period on `data-records-aggregates` (docs/formats.md §3):
// the window's totals when the plan is reached, and again when the period closes.
struct Notification {
  Uuid agreement_id;
  int year = 0;
  int month = 0;
  EpochMillis latest_recorded_at = 0;
  Uuid latest_internal_record_id;
  std::int64_t total_recorded_bytes = 0;
  std::string billing_period_time_zone;
  std::int64_t max_bytes_in_billing_period = 0;
  NotificationType type = NotificationType::kDataPlanExceeded;
  EpochMillis timestamp = 0;  // the period's last millisecond (docs/semantics.md §9)

  friend bool operator==(const Notification&, const Notification&) = default;
};

}  // namespace mobilecs::core
