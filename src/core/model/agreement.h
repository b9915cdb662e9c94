#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/ids/uuid.h"
#include "core/model/usage_policy.h"
#include "core/time/zoned_date_time.h"

namespace mobilecs::core {

// A subscriber's contract (docs/formats.md): which MSISDN, since when, and the monthly data plan.
struct Agreement {
  Uuid id;
  std::string msisdn;
  ZonedDateTime signed_at;
  ZonedDateTime service_start_at;
  std::string billing_period_time_zone;  // IANA id, validated against the tz database
  std::int64_t max_bytes_in_billing_period = 0;
  std::optional<UsagePolicy> usage_policy;  // its own, replacing --usage-policy's

  friend bool operator==(const Agreement&, const Agreement&) = default;
};

}  // namespace mobilecs::core
