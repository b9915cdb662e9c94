#pragma once

#include <string>

#include "core/model/notification.h"

namespace mobilecs::embedded {

// A notification as one line of `data-records-aggregates.jsonl`: the Kafka message it stands
// for, `{"timestamp":ms,"key":"<agreementId>","value":{...}}` (docs/configuration.md).
std::string notification_line(const core::Notification& notification);

}  // namespace mobilecs::embedded
