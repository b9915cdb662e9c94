#include "core/time/java_date_text.h"

#include <fmt/format.h>

#include <array>

namespace mobilecs::core {

std::string format_java_date_utc(EpochMillis millis) {
  static constexpr std::array<const char*, 7> kDays = {"Thu", "Fri", "Sat", "Sun",
                                                       "Mon", "Tue", "Wed"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Instant instant = Instant::from_epoch_millis(millis);
  const LocalDateTime t = local_date_time_at(instant.epoch_second, 0);
  std::int64_t days = instant.epoch_second / 86400;
  if (instant.epoch_second % 86400 < 0) {
    --days;
  }
  const auto weekday = static_cast<std::size_t>(((days % 7) + 7) % 7);  // 1970-01-01 was a Thursday
  return fmt::format("{} {} {:02} {:02}:{:02}:{:02} UTC {}", kDays[weekday],
                     kMonths[static_cast<std::size_t>(t.month - 1)], t.day, t.hour, t.minute,
                     t.second, t.year);
}

}  // namespace mobilecs::core
