#include "runtime/step_metrics.h"

#include <spdlog/spdlog.h>

namespace mobilecs::runtime {

StepMetrics::StepMetrics(metrics::PipelineMetrics* metrics, std::chrono::seconds log_interval)
    : metrics_(metrics), log_interval_(log_interval) {}

void StepMetrics::on_notification(std::function<void(const core::Notification&)> listener) {
  std::lock_guard lock(mutex_);
  notification_listener_ = std::move(listener);
}

void StepMetrics::on_alert(std::function<void(const core::UsageAlert&)> listener) {
  std::lock_guard lock(mutex_);
  alert_listener_ = std::move(listener);
}

void StepMetrics::on_committed(const StepSummary& s,
                               std::span<const core::Notification> notifications,
                               std::span<const core::UsageAlert> alerts) {
  {
    std::lock_guard lock(mutex_);
    if (notification_listener_) {
      for (const core::Notification& n : notifications) notification_listener_(n);
    }
    if (alert_listener_) {
      for (const core::UsageAlert& a : alerts) alert_listener_(a);
    }
  }
  if (metrics_ != nullptr) {
    auto& m = *metrics_;
    m.agreements_imported.add(s.agreements);
    m.records_imported.add(s.records);
    m.records_matched.add(s.data_records);
    m.records_waiting.set(static_cast<double>(s.waiting_records));
    m.records_late.add(s.late_records);
    m.records_malformed.add(s.bad_inputs.size());
    m.data_plan_exceeded.add(s.data_plan_exceeded);
    m.billing_period_closed.add(s.billing_period_closed);
    m.usage_alerts.add(s.usage_alerts);
    if (s.commit_seconds > 0) m.store_write_seconds.observe(s.commit_seconds);
    if (s.watermark != core::kNoWatermark) {
      m.watermark_seconds.set(static_cast<double>(s.watermark) / 1000.0);
    }
  }
  std::lock_guard lock(mutex_);
  ++totals_.steps;
  totals_.agreements += s.agreements;
  totals_.records += s.records;
  totals_.bad_inputs += s.bad_inputs.size();
  totals_.late += s.late_records;
  totals_.data_plan_exceeded += s.data_plan_exceeded;
  totals_.billing_period_closed += s.billing_period_closed;
  totals_.usage_alerts += s.usage_alerts;
  totals_.waiting = s.waiting_records;
  totals_.open_windows = s.open_windows;
  for (const BadInput& bad : s.bad_inputs) {
    recent_bad_.push_back(bad);
    if (recent_bad_.size() > kRecentBadInputs) recent_bad_.pop_front();
  }
  const auto now = std::chrono::steady_clock::now();
  if (now - last_log_ >= log_interval_) log_locked(now);
}

void StepMetrics::log_totals() {
  std::lock_guard lock(mutex_);
  log_locked(std::chrono::steady_clock::now());
}

void StepMetrics::log_locked(std::chrono::steady_clock::time_point now) {
  const double seconds = std::chrono::duration<double>(now - last_log_).count();
  const Totals& t = totals_;
  spdlog::info(
      "{} records ({:.0f}/s), {} agreements, {} waiting, {} open windows, {} late, "
      "{} + {} notifications, {} usage alerts, {} bad inputs, {} steps",
      t.records, seconds > 0 ? (t.records - records_at_last_log_) / seconds : 0.0, t.agreements,
      t.waiting, t.open_windows, t.late, t.data_plan_exceeded, t.billing_period_closed,
      t.usage_alerts, t.bad_inputs, t.steps);
  records_at_last_log_ = t.records;
  last_log_ = now;
}

std::vector<BadInput> StepMetrics::recent_bad_inputs() const {
  std::lock_guard lock(mutex_);
  return {recent_bad_.begin(), recent_bad_.end()};
}

}  // namespace mobilecs::runtime
