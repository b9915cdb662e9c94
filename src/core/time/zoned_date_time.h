#pragma once

#include <string>
#include <string_view>

#include "core/time/instant.h"
#include "core/time/time_zones.h"

namespace mobilecs::core {

// An instant with the offset and (optionally) the region it is shown in, as
// java.time.ZonedDateTime: the text form of docs/formats.md §1
struct ZonedDateTime {
  Instant instant;
  std::int32_t offset_seconds = 0;
  std::string zone;  // IANA region id; empty when the text named only an offset

  friend bool operator==(const ZonedDateTime&, const ZonedDateTime&) = default;

  LocalDateTime local() const {
    return local_date_time_at(instant.epoch_second + offset_seconds, instant.nano);
  }
};

// The result of reading a date-time text without copying it.
// The instants mobilecs accepts: every billing period they fall in, in any time zone (offsets
// are at most 18 h), is within the years 1 to 9999 that its stores and API can hold and read.
inline constexpr Instant kFirstStorableInstant{-62135510400, 0};  // 0001-01-02T00:00Z
inline constexpr Instant kLastStorableInstant{253402214399,
                                              999'999'999};  // 9999-12-30T23:59:59.999999999Z

struct ParsedDateTime {
  Instant instant;
  std::int32_t offset_seconds = 0;
  std::string_view zone;  // points into the parsed text; empty when absent
};

// Reads `2020-01-02T00:00+01:00[Europe/Warsaw]`, `2020-01-02T00:00:05.250+01:00` or
// `2020-01-01T23:00:00Z`. The offset fixes the instant; a bracketed region must exist in the
// tz database. On failure returns false and sets `error` to a sentence naming the problem.
bool parse_date_time(std::string_view text, TimeZones& zones, ParsedDateTime& out,
                     std::string& error);

// The offset a parsed date-time is shown with, as Java does: its region's own at that instant
// (which wins over a stale one in the text), else the one written.
std::int32_t shown_offset(const ParsedDateTime& parsed, TimeZones& zones);

// Like parse_date_time, and shows the instant in its region (shown_offset).
bool parse_zoned_date_time(std::string_view text, TimeZones& zones, ZonedDateTime& out,
                           std::string& error);

// The instant shown in `zone` (its offset looked up in the tz database).
ZonedDateTime zoned_date_time_at(Instant instant, const date::time_zone& zone);

// Writes the text as ZonedDateTime.toString() does: seconds omitted when they and the fraction
// are zero, the fraction in groups of three digits, `Z` for a zero offset, `[region]` if any.
// Writes at most kMaxDateTimeTextLength characters plus the region id; returns the end.
char* format_date_time(const LocalDateTime& local, std::int32_t offset_seconds,
                       std::string_view zone, char* out);
inline constexpr std::size_t kMaxDateTimeTextLength = 40;
std::string to_string(const ZonedDateTime& value);

}  // namespace mobilecs::core
