#include "rocks/data_record_store.h"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "core/codec/agreement_json.h"
#include "core/processing/byte_codec.h"
#include "store/store_error.h"

namespace mobilecs::rocks {
namespace {

// Flipping the sign bit makes signed numbers sort as unsigned big-endian bytes.
std::uint16_t sortable(std::int16_t v) { return static_cast<std::uint16_t>(v) ^ 0x8000; }
std::uint64_t sortable(std::int64_t v) { return static_cast<std::uint64_t>(v) ^ (1ULL << 63); }

std::string partition_prefix(const core::Uuid& agreement_id, int year, int month) {
  std::string key;
  key.reserve(kDataRecordPartitionPrefixLength + 24);
  core::ByteWriter(key)
      .uuid(agreement_id)
      .integer<std::uint16_t>(sortable(static_cast<std::int16_t>(year)))
      .integer<std::uint8_t>(static_cast<std::uint8_t>(month));
  return key;
}

// The index of agreements by MSISDN: the MSISDN, a separator no MSISDN holds, the id.
std::string msisdn_key(std::string_view msisdn, const core::Uuid& id) {
  std::string key(msisdn);
  key.push_back('/');
  key.append(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size());
  return key;
}

}  // namespace

std::string data_record_key(const core::DataRecord& r) {
  std::string key = partition_prefix(r.agreement_id, r.year, r.month);
  core::ByteWriter(key).integer<std::uint64_t>(~sortable(r.recorded_at)).uuid(r.internal_record_id);
  return key;
}

bool key_order(const core::DataRecord& a, const core::DataRecord& b) {
  // recordedAt descending, as the clustering order is
  return std::tie(a.agreement_id, a.year, a.month, b.recorded_at, a.internal_record_id) <
         std::tie(b.agreement_id, b.year, b.month, a.recorded_at, b.internal_record_id);
}

core::DataRecord decode_data_record(std::string_view key, std::string_view value) {
  core::ByteReader k(key, "data record key");
  core::DataRecord r;
  r.agreement_id = k.uuid();
  r.year = static_cast<std::int16_t>(k.integer<std::uint16_t>() ^ 0x8000);
  r.month = static_cast<std::int8_t>(k.integer<std::uint8_t>());
  r.recorded_at = static_cast<std::int64_t>(~k.integer<std::uint64_t>() ^ (1ULL << 63));
  r.internal_record_id = k.uuid();
  core::ByteReader v(value, "data record value");
  r.recorded_bytes = v.integer<std::int64_t>();
  return r;
}

void DataRecordStore::stage(WriteBatch& batch, std::span<core::DataRecord> records) {
  std::sort(records.begin(), records.end(), key_order);
  std::string key;
  std::string value;
  for (const core::DataRecord& r : records) {
    key.clear();
    core::ByteWriter(key)
        .uuid(r.agreement_id)
        .integer<std::uint16_t>(sortable(r.year))
        .integer<std::uint8_t>(static_cast<std::uint8_t>(r.month))
        .integer<std::uint64_t>(~sortable(r.recorded_at))
        .uuid(r.internal_record_id);
    value.clear();
    core::ByteWriter(value).integer<std::int64_t>(r.recorded_bytes);
    batch.put(Family::kDataRecords, key, value);
  }
}

void DataRecordStore::stage_agreements(WriteBatch& batch,
                                       std::span<const core::Agreement> agreements) {
  for (const core::Agreement& a : agreements) {
    batch.put(Family::kAgreementsByMsisdn, msisdn_key(a.msisdn, a.id), "");
    batch.put(Family::kAgreements,
              std::string_view(reinterpret_cast<const char*>(a.id.bytes.data()), a.id.bytes.size()),
              core::agreement_to_json(a));
  }
}

void DataRecordStore::write(std::span<const core::DataRecord> records) {
  std::vector<core::DataRecord> sorted(records.begin(), records.end());
  WriteBatch batch = db_.batch();
  stage(batch, sorted);
  db_.write(batch);
}

void DataRecordStore::write_agreements(std::span<const core::Agreement> agreements) {
  WriteBatch batch = db_.batch();
  stage_agreements(batch, agreements);
  db_.write(batch);
}

std::vector<core::DataRecord> DataRecordStore::find(const core::Uuid& agreement_id, int year,
                                                    int month) {
  std::vector<core::DataRecord> records;
  db_.for_each(Database::Family::kDataRecords, partition_prefix(agreement_id, year, month),
               [&](std::string_view key, std::string_view value) {
                 records.push_back(decode_data_record(key, value));
               });
  return records;
}

core::ByteTotal DataRecordStore::total_bytes(const core::Uuid& agreement_id, int year, int month) {
  core::ByteTotal total = 0;
  db_.for_each(Database::Family::kDataRecords, partition_prefix(agreement_id, year, month),
               [&](std::string_view, std::string_view value) {
                 core::ByteReader v(value, "data record value");
                 total += v.integer<std::int64_t>();
               });
  return total;
}

std::vector<core::Agreement> DataRecordStore::find_agreements_by_msisdn(std::string_view msisdn) {
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

std::optional<core::Agreement> DataRecordStore::find_agreement(const core::Uuid& id) {
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
