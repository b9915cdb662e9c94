#include "core/windowing/watermark_tracker.h"

#include <algorithm>

namespace mobilecs::core {

WatermarkTracker::WatermarkTracker(EpochMillis allowed_out_of_orderness, EpochMillis idle_timeout)
    : allowed_out_of_orderness_(allowed_out_of_orderness), idle_timeout_(idle_timeout) {}

void WatermarkTracker::assign(PartitionId partition, EpochMillis max_event_time, EpochMillis now) {
  partitions_[partition] = PartitionClock{max_event_time, now, false};
  watermark_ = kNoWatermark;
  recompute(now);
}

void WatermarkTracker::revoke(PartitionId partition) {
  partitions_.erase(partition);
  watermark_ = kNoWatermark;  // recomputed from the partitions left at the next input
}

EpochMillis WatermarkTracker::max_event_time(PartitionId partition) const {
  const auto it = partitions_.find(partition);
  return it == partitions_.end() ? kNoWatermark : it->second.max_event_time;
}

EpochMillis WatermarkTracker::partition_watermark(const PartitionClock& clock) const {
  if (clock.max_event_time == kNoWatermark) {
    return kNoWatermark;
  }
  return clock.max_event_time - allowed_out_of_orderness_ - 1;
}

bool WatermarkTracker::on_event(PartitionId partition, EpochMillis event_time, EpochMillis now) {
  PartitionClock& clock = partitions_[partition];
  clock.last_event_at = now;
  if (event_time <= clock.max_event_time) {
    return false;
  }
  clock.max_event_time = event_time;
  return recompute(now);
}

bool WatermarkTracker::on_caught_up(PartitionId partition, bool caught_up, EpochMillis now) {
  partitions_[partition].caught_up = caught_up;
  return recompute(now);
}

bool WatermarkTracker::on_processing_time(EpochMillis now) { return recompute(now); }

bool WatermarkTracker::recompute(EpochMillis now) {
  if (partitions_.empty()) {
    return false;
  }
  EpochMillis active_min = std::numeric_limits<EpochMillis>::max();
  EpochMillis idle_max = kNoWatermark;
  bool any_active = false;
  for (const auto& [id, clock] : partitions_) {
    const bool idle = clock.caught_up && now - clock.last_event_at >= idle_timeout_;
    if (idle) {
      idle_max = std::max(idle_max, partition_watermark(clock));
    } else {
      any_active = true;
      active_min = std::min(active_min, partition_watermark(clock));
    }
  }
  const EpochMillis combined = any_active ? active_min : idle_max;
  if (combined > watermark_) {
    watermark_ = combined;
    return true;
  }
  return false;
}

}  // namespace mobilecs::core
