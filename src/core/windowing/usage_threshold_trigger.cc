#include "core/windowing/usage_threshold_trigger.h"

#include <algorithm>

namespace mobilecs::core {
namespace {

std::int64_t steps_passed(ByteTotal total, const UsageAlertPlan& plan, std::int64_t step) {
  const ByteTotal over = total - plan.max_bytes_in_billing_period();
  return over > 0 ? static_cast<std::int64_t>(over / step) : std::int64_t{0};
}

void rebase(UsageWindow& window, const UsageAlertPlan& plan, ByteTotal total_before) {
  window.alert_plan = plan.fingerprint();
  window.thresholds_reached = 0;
  for (const UsageAlertPlan::Threshold& t : plan.thresholds()) {
    if (t.bytes <= total_before) window.thresholds_reached |= std::uint32_t{1} << t.index;
  }
  const auto step = plan.policy().over_plan_step_bytes;
  window.over_plan_steps_reached = step ? steps_passed(total_before, plan, *step) : 0;
}

}  // namespace

void UsageThresholdTrigger::on_record(UsageWindow& window, const UsageAlertPlan& plan,
                                      std::int64_t recorded_bytes,
                                      std::vector<ReachedThreshold>& reached) {
  const ByteTotal total = window.total_recorded_bytes;
  if (window.alert_plan != plan.fingerprint()) {
    rebase(window, plan, total - recorded_bytes);
  }
  const std::size_t first = reached.size();
  for (const UsageAlertPlan::Threshold& t : plan.thresholds()) {
    if (t.bytes > total) break;
    const std::uint32_t bit = std::uint32_t{1} << t.index;
    if ((window.thresholds_reached & bit) != 0) continue;
    window.thresholds_reached |= bit;
    reached.push_back(ReachedThreshold{as_alert_threshold(plan.policy().thresholds[t.index]),
                                       static_cast<std::int64_t>(t.bytes)});
  }
  if (const auto step = plan.policy().over_plan_step_bytes) {
    const std::int64_t steps = steps_passed(total, plan, *step);
    const std::int64_t from =
        std::max(window.over_plan_steps_reached + 1, steps - kMaxStepsPerRecord + 1);
    for (std::int64_t n = from; n <= steps; ++n) {
      const ByteTotal bytes =
          plan.max_bytes_in_billing_period() + static_cast<ByteTotal>(n) * *step;
      reached.push_back(ReachedThreshold{AlertThreshold{AlertThreshold::Kind::kOverPlanStep, n},
                                         static_cast<std::int64_t>(bytes)});
    }
    window.over_plan_steps_reached = std::max(window.over_plan_steps_reached, steps);
  }
  std::stable_sort(
      reached.begin() + static_cast<std::ptrdiff_t>(first), reached.end(),
      [](const ReachedThreshold& a, const ReachedThreshold& b) { return a.bytes < b.bytes; });
}

}  // namespace mobilecs::core
