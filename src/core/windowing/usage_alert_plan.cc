#include "core/windowing/usage_alert_plan.h"

#include <algorithm>
#include <string>

#include "core/codec/usage_policy_json.h"

namespace mobilecs::core {

ByteTotal percent_of_plan_bytes(std::int64_t plan, std::int64_t percent) {
  // The least total t with t * 100 >= plan * percent: a ceiling, in integers.
  const ByteTotal product = static_cast<ByteTotal>(plan) * percent;
  return (product + 99) / 100;
}

UsageAlertPlan::UsageAlertPlan(UsagePolicy policy, std::int64_t max_bytes_in_billing_period)
    : policy_(std::move(policy)), plan_(max_bytes_in_billing_period) {
  for (std::size_t i = 0; i < policy_.thresholds.size(); ++i) {
    const UsageThreshold& t = policy_.thresholds[i];
    const ByteTotal bytes = t.kind == UsageThreshold::Kind::kPercentOfPlan
                                ? percent_of_plan_bytes(plan_, t.value)
                                : ByteTotal{t.value};
    thresholds_.push_back(Threshold{bytes, static_cast<std::uint8_t>(i)});
  }
  std::stable_sort(thresholds_.begin(), thresholds_.end(),
                   [](const Threshold& a, const Threshold& b) { return a.bytes < b.bytes; });
  // FNV-1a of the policy's canonical text and the plan: stable across builds and restarts.
  const std::string text = usage_policy_to_json(policy_) + "/" + std::to_string(plan_);
  std::uint32_t hash = 2166136261u;
  for (const char c : text) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  }
  fingerprint_ = hash == 0 ? 1 : hash;
}

}  // namespace mobilecs::core
