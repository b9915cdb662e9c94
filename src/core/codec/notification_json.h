#pragma once

#include <string>

#include "core/model/notification.h"
#include "core/processing/processor_output.h"

namespace mobilecs::core {

// The value of a `data-records-aggregates` message (docs/formats.md §3): compact JSON, fields in
// order.
std::string notification_to_json(const Notification& notification);

// A notification as one line of the embedded run's `data-records-aggregates.jsonl`: the Kafka
// message it stands for, `{"timestamp":ms,"key":"<agreementId>","value":{...}}`
// (docs/configuration.md).
std::string notification_line(const Notification& notification);

// A record stored but not counted because its billing period had closed (docs/semantics.md §8), for
// the late-record report: the data record and the watermark it came after.
std::string late_record_to_json(const LateRecord& late);

}  // namespace mobilecs::core
