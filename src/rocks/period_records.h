#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids/uuid.h"
#include "core/time/instant.h"

namespace mobilecs::rocks {

// The embedded store keeps one entry per billing period (agreement, year, month) whose value is
// the list of that period's records, newest first: a step writes one RocksDB entry per period it
// touched instead of one per record. Lists written at different times are combined by RocksDB's
// merge operator (period_records_merge.h) into the same list the period would have had if written
// at once, so what the store holds does not depend on how the input was cut into steps.
//
// Encoding: a format byte, then 32 bytes per record: recordedAt, internal record id, recordedBytes
// (big-endian), ordered by recordedAt descending, then id ascending, as Cassandra's clustering.
struct PeriodRecord {
  core::EpochMillis recorded_at = 0;
  core::Uuid internal_record_id;
  std::int64_t recorded_bytes = 0;

  friend bool operator==(const PeriodRecord&, const PeriodRecord&) = default;
};

inline constexpr char kPeriodRecordsFormat = 1;
inline constexpr std::size_t kPeriodRecordSize = 8 + 16 + 8;

// The clustering order: recordedAt descending, then internal record id.
inline bool newest_first(const PeriodRecord& a, const PeriodRecord& b) {
  return a.recorded_at != b.recorded_at ? a.recorded_at > b.recorded_at
                                        : a.internal_record_id < b.internal_record_id;
}

// Starts a list in `out` (cleared); append records already in clustering order.
void begin_period_records(std::string& out);
void append_period_record(std::string& out, const PeriodRecord& record);

// Whether `list` is a well-formed list (format byte and whole records).
bool is_period_records(std::string_view list);
// Decodes a well-formed list; throws std::runtime_error naming the problem otherwise.
std::vector<PeriodRecord> decode_period_records(std::string_view list);

// Combines lists written one after the other (oldest first) into one, as upserts by primary key
// (recordedAt, internal record id): a later list's record replaces an earlier one with the same
// key. Returns false, leaving `out` unspecified, if a list is malformed.
bool combine_period_records(std::span<const std::string_view> lists, std::string& out);

}  // namespace mobilecs::rocks
