#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "core/model/usage_policy.h"

namespace mobilecs::core {

// A usage policy as JSON (docs/formats.md §6):
// `{"thresholds":[{"percentOfPlan":80},{"bytes":10737418240}],"overPlanStepBytes":1073741824,
//   "forecast":{"trailingDays":7,"minObservedDays":3}}`, every member optional.
// On failure returns false and sets `error` to a sentence naming the member at fault.
bool parse_usage_policy_json(std::string_view text, UsagePolicy& out, std::string& error);
bool parse_usage_policy(const nlohmann::json& value, UsagePolicy& out, std::string& error);

// The policy in the form parse_usage_policy_json reads, members in the order above.
std::string usage_policy_to_json(const UsagePolicy& policy);

// One threshold as written: `{"percentOfPlan":80}` or `{"bytes":10737418240}`.
std::string usage_threshold_to_json(const UsageThreshold& threshold);

}  // namespace mobilecs::core
