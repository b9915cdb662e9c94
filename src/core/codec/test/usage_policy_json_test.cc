#include "core/codec/usage_policy_json.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/codec/agreement_json.h"

namespace mobilecs::core {
namespace {

std::string error_of(std::string_view json) {
  UsagePolicy policy;
  std::string error;
  EXPECT_FALSE(parse_usage_policy_json(json, policy, error)) << json;
  return error;
}

TEST(UsagePolicyJson, ReadsEveryMember) {
  UsagePolicy p;
  std::string error;
  ASSERT_TRUE(parse_usage_policy_json(
      R"({"thresholds": [{"percentOfPlan": 80}, {"percentOfPlan": 100}, {"bytes": 10737418240}],
          "overPlanStepBytes": 1073741824, "forecast": {"trailingDays": 5, "minObservedDays": 2}})",
      p, error))
      << error;
  ASSERT_EQ(p.thresholds.size(), 3u);
  EXPECT_EQ(p.thresholds[0], (UsageThreshold{UsageThreshold::Kind::kPercentOfPlan, 80}));
  EXPECT_EQ(p.thresholds[2], (UsageThreshold{UsageThreshold::Kind::kBytes, 10737418240}));
  EXPECT_EQ(p.over_plan_step_bytes, 1073741824);
  EXPECT_EQ(p.forecast, (ForecastPolicy{5, 2}));
}

TEST(UsagePolicyJson, EveryMemberIsOptional) {
  UsagePolicy p;
  std::string error;
  ASSERT_TRUE(parse_usage_policy_json("{}", p, error)) << error;
  EXPECT_TRUE(p.empty());
  ASSERT_TRUE(parse_usage_policy_json(R"({"forecast":{}})", p, error)) << error;
  EXPECT_EQ(p.forecast, (ForecastPolicy{7, 3}));
}

TEST(UsagePolicyJson, WritesWhatItReads) {
  const std::string text =
      R"({"thresholds":[{"percentOfPlan":80},{"bytes":5}],"overPlanStepBytes":1048576,)"
      R"("forecast":{"trailingDays":7,"minObservedDays":3}})";
  UsagePolicy p;
  std::string error;
  ASSERT_TRUE(parse_usage_policy_json(text, p, error)) << error;
  EXPECT_EQ(usage_policy_to_json(p), text);
  EXPECT_EQ(usage_policy_to_json(UsagePolicy{}), "{}");
}

TEST(UsagePolicyJson, ABadPolicyIsRefusedNamingTheMember) {
  EXPECT_EQ(error_of(R"({"threshold":[]})"),
            "usage policy: unknown member 'threshold' (known: thresholds, overPlanStepBytes, "
            "forecast)");
  EXPECT_EQ(error_of(R"({"thresholds":[{"percentOfPlan":0}]})"),
            "usage policy: 'thresholds[0].percentOfPlan' must be a whole number from 1 to "
            "1000000, not 0");
  EXPECT_EQ(error_of(R"({"thresholds":[{"bytes":10},{"bytes":-1}]})"),
            "usage policy: 'thresholds[1].bytes' must be a whole number from 1 to "
            "9223372036854775807, not -1");
  EXPECT_EQ(error_of(R"({"thresholds":[{"percentOfPlan":80.5}]})"),
            "usage policy: 'thresholds[0].percentOfPlan' must be a whole number from 1 to "
            "1000000, not 80.5");
  EXPECT_EQ(error_of(R"({"thresholds":[{"bytes":1,"percentOfPlan":1}]})"),
            "usage policy: 'thresholds[0]' must have exactly one member, 'percentOfPlan' or "
            "'bytes'");
  EXPECT_EQ(error_of(R"({"thresholds":[{"byte":1}]})"),
            "usage policy: unknown member 'thresholds[0].byte' (known: percentOfPlan, bytes)");
  EXPECT_EQ(error_of(R"({"thresholds":[{"bytes":1},{"bytes":1}]})"),
            R"(usage policy: 'thresholds[1]' repeats an earlier threshold, {"bytes":1})");
  EXPECT_EQ(error_of(R"({"overPlanStepBytes":1000})"),
            "usage policy: 'overPlanStepBytes' must be a whole number from 1048576 to "
            "9223372036854775807, not 1000 (a step under 1 MiB would alert on almost every "
            "record)");
  EXPECT_EQ(error_of(R"({"forecast":{"trailingDays":0}})"),
            "usage policy: 'forecast.trailingDays' must be a whole number from 1 to 31, not 0");
  EXPECT_EQ(error_of(R"({"forecast":{"minObservedDays":3,"days":1}})"),
            "usage policy: unknown member 'forecast.days' (known: trailingDays, minObservedDays)");
  EXPECT_EQ(error_of(R"({"forecast":true})"),
            "usage policy: 'forecast' must be a JSON object, not boolean");
  EXPECT_EQ(error_of("[]"), "usage policy must be a JSON object, not array");
  EXPECT_EQ(error_of("{"),
            "usage policy is not valid JSON: [json.exception.parse_error.101] parse error at "
            "line 1, column 2: syntax error while parsing object key - unexpected end of input; "
            "expected string literal");
}

TEST(UsagePolicyJson, AtMost32Thresholds) {
  std::string list;
  for (int i = 1; i <= 33; ++i) list += fmt::format("{}{{\"bytes\":{}}}", i > 1 ? "," : "", i);
  EXPECT_EQ(error_of(R"({"thresholds":[)" + list + "]}"),
            "usage policy: 'thresholds' has 33 entries, at most 32 are allowed");
}

// An agreement's own policy -------------------------------------------------------------------

constexpr std::string_view kAgreement =
    R"({"id":"00000000-0000-0000-0000-000000000001","msisdn":"48100",)"
    R"("signedAt":"2020-01-01T00:00Z","serviceStartAt":"2020-01-01T00:00Z",)"
    R"("billingPeriodTimeZone":"UTC","maxBytesInBillingPeriod":100)";

TEST(UsagePolicyJson, AnAgreementMayCarryItsOwnPolicyAndWithoutOneKeepsItsFormat) {
  TimeZones zones;
  Agreement a;
  std::string error;
  const std::string plain = std::string(kAgreement) + "}";
  ASSERT_TRUE(parse_agreement_json(plain, zones, a, error)) << error;
  EXPECT_FALSE(a.usage_policy);
  EXPECT_EQ(agreement_to_json(a), plain);

  const std::string with =
      std::string(kAgreement) + R"(,"usagePolicy":{"thresholds":[{"percentOfPlan":90}]}})";
  ASSERT_TRUE(parse_agreement_json(with, zones, a, error)) << error;
  ASSERT_TRUE(a.usage_policy);
  EXPECT_EQ(a.usage_policy->thresholds.size(), 1u);
  EXPECT_EQ(agreement_to_json(a), with);
}

TEST(UsagePolicyJson, AnAgreementWithABadPolicyIsRefusedWithTheReason) {
  TimeZones zones;
  Agreement a;
  std::string error;
  EXPECT_FALSE(parse_agreement_json(
      std::string(kAgreement) + R"(,"usagePolicy":{"overPlanStepBytes":0}})", zones, a, error));
  EXPECT_EQ(error,
            "agreement field 'usagePolicy': usage policy: 'overPlanStepBytes' must be a whole "
            "number from 1048576 to 9223372036854775807, not 0 (a step under 1 MiB would alert "
            "on almost every record)");
}

}  // namespace
}  // namespace mobilecs::core
