#include "rocks/period_records.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace mobilecs::rocks {
namespace {

// Whole words at once rather than ByteWriter's byte at a time: every record is written once and
// read at least once more by the merge, so this is on the pipeline's critical path.
void store_big_endian(char* out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) out[i] = static_cast<char>(v & 0xff);
}

std::uint64_t load_big_endian(const char* in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | static_cast<std::uint8_t>(in[i]);
  return v;
}

// `list` must be well-formed (is_period_records).
PeriodRecord read_record(std::string_view list, std::size_t index) {
  const char* in = list.data() + 1 + index * kPeriodRecordSize;
  PeriodRecord r;
  r.recorded_at = static_cast<std::int64_t>(load_big_endian(in));
  std::memcpy(r.internal_record_id.bytes.data(), in + 8, 16);
  r.recorded_bytes = static_cast<std::int64_t>(load_big_endian(in + 24));
  return r;
}

std::size_t record_count(std::string_view list) { return (list.size() - 1) / kPeriodRecordSize; }

}  // namespace

void begin_period_records(std::string& out) {
  out.clear();
  out.push_back(kPeriodRecordsFormat);
}

void append_period_record(std::string& out, const PeriodRecord& record) {
  char encoded[kPeriodRecordSize];
  store_big_endian(encoded, static_cast<std::uint64_t>(record.recorded_at));
  std::memcpy(encoded + 8, record.internal_record_id.bytes.data(), 16);
  store_big_endian(encoded + 24, static_cast<std::uint64_t>(record.recorded_bytes));
  out.append(encoded, kPeriodRecordSize);
}

bool is_period_records(std::string_view list) {
  return !list.empty() && list[0] == kPeriodRecordsFormat &&
         (list.size() - 1) % kPeriodRecordSize == 0;
}

std::vector<PeriodRecord> decode_period_records(std::string_view list) {
  if (!is_period_records(list)) {
    throw std::runtime_error(
        "corrupt billing period records: expected format 1 and whole 32-byte records, found " +
        std::to_string(list.size()) + " bytes");
  }
  std::vector<PeriodRecord> records;
  records.reserve(record_count(list));
  for (std::size_t i = 0; i < record_count(list); ++i) records.push_back(read_record(list, i));
  return records;
}

bool combine_period_records(std::span<const std::string_view> lists, std::string& out) {
  if (!std::all_of(lists.begin(), lists.end(), is_period_records)) return false;
  std::vector<PeriodRecord> all;
  std::size_t total = 0;
  for (std::string_view list : lists) total += record_count(list);
  all.reserve(total);
  for (std::string_view list : lists) {
    for (std::size_t i = 0; i < record_count(list); ++i) all.push_back(read_record(list, i));
  }
  // Stable: of records with the same key, the one from the latest list ends each run.
  std::stable_sort(all.begin(), all.end(), newest_first);
  begin_period_records(out);
  out.reserve(1 + all.size() * kPeriodRecordSize);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const bool replaced = i + 1 < all.size() && all[i].recorded_at == all[i + 1].recorded_at &&
                          all[i].internal_record_id == all[i + 1].internal_record_id;
    if (!replaced) append_period_record(out, all[i]);
  }
  return true;
}

}  // namespace mobilecs::rocks
