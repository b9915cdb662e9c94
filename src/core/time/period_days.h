#pragma once

#include <date/tz.h>

#include <array>

#include "core/time/instant.h"

namespace mobilecs::core {

// The local days of a billing period as instants: day k (0-based) is [starts[k], starts[k + 1]),
// starts[days] being the period's end. Days are 23 to 25 hours long across DST changes.
struct PeriodDays {
  std::array<EpochMillis, 32> starts{};
  int days = 0;

  EpochMillis end() const { return starts[static_cast<std::size_t>(days)]; }
  // The day `t` falls in; `t` must lie inside the period.
  int day_of(EpochMillis t) const;
};

PeriodDays period_days_of(const date::time_zone& zone, int year, int month);

}  // namespace mobilecs::core
