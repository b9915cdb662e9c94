#include "rocks/rocks_data_record_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <tuple>

#include "core/codec/agreement_json.h"
#include "core/processing/byte_codec.h"
#include "rocks/period_records.h"
#include "store/store_error.h"

namespace mobilecs::rocks {
namespace {

// Flipping the sign bit makes signed numbers sort as unsigned big-endian bytes.
std::uint16_t sortable(std::int16_t v) { return static_cast<std::uint16_t>(v) ^ 0x8000; }

std::string period_key(const core::Uuid& agreement_id, int year, int month) {
  std::string key;
  key.reserve(kDataRecordKeyLength);
  core::ByteWriter(key)
      .uuid(agreement_id)
      .integer<std::uint16_t>(sortable(static_cast<std::int16_t>(year)))
      .integer<std::uint8_t>(static_cast<std::uint8_t>(month));
  return key;
}

bool same_period(const core::DataRecord& a, const core::DataRecord& b) {
  return a.agreement_id == b.agreement_id && a.year == b.year && a.month == b.month;
}

// The index of agreements by MSISDN: the MSISDN, a separator no MSISDN holds, the id.
std::string msisdn_key(std::string_view msisdn, const core::Uuid& id) {
  std::string key(msisdn);
  key.push_back('/');
  key.append(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size());
  return key;
}

}  // namespace

RocksDataRecordStore::RocksDataRecordStore(Database& db) : db_(db) {
  // Before this layout every record was an entry of its own, keyed by period, time and id.
  db_.scan(Family::kDataRecords, "", std::string(kDataRecordKeyLength + 1, '\xff'),
           [&](std::string_view key, std::string_view) {
             if (key.size() != kDataRecordKeyLength) {
               throw store::StoreError(
                   fmt::format("{} holds data records in the layout of an earlier mobilecs (one "
                               "entry per record), which this version cannot read: start with "
                               "an empty folder (for mobilecs run, over the input files again)",
                               db_.dir().string()),
                   false);
             }
             return false;
           });
}

// A step's million records are sorted with this: the ids compared as two big-endian integers
// rather than by memcmp, which took a tenth of the pipeline's time.
bool key_order(const core::DataRecord& a, const core::DataRecord& b) {
  const core::Uuid &x = a.agreement_id, &y = b.agreement_id;
  if (x.high() != y.high()) return x.high() < y.high();
  if (x.low() != y.low()) return x.low() < y.low();
  if (a.year != b.year) return a.year < b.year;
  if (a.month != b.month) return a.month < b.month;
  if (a.recorded_at != b.recorded_at) return a.recorded_at > b.recorded_at;  // newest first
  const core::Uuid &p = a.internal_record_id, &q = b.internal_record_id;
  return p.high() != q.high() ? p.high() < q.high() : p.low() < q.low();
}

void RocksDataRecordStore::stage(WriteBatch& batch, std::span<core::DataRecord> records) {
  std::sort(records.begin(), records.end(), key_order);
  std::string list;
  for (auto run = records.begin(); run != records.end();) {
    begin_period_records(list);
    auto r = run;
    for (; r != records.end() && same_period(*r, *run); ++r) {
      append_period_record(list, {r->recorded_at, r->internal_record_id, r->recorded_bytes});
    }
    batch.merge(Family::kDataRecords, period_key(run->agreement_id, run->year, run->month), list);
    run = r;
  }
}

void RocksDataRecordStore::stage_agreements(WriteBatch& batch,
                                            std::span<const core::Agreement> agreements) {
  for (const core::Agreement& a : agreements) {
    batch.put(Family::kAgreementsByMsisdn, msisdn_key(a.msisdn, a.id), "");
    batch.put(Family::kAgreements,
              std::string_view(reinterpret_cast<const char*>(a.id.bytes.data()), a.id.bytes.size()),
              core::agreement_to_json(a));
  }
}

void RocksDataRecordStore::write(std::span<const core::DataRecord> records) {
  std::vector<core::DataRecord> sorted(records.begin(), records.end());
  WriteBatch batch = db_.batch();
  stage(batch, sorted);
  db_.write(batch);
}

void RocksDataRecordStore::write_agreements(std::span<const core::Agreement> agreements) {
  WriteBatch batch = db_.batch();
  stage_agreements(batch, agreements);
  db_.write(batch);
}

std::vector<PeriodRecord> RocksDataRecordStore::period(const core::Uuid& agreement_id, int year,
                                                       int month) {
  const auto list = db_.get(Family::kDataRecords, period_key(agreement_id, year, month));
  if (!list) return {};
  try {
    return decode_period_records(*list);
  } catch (const std::runtime_error& e) {
    throw store::StoreError(fmt::format("{} in {}, agreement {}, period {}-{:02}", e.what(),
                                        db_.dir().string(), agreement_id.to_string(), year, month),
                            false);
  }
}

std::vector<core::DataRecord> RocksDataRecordStore::find(const core::Uuid& agreement_id, int year,
                                                         int month) {
  std::vector<core::DataRecord> records;
  for (const PeriodRecord& r : period(agreement_id, year, month)) {
    records.push_back({agreement_id, static_cast<std::int16_t>(year),
                       static_cast<std::int8_t>(month), r.recorded_at, r.internal_record_id,
                       r.recorded_bytes});
  }
  return records;
}

core::ByteTotal RocksDataRecordStore::total_bytes(const core::Uuid& agreement_id, int year,
                                                  int month) {
  core::ByteTotal total = 0;
  for (const PeriodRecord& r : period(agreement_id, year, month)) total += r.recorded_bytes;
  return total;
}

std::vector<core::Agreement> RocksDataRecordStore::find_agreements_by_msisdn(
    std::string_view msisdn) {
  std::vector<core::Uuid> ids;
  db_.for_each(Family::kAgreementsByMsisdn, std::string(msisdn) + "/",
               [&](std::string_view key, std::string_view) {
                 core::Uuid id;
                 std::memcpy(id.bytes.data(), key.data() + key.size() - id.bytes.size(),
                             id.bytes.size());
                 ids.push_back(id);
               });
  std::vector<core::Agreement> agreements;
  for (const core::Uuid& id : ids) {
    if (auto a = find_agreement(id)) agreements.push_back(std::move(*a));
  }
  return agreements;
}

std::optional<core::Agreement> RocksDataRecordStore::find_agreement(const core::Uuid& id) {
  const auto json =
      db_.get(Database::Family::kAgreements,
              std::string_view(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size()));
  if (!json) {
    return std::nullopt;
  }
  core::TimeZones zones;
  core::Agreement agreement;
  std::string error;
  if (!core::parse_agreement_json(*json, zones, agreement, error)) {
    throw store::StoreError("stored agreement " + id.to_string() + " is unreadable: " + error,
                            false);
  }
  return agreement;
}

}  // namespace mobilecs::rocks
