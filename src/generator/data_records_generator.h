#pragma once

#include <functional>
#include <vector>

#include "core/ids/uuid.h"
#include "core/model/data_record.h"
#include "core/time/instant.h"

namespace mobilecs::generator {

// The reference data records written directly to the store (docs/reference-data.md): each batch
// restarts the agreement ids and per-agreement sequences, while time goes on from where the
// previous batch stopped, as the reference's generator did.
class DataRecordsGenerator {
 public:
  DataRecordsGenerator(int agreements, int months);

  // Generates the next batch; returns the agreement ids in order.
  std::vector<core::Uuid> next_batch(const std::function<void(const core::DataRecord&)>& write);

 private:
  int agreements_;
  int months_;
  core::Instant begin_;
};

}  // namespace mobilecs::generator
