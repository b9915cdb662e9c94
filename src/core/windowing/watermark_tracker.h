#pragma once

#include <cstdint>
#include <limits>
#include <map>

#include "core/ids/partition_id.h"
#include "core/time/instant.h"

namespace mobilecs::core {

inline constexpr EpochMillis kNoWatermark = std::numeric_limits<EpochMillis>::min();

// The event-time watermark of an operator reading several input partitions (docs/semantics.md §7).
// Per partition: the greatest event time seen, minus the allowed out-of-orderness, minus 1 ms.
// The operator's watermark is the minimum over its partitions; a partition that is caught up
// and has been quiet for the idle timeout does not hold it back; when every partition is idle,
// the greatest of them counts (as Flink does). It never goes back while the partitions stay the
// same; when they change it is computed afresh from the partitions now read (a partition taken
// over from another process brings its own, possibly earlier, event time).
// Processing time comes from the caller: the tracker has no clock of its own.
class WatermarkTracker {
 public:
  WatermarkTracker(EpochMillis allowed_out_of_orderness, EpochMillis idle_timeout);

  void assign(PartitionId partition, EpochMillis max_event_time, EpochMillis now);
  void revoke(PartitionId partition);
  bool is_assigned(PartitionId partition) const { return partitions_.contains(partition); }

  // A record with `event_time` arrived from `partition`. True when the watermark advanced.
  bool on_event(PartitionId partition, EpochMillis event_time, EpochMillis now);
  // Whether `partition` has been read to its end. True when the watermark advanced.
  bool on_caught_up(PartitionId partition, bool caught_up, EpochMillis now);
  // Processing time passed: a partition may have become idle. True when the watermark advanced.
  bool on_processing_time(EpochMillis now);

  EpochMillis current() const { return watermark_; }
  EpochMillis max_event_time(PartitionId partition) const;

 private:
  struct PartitionClock {
    EpochMillis max_event_time = kNoWatermark;
    EpochMillis last_event_at = 0;  // processing time
    bool caught_up = false;
  };
  EpochMillis partition_watermark(const PartitionClock& clock) const;
  bool recompute(EpochMillis now);

  EpochMillis allowed_out_of_orderness_;
  EpochMillis idle_timeout_;
  std::map<PartitionId, PartitionClock> partitions_;
  EpochMillis watermark_ = kNoWatermark;
};

}  // namespace mobilecs::core
