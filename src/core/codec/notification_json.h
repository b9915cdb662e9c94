#pragma once

#include <string>

#include "core/model/notification.h"

namespace mobilecs::core {

// The value of a `data-records-aggregates` message (SPEC §2.3): compact JSON, fields in order.
std::string notification_to_json(const Notification& notification);

}  // namespace mobilecs::core
