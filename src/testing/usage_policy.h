#pragma once

#include <string_view>

namespace mobilecs::testing {

// A usage policy with alerts of every kind (docs/semantics.md §10), for the end-to-end tests: the
// reference data's subscribers reach all of them within a month.
inline constexpr std::string_view kUsagePolicyOfEveryKind =
    R"({"thresholds":[{"percentOfPlan":80},{"percentOfPlan":100},{"bytes":3221225472}],)"
    R"("overPlanStepBytes":1073741824,"forecast":{"trailingDays":7,"minObservedDays":3}})";

}  // namespace mobilecs::testing
