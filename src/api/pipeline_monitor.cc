#include "api/pipeline_monitor.h"

#include <spdlog/spdlog.h>

#include <condition_variable>

namespace mobilecs::api {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

PipelineMonitor::PipelineMonitor(std::vector<Probe> probes, std::function<Json()> lag,
                                 std::function<Json()> alerts, std::chrono::milliseconds interval,
                                 std::size_t samples)
    : interval_(interval),
      samples_(samples),
      lag_source_(std::move(lag)),
      alerts_source_(std::move(alerts)) {
  for (auto& p : probes) roles_.push_back(RoleState{std::move(p), std::nullopt, {}});
}

PipelineMonitor::~PipelineMonitor() {
  stop_.request_stop();
  if (sampler_.joinable()) sampler_.join();
}

void PipelineMonitor::start() {
  sampler_ = std::thread([this, stop = stop_.get_token()] {
    std::mutex m;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      sample();
      std::unique_lock lock(m);
      wake.wait_for(lock, stop, interval_, [] { return false; });
    }
  });
}

void PipelineMonitor::sample() {
  // The probes may wait on the network: outside the lock.
  std::vector<std::optional<Json>> statuses;
  std::vector<Probe> probes;
  {
    std::lock_guard lock(mutex_);
    for (const auto& r : roles_) probes.push_back(r.probe);
  }
  for (const auto& p : probes) {
    try {
      statuses.push_back(p.status());
    } catch (const std::exception& e) {
      spdlog::debug("pipeline status of {}: {}", p.name, e.what());
      statuses.push_back(std::nullopt);
    }
  }
  Json lag = Json::array();
  if (lag_source_) {
    try {
      lag = lag_source_();
    } catch (const std::exception& e) {
      spdlog::debug("consumer lag unknown: {}", e.what());
    }
  }
  Json alerts;
  if (alerts_source_) {
    try {
      alerts["firing"] = alerts_source_();
    } catch (const std::exception& e) {
      alerts["error"] = e.what();
    }
  }
  const std::int64_t now = now_ms();
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < roles_.size(); ++i) {
    RoleState& role = roles_[i];
    role.latest = std::move(statuses[i]);
    if (role.latest && role.latest->contains("counters")) {
      role.history.push_back(Sample{now, (*role.latest)["counters"]});
      if (role.history.size() > samples_) role.history.pop_front();
    }
  }
  lag_ = std::move(lag);
  alerts_ = std::move(alerts);
  sampled_at_ = now;
}

PipelineMonitor::Json PipelineMonitor::status() const {
  std::lock_guard lock(mutex_);
  Json roles = Json::array();
  for (const RoleState& role : roles_) {
    Json entry;
    entry["name"] = role.probe.name;
    entry["url"] = role.probe.url;
    entry["reachable"] = role.latest.has_value();
    entry["status"] = role.latest ? *role.latest : Json();
    // Counters over time, and records per second between the last two samples.
    Json series;
    series["time"] = Json::array();
    for (const Sample& s : role.history) {
      series["time"].push_back(s.time_ms);
      for (const auto& [name, value] : s.counters.items()) series[name].push_back(value);
    }
    double rate = 0;
    if (role.history.size() >= 2) {
      const Sample& a = role.history[role.history.size() - 2];
      const Sample& b = role.history.back();
      const double seconds = static_cast<double>(b.time_ms - a.time_ms) / 1000.0;
      if (seconds > 0) {
        rate = (b.counters.value("records", 0.0) - a.counters.value("records", 0.0)) / seconds;
      }
    }
    entry["recordsPerSecond"] = rate;
    entry["series"] = std::move(series);
    roles.push_back(std::move(entry));
  }
  Json out;
  out["sampledAt"] = sampled_at_;
  out["intervalSeconds"] = std::chrono::duration<double>(interval_).count();
  out["roles"] = std::move(roles);
  out["lag"] = lag_;
  out["alerts"] = alerts_;
  return out;
}

}  // namespace mobilecs::api
