#pragma once

#include <string>

#include "rocks/database.h"
#include "rocks/period_records.h"
#include "store/data_record_store.h"

namespace mobilecs::rocks {

// Data records and agreements in the embedded RocksDB. A billing period (agreement, year, month)
// is one entry holding its records newest first (period_records.h): a step adds one merge per
// period it touched, and a period is read with one look-up.
class RocksDataRecordStore final : public store::DataRecordStore {
 public:
  // Throws StoreError if the folder holds data records in an earlier layout.
  explicit RocksDataRecordStore(Database& db);

  // Adds the writes to `batch`, for the pipeline to commit with the rest of its step. Sorts
  // `records` into clustering order to group them by period.
  void stage(WriteBatch& batch, std::span<core::DataRecord> records);
  void stage_agreements(WriteBatch& batch, std::span<const core::Agreement> agreements);

  void write(std::span<const core::DataRecord> records) override;
  std::vector<core::DataRecord> find(const core::Uuid& agreement_id, int year, int month) override;
  core::ByteTotal total_bytes(const core::Uuid& agreement_id, int year, int month) override;
  void write_agreements(std::span<const core::Agreement> agreements) override;
  std::optional<core::Agreement> find_agreement(const core::Uuid& id) override;
  std::vector<core::Agreement> find_agreements_by_msisdn(std::string_view msisdn) override;

 private:
  std::vector<PeriodRecord> period(const core::Uuid& agreement_id, int year, int month);

  Database& db_;
};

// Period (agreement, year, month), then recordedAt descending, then internal record id.
bool key_order(const core::DataRecord& a, const core::DataRecord& b);

}  // namespace mobilecs::rocks
