#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/agreement.h"
#include "core/model/data_record.h"
#include "core/model/notification.h"
#include "core/model/usage_alert.h"

namespace mobilecs::core {

// A record stored (docs/semantics.md §8) but not added to its window, because the window had
// closed.
struct LateRecord {
  DataRecord record;
  EpochMillis watermark = 0;  // the watermark it came after
};

// A record the processor would not take: adding it would bring its billing period's total past
// what a notification can carry (a Java long). Neither stored nor counted; reported.
struct RefusedRecord {
  Uuid internal_id;
  EpochMillis recorded_at = 0;
  std::string reason;
};

// What one step of the processor produced, for the adapters to persist and publish.
struct ProcessorOutput {
  std::vector<Agreement> agreements;        // accepted, for the agreement table
  std::vector<DataRecord> data_records;     // matched records, to store (docs/semantics.md §3)
  std::vector<Notification> notifications;  // to publish (docs/semantics.md §5, §3.6)
  std::vector<LateRecord> late_records;     // to report (docs/semantics.md §8)
  std::vector<RefusedRecord> refused;       // to report
  std::vector<UsageAlert> alerts;           // to publish (docs/semantics.md §10)

  void clear() {
    agreements.clear();
    data_records.clear();
    notifications.clear();
    late_records.clear();
    refused.clear();
    alerts.clear();
  }
  bool empty() const {
    return agreements.empty() && data_records.empty() && notifications.empty() &&
           late_records.empty() && refused.empty() && alerts.empty();
  }
};

// Totals since the processor started, for logs and metrics.
struct ProcessorCounters {
  std::uint64_t agreements = 0;
  std::uint64_t records = 0;
  std::uint64_t matched = 0;   // records matched to an agreement (stored)
  std::uint64_t waited = 0;    // records that had to wait for their agreement
  std::uint64_t released = 0;  // waiting records matched when their agreement came
  std::uint64_t late = 0;
  std::uint64_t refused = 0;  // would overflow their period's total
  std::uint64_t data_plan_exceeded = 0;
  std::uint64_t billing_period_closed = 0;
  std::uint64_t usage_alerts = 0;
};

}  // namespace mobilecs::core
