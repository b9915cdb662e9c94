#pragma once

#include <compare>
#include <cstdint>

namespace mobilecs::core {

// Milliseconds since the Unix epoch: the resolution of Kafka record timestamps, Cassandra
// `timestamp` columns and event-time watermarks.
using EpochMillis = std::int64_t;

// A point on the UTC time line with nanosecond precision, like java.time.Instant.
struct Instant {
  std::int64_t epoch_second = 0;
  std::int32_t nano = 0;  // 0 .. 999'999'999

  friend constexpr auto operator<=>(const Instant&, const Instant&) = default;

  // Floors to the millisecond, as Instant.toEpochMilli() does.
  constexpr EpochMillis epoch_millis() const { return epoch_second * 1000 + nano / 1'000'000; }

  static constexpr Instant from_epoch_millis(EpochMillis ms) {
    std::int64_t second = ms / 1000;
    std::int64_t milli = ms % 1000;
    if (milli < 0) {
      milli += 1000;
      --second;
    }
    return Instant{second, static_cast<std::int32_t>(milli * 1'000'000)};
  }
};

// A date and time without a zone, as java.time.LocalDateTime.
struct LocalDateTime {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int nano = 0;

  friend constexpr bool operator==(const LocalDateTime&, const LocalDateTime&) = default;
};

// Seconds since the epoch of `local` read as UTC.
std::int64_t local_epoch_seconds(const LocalDateTime& local);
LocalDateTime local_date_time_at(std::int64_t local_epoch_second, std::int32_t nano);
bool is_valid_date(int year, int month, int day);

}  // namespace mobilecs::core
