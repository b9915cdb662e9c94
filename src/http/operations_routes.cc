#include "http/operations_routes.h"

#include <nlohmann/json.hpp>

namespace mobilecs::http {

ReadinessProbe::ReadinessProbe(std::vector<ReadinessCheck> checks, std::chrono::milliseconds budget)
    : checks_(std::move(checks)), budget_(budget), running_(checks_.size()) {}

std::vector<ReadinessProbe::State> ReadinessProbe::probe() {
  std::vector<std::shared_future<bool>> futures;
  {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < checks_.size(); ++i) {
      auto& running = running_[i];
      const bool idle = !running.valid() ||
                        running.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
      if (idle) {
        running = std::async(std::launch::async, [check = checks_[i].reachable] {
                    try {
                      return check();
                    } catch (...) {
                      return false;
                    }
                  }).share();
      }
      futures.push_back(running);
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + budget_;
  std::vector<State> states;
  for (std::size_t i = 0; i < checks_.size(); ++i) {
    State state{checks_[i].name, false, false};
    if (futures[i].wait_until(deadline) == std::future_status::ready) {
      state.answered = true;
      state.up = futures[i].get();
    }
    states.push_back(state);
  }
  return states;
}

void add_operations_routes(Router& router, std::vector<ReadinessCheck> checks,
                           const metrics::Registry& registry) {
  router.get(
      "/health", Access::anyone(),
      [](const Request&, Response& res) { res.set(R"({"status":"UP"})", "application/json"); },
      Execution::kInline);
  auto probe = std::make_shared<ReadinessProbe>(std::move(checks), std::chrono::milliseconds(1500));
  router.get("/ready", Access::anyone(), [probe](const Request&, Response& res) {
    nlohmann::ordered_json components = nlohmann::ordered_json::object();
    bool ready = true;
    for (const auto& state : probe->probe()) {
      ready = ready && state.up;
      components[state.name] = state.up ? "UP" : state.answered ? "DOWN" : "NOT ANSWERING";
    }
    nlohmann::ordered_json body;
    body["status"] = ready ? "UP" : "DOWN";
    body["components"] = std::move(components);
    res.status = ready ? 200 : 503;
    res.set(body.dump(), "application/json");
  });
  router.get("/metrics", Access::needs(auth::Scope::kAdmin),
             [&registry](const Request&, Response& res) {
               res.set(registry.render(), "text/plain; version=0.0.4; charset=utf-8");
             });
}

}  // namespace mobilecs::http
