#include "core/time/period_days.h"

#include <algorithm>

#include "core/time/time_zones.h"

namespace mobilecs::core {

int PeriodDays::day_of(EpochMillis t) const {
  const auto first = starts.begin();
  const auto after = std::upper_bound(first + 1, first + days, t);
  return static_cast<int>(after - first) - 1;
}

PeriodDays period_days_of(const date::time_zone& zone, int year, int month) {
  const date::year_month ym{date::year{year}, date::month{static_cast<unsigned>(month)}};
  const auto last = static_cast<unsigned>((ym / date::last).day());
  PeriodDays result;
  result.days = static_cast<int>(last);
  for (unsigned day = 1; day <= last; ++day) {
    // A midnight that does not exist starts the day at the first valid instant, as Java does.
    result.starts[day - 1] =
        instant_of_local(zone, LocalDateTime{year, month, static_cast<int>(day), 0, 0, 0, 0})
            .epoch_millis();
  }
  const int next_year = month == 12 ? year + 1 : year;
  const int next_month = month == 12 ? 1 : month + 1;
  result.starts[last] =
      instant_of_local(zone, LocalDateTime{next_year, next_month, 1, 0, 0, 0, 0}).epoch_millis();
  return result;
}

}  // namespace mobilecs::core
