#pragma once

#include <string>

#include "core/model/notification.h"
#include "core/processing/processor_output.h"

namespace mobilecs::embedded {

// A notification as one line of `data-records-aggregates.jsonl`: the Kafka message it stands
// for, `{"timestamp":ms,"key":"<agreementId>","value":{...}}` (SPEC §4.1).
std::string notification_line(const core::Notification& notification);

// A late record as one line of `late-data-records.jsonl`: the stored record and the watermark
// its billing period had already passed.
std::string late_record_line(const core::LateRecord& late);

}  // namespace mobilecs::embedded
