#pragma once

#include <absl/container/inlined_vector.h>

#include <cstdint>
#include <vector>

#include "core/matching/agreement_matcher.h"
#include "core/windowing/usage_window.h"
#include "core/windowing/watermark_tracker.h"

namespace mobilecs::core {

// A record waiting for its agreement (docs/semantics.md §2).
struct PendingRecord {
  std::uint64_t seq = 0;  // arrival order within the partition
  Instant recorded_at;
  Uuid internal_id;
  std::int64_t recorded_bytes = 0;

  friend bool operator==(const PendingRecord&, const PendingRecord&) = default;
};

// Everything the processor keeps for one MSISDN.
struct SubscriberState {
  PartitionId partition;
  AgreementMatcher agreements;
  std::vector<UsageWindow> windows;    // open windows of those agreements
  std::vector<PendingRecord> pending;  // in arrival order
};

// What survives a restart of an input partition, besides its subscribers.
struct PartitionProgress {
  EpochMillis max_event_time = kNoWatermark;
  EpochMillis watermark_applied = kNoWatermark;  // periods ending up to here have closed
  std::uint64_t next_pending_seq = 0;

  friend bool operator==(const PartitionProgress&, const PartitionProgress&) = default;
};

}  // namespace mobilecs::core
