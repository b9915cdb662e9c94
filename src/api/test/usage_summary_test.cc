#include "api/usage_summary.h"

#include <gtest/gtest.h>

#include "core/codec/usage_policy_json.h"

namespace mobilecs::api {
namespace {

constexpr std::int64_t kGiB = 1LL << 30;

core::Agreement agreement() {
  core::Agreement a;
  a.id = *core::Uuid::parse("6e9b6f52-8a8b-4a57-9f8c-6f4c1d0a9b21");
  a.billing_period_time_zone = "UTC";
  a.max_bytes_in_billing_period = 10 * kGiB;
  return a;
}

// 1 GiB at noon on each of January's first four days (2020-01-01T12:00Z is 1577880000000).
std::vector<core::DataRecord> four_days() {
  std::vector<core::DataRecord> records;
  for (int day = 0; day < 4; ++day) {
    core::DataRecord r;
    r.recorded_at = 1577880000000 + day * 86'400'000LL;
    r.recorded_bytes = kGiB;
    records.push_back(r);
  }
  return records;
}

core::UsagePolicy policy(std::string_view json) {
  core::UsagePolicy p;
  std::string error;
  EXPECT_TRUE(core::parse_usage_policy_json(json, p, error)) << error;
  return p;
}

TEST(UsageSummary, ThresholdsInBytesAndTheForecastTheTriggerWouldMake) {
  core::TimeZones zones;
  const auto configured = policy(
      R"({"thresholds":[{"percentOfPlan":80},{"bytes":3221225472}],"overPlanStepBytes":1073741824,"forecast":{}})");
  const auto s = usage_summary(agreement(), 2020, 1, four_days(), &configured, zones);
  EXPECT_EQ(s["totalRecordedBytes"], "4294967296");
  EXPECT_EQ(s["latestRecordedAt"], "2020-01-04T12:00Z[UTC]");
  EXPECT_EQ(s["usagePolicySource"], "--usage-policy");
  EXPECT_EQ(s["thresholds"].dump(),
            R"([{"threshold":{"bytes":3221225472},"bytes":3221225472,"reached":true},)"
            R"({"threshold":{"percentOfPlan":80},"bytes":8589934592,"reached":false},)"
            R"({"threshold":{"overPlanStep":1},"bytes":11811160064,"reached":false}])");
  // As UsageForecastTest computes it: 6 GiB left at 4 GiB per 3.5 days (and 1 ms).
  const auto& f = s["forecast"];
  EXPECT_EQ(f["projectedExhaustionAt"], "2020-01-09T18:00:00.002Z[UTC]");
  EXPECT_EQ(f["projectedPeriodTotalBytes"], 38041138781);
  EXPECT_EQ(f["daysLeft"], 5);
  EXPECT_EQ(f["exhaustedWithinPeriod"], true);
}

TEST(UsageSummary, AnAgreementsOwnPolicyWinsAndTheForecastNeedsItsObservedDays) {
  core::TimeZones zones;
  core::Agreement own = agreement();
  own.usage_policy = core::UsagePolicy{};
  const auto configured = policy(R"({"thresholds":[{"percentOfPlan":80}]})");
  auto records = four_days();
  const auto s = usage_summary(own, 2020, 1, records, &configured, zones);
  EXPECT_EQ(s["usagePolicySource"], "agreement");
  EXPECT_TRUE(s["thresholds"].empty());
  EXPECT_FALSE(s["forecast"].is_null());  // with the default settings
  records.pop_back();                     // the latest record on the period's third day
  EXPECT_TRUE(usage_summary(own, 2020, 1, records, &configured, zones)["forecast"].is_null());
  const auto none = usage_summary(agreement(), 2020, 1, {}, nullptr, zones);
  EXPECT_TRUE(none["usagePolicy"].is_null());
  EXPECT_TRUE(none["usagePolicySource"].is_null());
  EXPECT_TRUE(none["latestRecordedAt"].is_null());
  EXPECT_TRUE(none["forecast"].is_null());
}

TEST(UsageSummary, StepsAroundTheTotalOnlyAndNoForecastPastAnyDate) {
  core::TimeZones zones;
  core::Agreement a = agreement();
  a.max_bytes_in_billing_period = 0;
  const auto steps = policy(R"({"overPlanStepBytes":1048576})");
  std::vector<core::DataRecord> records = four_days();
  records[0].recorded_bytes = 100 * kGiB;  // 103 GiB in all: 105,472 steps passed
  const auto s = usage_summary(a, 2020, 1, records, &steps, zones);
  ASSERT_EQ(s["thresholds"].size(), 11u);
  EXPECT_EQ(s["thresholds"][9]["reached"], true);
  EXPECT_EQ(s["thresholds"][10]["reached"], false);
  EXPECT_EQ(s["thresholds"][10]["threshold"]["overPlanStep"], 105473);

  a.max_bytes_in_billing_period = 9223372036854775807;
  for (auto& r : records) r.recorded_bytes = 1;
  EXPECT_TRUE(usage_summary(a, 2020, 1, records, &steps, zones)["forecast"].is_null());
}

}  // namespace
}  // namespace mobilecs::api
