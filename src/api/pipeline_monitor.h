#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace mobilecs::api {

// What the console's pipeline page shows: each role of the pipeline (the embedded run, or the
// importers and ingesters a backend is told about) with its latest status and the last 15
// minutes of its counters, sampled every few seconds, and the consumer lag. A role that does
// not answer is shown as unreachable, not left out.
class PipelineMonitor {
 public:
  using Json = nlohmann::ordered_json;

  struct Probe {
    std::string name;  // shown when the role does not answer
    std::string url;   // where it serves /status; empty for this process itself
    std::function<std::optional<Json>()> status;  // nullopt: no answer
  };

  // `lag`: the consumer lag per input partition (or pending input files), as a JSON array.
  // `alerts`, if given: the alerts firing in Prometheus (api/prometheus_alerts.h); it throws
  // when Prometheus does not answer.
  PipelineMonitor(std::vector<Probe> probes, std::function<Json()> lag,
                  std::function<Json()> alerts = {},
                  std::chrono::milliseconds interval = std::chrono::seconds(5),
                  std::size_t samples = 180);
  ~PipelineMonitor();

  // Samples every interval on a thread of its own until destroyed.
  void start();
  // Takes one sample now (the thread does this every interval).
  void sample();
  Json status() const;

 private:
  struct Sample {
    std::int64_t time_ms = 0;
    Json counters;
  };
  struct RoleState {
    Probe probe;
    std::optional<Json> latest;
    std::deque<Sample> history;
  };

  std::chrono::milliseconds interval_;
  std::size_t samples_;
  std::function<Json()> lag_source_;
  std::function<Json()> alerts_source_;
  mutable std::mutex mutex_;
  std::vector<RoleState> roles_;
  Json lag_ = Json::array();
  Json alerts_;  // {"firing": [...]} or {"error": "..."}; null without a source
  std::int64_t sampled_at_ = 0;
  std::stop_source stop_;
  std::thread sampler_;
};

}  // namespace mobilecs::api
