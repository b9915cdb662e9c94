#pragma once

#include <string>
#include <string_view>

#include "core/model/incoming_data_record.h"
#include "core/time/time_zones.h"
#include "core/time/zoned_date_time.h"

namespace mobilecs::core {

inline constexpr std::size_t kMaxExternalIdLength = 255;

// Reads one line of an incoming data record file, `externalId;recordedAt;msisdn;recordedBytes`
// (docs/formats.md §2), given without its line end. The text fields of `out` point into `line`.
// On failure returns false and sets `error` to a sentence naming the field and the problem.
bool parse_incoming_record_line(std::string_view line, TimeZones& zones, IncomingDataRecord& out,
                                std::string& error);

// Appends the line (with '\n') for a record whose recordedAt is `recorded_at` shown in `zone`.
void append_incoming_record_line(std::string& out, std::string_view external_id,
                                 const LocalDateTime& recorded_at, std::int32_t offset_seconds,
                                 std::string_view zone, std::string_view msisdn,
                                 std::int64_t recorded_bytes);

// Reads a non-negative decimal integer that fits in 64 signed bits.
bool parse_non_negative_int64(std::string_view text, std::int64_t& value, std::string& why);

}  // namespace mobilecs::core
