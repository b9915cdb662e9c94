#pragma once

#include <cstdint>

#include "core/ids/uuid.h"
#include "core/time/instant.h"

namespace mobilecs::core {

// An incoming record matched to its agreement: one row of `mobilecs.data_record` (docs/formats.md
// §4), filed under the billing period of docs/semantics.md in the agreement's time zone.
struct DataRecord {
  Uuid agreement_id;
  std::int16_t year = 0;
  std::int8_t month = 0;
  EpochMillis recorded_at = 0;
  Uuid internal_record_id;
  std::int64_t recorded_bytes = 0;

  friend bool operator==(const DataRecord&, const DataRecord&) = default;
};

}  // namespace mobilecs::core
