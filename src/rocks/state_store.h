#pragma once

#include <set>

#include "core/processing/state_codec.h"
#include "core/processing/usage_processor.h"
#include "rocks/database.h"

namespace mobilecs::rocks {

// Puts the processor's state changes into a write batch of the state column family.
class StateBatchSink final : public core::StateChangeSink {
 public:
  explicit StateBatchSink(WriteBatch& batch) : batch_(batch) {}

  void put(core::PartitionId, std::string_view key, std::string_view value) override {
    batch_.put(Family::kState, key, value);
  }
  void erase(core::PartitionId, std::string_view key) override {
    batch_.erase(Family::kState, key);
  }

 private:
  WriteBatch& batch_;
};

// Feeds the persisted state of `partitions` to `processor` (before they are assigned).
inline void restore_state(Database& db, const std::set<core::PartitionId>& partitions,
                          core::UsageProcessor& processor) {
  for (const core::PartitionId p : partitions) {
    for (const auto kind : {core::StateEntryKind::kSubscriber, core::StateEntryKind::kPending,
                            core::StateEntryKind::kPartition}) {
      db.for_each(Family::kState, core::state_key_prefix(kind, p),
                  [&](std::string_view k, std::string_view v) { processor.restore(k, v); });
    }
  }
}

}  // namespace mobilecs::rocks
