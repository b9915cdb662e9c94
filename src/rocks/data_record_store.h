#pragma once

#include <string>

#include "rocks/database.h"
#include "store/data_record_store.h"

namespace mobilecs::rocks {

// Data records and agreements in the embedded RocksDB. Keys sort as the Cassandra table does:
// partition (agreement, year, month), then recordedAt descending, then internal record id, so
// a billing period's records are one prefix scan, newest first.
class DataRecordStore final : public store::DataRecordStore {
 public:
  explicit DataRecordStore(Database& db) : db_(db) {}

  // Adds the writes to `batch`, for the pipeline to commit with the rest of its step. Sorts
  // `records` into key order first: RocksDB inserts sorted keys into its memtable far faster.
  void stage(WriteBatch& batch, std::span<core::DataRecord> records);
  void stage_agreements(WriteBatch& batch, std::span<const core::Agreement> agreements);

  void write(std::span<const core::DataRecord> records) override;
  std::vector<core::DataRecord> find(const core::Uuid& agreement_id, int year, int month) override;
  core::ByteTotal total_bytes(const core::Uuid& agreement_id, int year, int month) override;
  void write_agreements(std::span<const core::Agreement> agreements) override;
  std::optional<core::Agreement> find_agreement(const core::Uuid& id) override;
  std::vector<core::Agreement> find_agreements_by_msisdn(std::string_view msisdn) override;

 private:
  Database& db_;
};

std::string data_record_key(const core::DataRecord& record);
// The order of data_record_key, without encoding keys.
bool key_order(const core::DataRecord& a, const core::DataRecord& b);
core::DataRecord decode_data_record(std::string_view key, std::string_view value);

}  // namespace mobilecs::rocks
