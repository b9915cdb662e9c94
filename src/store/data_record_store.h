#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/ids/uuid.h"
#include "core/model/agreement.h"
#include "core/model/byte_total.h"
#include "core/model/data_record.h"

namespace mobilecs::store {

// Where matched records are kept and read back, keyed as `mobilecs.data_record` (docs/formats.md
// §4): partition (agreement, year, month), records newest first. Implemented over RocksDB
// (embedded) and Cassandra. Writes are idempotent upserts by primary key. Errors are thrown as
// StoreError.
class DataRecordStore {
 public:
  virtual ~DataRecordStore() = default;

  virtual void write(std::span<const core::DataRecord> records) = 0;
  // The records of one billing period, newest first (recordedAt descending).
  virtual std::vector<core::DataRecord> find(const core::Uuid& agreement_id, int year,
                                             int month) = 0;
  // The sum of recordedBytes over one billing period, exact.
  virtual core::ByteTotal total_bytes(const core::Uuid& agreement_id, int year, int month) = 0;

  // Agreements are kept too, so readers can use each agreement's own time zone.
  virtual void write_agreements(std::span<const core::Agreement> agreements) = 0;
  virtual std::optional<core::Agreement> find_agreement(const core::Uuid& id) = 0;
  // The agreements of one MSISDN (a subscriber may have had several), in id order.
  virtual std::vector<core::Agreement> find_agreements_by_msisdn(std::string_view msisdn) = 0;
};

}  // namespace mobilecs::store
