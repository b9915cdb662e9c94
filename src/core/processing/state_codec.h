#pragma once

#include <string>
#include <string_view>

#include "core/model/msisdn.h"
#include "core/processing/processor_state.h"
#include "core/time/time_zones.h"

namespace mobilecs::core {

// The persisted form of the processor's state: keys that sort by partition, then MSISDN, then
// arrival; values in a versioned big-endian layout. Changing a layout means a new version byte.
enum class StateEntryKind : char { kSubscriber = 'S', kPending = 'P', kPartition = 'W' };

struct StateKey {
  StateEntryKind kind;
  PartitionId partition;
  MsisdnKey msisdn = MsisdnKey::from_packed(0);
  std::uint64_t seq = 0;
};

// The first bytes of every key of `kind` in `partition`.
std::string state_key_prefix(StateEntryKind kind, PartitionId partition);
std::string subscriber_key(PartitionId partition, MsisdnKey msisdn);
std::string pending_key(PartitionId partition, MsisdnKey msisdn, std::uint64_t seq);
std::string partition_key(PartitionId partition);
// Throws std::runtime_error on a key that none of the above wrote.
StateKey decode_state_key(std::string_view key);

// Subscriber values hold agreements and open windows; pending records have their own entries
// so that a long queue of waiting records is not rewritten at each arrival.
std::string encode_subscriber(const SubscriberState& state);
// Throws std::runtime_error on corrupt input or a time zone the tz database no longer knows.
void decode_subscriber(std::string_view value, TimeZones& zones, SubscriberState& state);

std::string encode_pending(const PendingRecord& record);
PendingRecord decode_pending(std::string_view value, std::uint64_t seq);

std::string encode_partition(const PartitionProgress& progress);
PartitionProgress decode_partition(std::string_view value);

}  // namespace mobilecs::core
