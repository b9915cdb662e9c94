#pragma once

#include <string>

#include "core/time/instant.h"

namespace mobilecs::core {

// The text java.util.Date.toString() gives in the UTC zone: `Fri Jan 10 23:00:00 UTC 2020`.
// Consumers of `data-records-aggregates` parse `latestRecordedAt` in this form (docs/formats.md
// §3).
std::string format_java_date_utc(EpochMillis millis);

}  // namespace mobilecs::core
