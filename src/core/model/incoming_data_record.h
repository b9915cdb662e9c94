#pragma once

#include <cassert>
#include <cstdint>
#include <string_view>

#include "core/ids/uuid.h"
#include "core/time/instant.h"

namespace mobilecs::core {

// One usage measurement from the network (docs/formats.md), as read from a file line or a Kafka
// message. The text fields point into the buffer it was read from.
// What the processor needs of an incoming record: no text, so it can outlive the buffer the
// record was read from (parsing runs ahead of processing on another thread).
struct UsageRecord {
  std::uint64_t msisdn_key = 0;  // MsisdnKey::packed()
  Instant recorded_at;
  Uuid internal_id;
  std::int64_t recorded_bytes = 0;
};

struct IncomingDataRecord {
  std::string_view external_id;
  std::string_view recorded_at_text;
  Instant recorded_at;
  std::string_view msisdn;
  std::uint64_t msisdn_key = 0;  // MsisdnKey::packed() of `msisdn`, set by the parsers
  std::int64_t recorded_bytes = 0;
  Uuid internal_id;

  UsageRecord usage_record() const {
    assert(msisdn_key != 0);  // no valid MSISDN packs to 0: a record that no parser made
    return {msisdn_key, recorded_at, internal_id, recorded_bytes};
  }
};

// docs/semantics.md §1: the external id itself when it is a UUID, so the reference data set keeps
// its ids; otherwise a v5 UUID of the external id and MSISDN, the same on every re-import.
Uuid internal_id_for(std::string_view external_id, std::string_view msisdn);

}  // namespace mobilecs::core
