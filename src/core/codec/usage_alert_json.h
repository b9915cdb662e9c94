#pragma once

#include <string>

#include "core/model/usage_alert.h"

namespace mobilecs::core {

// The value of a `data-usage-alerts` message (docs/formats.md §6): compact JSON, fields in order.
std::string usage_alert_to_json(const UsageAlert& alert);

// An alert as one line of the embedded run's `data-usage-alerts.jsonl`, in the shape of
// notification_line: `{"timestamp":ms,"key":"<agreementId>","value":{...}}`.
std::string usage_alert_line(const UsageAlert& alert);

// A threshold as the alert names it: `{"percentOfPlan":80}`, `{"bytes":N}`, `{"overPlanStep":2}`.
std::string alert_threshold_to_json(const AlertThreshold& threshold);

}  // namespace mobilecs::core
