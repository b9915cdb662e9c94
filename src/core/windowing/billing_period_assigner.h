#pragma once

#include <date/tz.h>

#include <unordered_map>

#include "core/time/billing_period.h"

namespace mobilecs::core {

// The window assigner: puts a record into the billing period that contains it in its
// agreement's time zone (docs/semantics.md §4). Remembers the last period per zone, so records of
// the same month, the common case, cost a comparison instead of a tz database look-up.
class BillingPeriodAssigner {
 public:
  const BillingPeriod& assign(const date::time_zone& zone, EpochMillis t);

 private:
  std::unordered_map<const date::time_zone*, BillingPeriod> last_;
};

}  // namespace mobilecs::core
