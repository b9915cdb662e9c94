#pragma once

#include <cstdint>
#include <vector>

#include "core/model/byte_total.h"
#include "core/model/usage_policy.h"

namespace mobilecs::core {

// A usage policy applied to one plan size: its thresholds in bytes, lowest first, so that a
// record costs one comparison until the next threshold is reached.
class UsageAlertPlan {
 public:
  struct Threshold {
    ByteTotal bytes;     // reached when the total is at least this
    std::uint8_t index;  // in policy().thresholds, the window's bit
  };

  UsageAlertPlan(UsagePolicy policy, std::int64_t max_bytes_in_billing_period);

  const UsagePolicy& policy() const { return policy_; }
  std::int64_t max_bytes_in_billing_period() const { return plan_; }
  const std::vector<Threshold>& thresholds() const { return thresholds_; }
  // Tells this policy and plan from any other (never 0): a window remembers it with what fired.
  std::uint32_t fingerprint() const { return fingerprint_; }

 private:
  UsagePolicy policy_;
  std::int64_t plan_;
  std::vector<Threshold> thresholds_;
  std::uint32_t fingerprint_ = 0;
};

// `percent` of `plan` as a threshold in bytes: reached when total * 100 >= plan * percent.
ByteTotal percent_of_plan_bytes(std::int64_t plan, std::int64_t percent);

}  // namespace mobilecs::core
