#include "core/time/instant.h"

#include <date/date.h>

namespace mobilecs::core {

std::int64_t local_epoch_seconds(const LocalDateTime& local) {
  const date::sys_days days{date::year{local.year} /
                            date::month{static_cast<unsigned>(local.month)} /
                            date::day{static_cast<unsigned>(local.day)}};
  return static_cast<std::int64_t>(days.time_since_epoch().count()) * 86400 + local.hour * 3600 +
         local.minute * 60 + local.second;
}

LocalDateTime local_date_time_at(std::int64_t local_epoch_second, std::int32_t nano) {
  std::int64_t days = local_epoch_second / 86400;
  std::int64_t second_of_day = local_epoch_second % 86400;
  if (second_of_day < 0) {
    second_of_day += 86400;
    --days;
  }
  const date::year_month_day ymd{date::sys_days{date::days{days}}};
  return LocalDateTime{static_cast<int>(ymd.year()),
                       static_cast<int>(static_cast<unsigned>(ymd.month())),
                       static_cast<int>(static_cast<unsigned>(ymd.day())),
                       static_cast<int>(second_of_day / 3600),
                       static_cast<int>(second_of_day / 60 % 60),
                       static_cast<int>(second_of_day % 60),
                       nano};
}

bool is_valid_date(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 &&
         date::year_month_day{date::year{year}, date::month{static_cast<unsigned>(month)},
                              date::day{static_cast<unsigned>(day)}}
             .ok();
}

}  // namespace mobilecs::core
