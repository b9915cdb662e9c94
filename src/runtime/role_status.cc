#include "runtime/role_status.h"

namespace mobilecs::runtime {

nlohmann::ordered_json role_status(const RoleInfo& info, const metrics::PipelineMetrics& m,
                                   const StepMetrics* steps) {
  nlohmann::ordered_json status;
  status["role"] = info.role;
  status["instance"] = info.instance;
  status["startedAt"] = info.started_at;
  status["state"] = "running";
  status["counters"] = {
      {"agreements", m.agreements_imported.value()},
      {"records", m.records_imported.value()},
      {"matched", m.records_matched.value()},
      {"waiting", m.records_waiting.value()},
      {"late", m.records_late.value()},
      {"malformed", m.records_malformed.value()},
      {"dataPlanExceeded", m.data_plan_exceeded.value()},
      {"billingPeriodClosed", m.billing_period_closed.value()},
  };
  auto bad = nlohmann::ordered_json::array();
  if (steps != nullptr) {
    for (const BadInput& b : steps->recent_bad_inputs()) {
      bad.push_back({{"origin", b.origin}, {"position", b.position}, {"reason", b.reason}});
    }
  }
  status["badInputs"] = std::move(bad);
  return status;
}

}  // namespace mobilecs::runtime
