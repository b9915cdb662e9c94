#pragma once

#include <httplib.h>

#include <functional>
#include <string>
#include <vector>

#include "metrics/registry.h"

namespace mobilecs::http {

// A dependency /ready checks: its name and whether it answers now.
struct ReadinessCheck {
  std::string name;
  std::function<bool()> reachable;
};

// GET /health (the process serves), GET /ready (200 when every check passes, else 503, with
// each dependency's state as JSON) and GET /metrics (Prometheus text).
void add_operations_routes(httplib::Server& server, std::vector<ReadinessCheck> checks,
                           const metrics::Registry& registry);

}  // namespace mobilecs::http
