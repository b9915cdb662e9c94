#pragma once

#include <rocksdb/write_batch.h>

#include "core/processing/usage_processor.h"
#include "rocks/database.h"

namespace mobilecs::rocks {

// Puts the processor's state changes into a write batch of the state column family.
class StateBatchSink final : public core::StateChangeSink {
 public:
  StateBatchSink(Database& db, rocksdb::WriteBatch& batch)
      : family_(db.family(Database::Family::kState)), batch_(batch) {}

  void put(core::PartitionId, std::string_view key, std::string_view value) override {
    batch_.Put(family_, rocksdb::Slice(key.data(), key.size()),
               rocksdb::Slice(value.data(), value.size()));
  }
  void erase(core::PartitionId, std::string_view key) override {
    batch_.Delete(family_, rocksdb::Slice(key.data(), key.size()));
  }

 private:
  rocksdb::ColumnFamilyHandle* family_;
  rocksdb::WriteBatch& batch_;
};

// Feeds every persisted state entry to `processor` (before its partitions are assigned).
inline void restore_state(Database& db, core::UsageProcessor& processor) {
  db.for_each(Database::Family::kState, "",
              [&](std::string_view key, std::string_view value) { processor.restore(key, value); });
}

}  // namespace mobilecs::rocks
