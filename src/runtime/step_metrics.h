#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "metrics/pipeline_metrics.h"
#include "runtime/step.h"

namespace mobilecs::runtime {

// Counts what each committed step did into the pipeline's metrics, keeps the most recent bad
// inputs for the console, and logs the pipeline's progress every few seconds. Called from the
// committer's thread; readable from any.
class StepMetrics final : public StepObserver {
 public:
  static constexpr std::size_t kRecentBadInputs = 50;

  // `metrics` may be null (no /metrics served): then only the log.
  explicit StepMetrics(metrics::PipelineMetrics* metrics,
                       std::chrono::seconds log_interval = std::chrono::seconds(5));

  void on_committed(const StepSummary& summary, std::span<const core::Notification> notifications,
                    std::span<const core::UsageAlert> alerts) override;
  // Told of each notification, and each usage alert, once it is published (the console's live
  // feed).
  void on_notification(std::function<void(const core::Notification&)> listener);
  void on_alert(std::function<void(const core::UsageAlert&)> listener);
  // Logs the totals now (at the end of a run).
  void log_totals();

  std::vector<BadInput> recent_bad_inputs() const;

 private:
  struct Totals {
    std::uint64_t steps = 0;
    std::uint64_t agreements = 0;
    std::uint64_t records = 0;
    std::uint64_t bad_inputs = 0;
    std::uint64_t late = 0;
    std::uint64_t data_plan_exceeded = 0;
    std::uint64_t billing_period_closed = 0;
    std::uint64_t usage_alerts = 0;
    std::size_t waiting = 0;
    std::size_t open_windows = 0;
  };
  void log_locked(std::chrono::steady_clock::time_point now);

  metrics::PipelineMetrics* metrics_;
  std::function<void(const core::Notification&)> notification_listener_;
  std::function<void(const core::UsageAlert&)> alert_listener_;
  std::chrono::seconds log_interval_;
  mutable std::mutex mutex_;
  Totals totals_;
  std::deque<BadInput> recent_bad_;
  std::chrono::steady_clock::time_point last_log_ = std::chrono::steady_clock::now();
  std::uint64_t records_at_last_log_ = 0;
};

}  // namespace mobilecs::runtime
