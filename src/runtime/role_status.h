#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/time/instant.h"
#include "metrics/pipeline_metrics.h"
#include "runtime/step_metrics.h"

namespace mobilecs::runtime {

// Who a process is, for its status.
struct RoleInfo {
  std::string role;      // "run", "importer", "ingester"
  std::string instance;  // "1", or the data folder
  core::EpochMillis started_at = 0;
};

// A role's status as GET /status serves it and the console shows it: who, since when, what it
// has done (the counters of its metrics) and the most recent bad inputs (file and line, or topic
// partition and offset, with the reason).
nlohmann::ordered_json role_status(const RoleInfo& info, const metrics::PipelineMetrics& metrics,
                                   const StepMetrics* steps);

}  // namespace mobilecs::runtime
