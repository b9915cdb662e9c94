#pragma once

#include <date/tz.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time/instant.h"

namespace mobilecs::core {

// Looks zones up in the system tz database, remembering the answers: a hot path asks for the
// same few names millions of times. Not thread-safe; give each thread its own.
class TimeZones {
 public:
  // The zone with IANA id `id`, or nullptr when the database has no such zone.
  const date::time_zone* find(std::string_view id);

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // Unknown names are remembered too, up to a bound, so garbage input cannot grow the cache.
  static constexpr std::size_t kMaxUnknownNames = 1024;
  std::unordered_map<std::string, const date::time_zone*, Hash, std::equal_to<>> known_;
  std::size_t unknown_count_ = 0;
};

// Offset from UTC of `zone` at `epoch_second`, in seconds.
std::int32_t offset_at(const date::time_zone& zone, std::int64_t epoch_second);

// The instant of a local date-time in `zone`, resolved as java.time.ZonedDateTime.of does:
// in a gap the time moves forward by the gap's length; in an overlap the earlier offset wins.
Instant instant_of_local(const date::time_zone& zone, const LocalDateTime& local);

}  // namespace mobilecs::core
