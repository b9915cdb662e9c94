#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/router.h"
#include "metrics/registry.h"

namespace mobilecs::http {

// A dependency /ready checks: its name and whether it answers now.
struct ReadinessCheck {
  std::string name;
  std::function<bool()> reachable;
};

// Runs the readiness checks side by side and gives each `budget`: one that does not answer in
// time counts as down (it may go on in the background; a later probe waits for it rather than
// start another). So /ready answers within about `budget`, whatever is down.
class ReadinessProbe {
 public:
  ReadinessProbe(std::vector<ReadinessCheck> checks, std::chrono::milliseconds budget);

  struct State {
    std::string name;
    bool up = false;
    bool answered = false;  // false: no answer within the budget
  };
  std::vector<State> probe();

 private:
  std::vector<ReadinessCheck> checks_;
  std::chrono::milliseconds budget_;
  std::mutex mutex_;
  std::vector<std::shared_future<bool>> running_;
};

// GET /health (the process serves), GET /ready (200 when every check passes, else 503, with
// each dependency's state as JSON, within 2 s) and GET /metrics (Prometheus text).
void add_operations_routes(Router& router, std::vector<ReadinessCheck> checks,
                           const metrics::Registry& registry);

}  // namespace mobilecs::http
