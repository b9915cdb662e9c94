// docs/semantics.md §10 Usage alerts, through the processor.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/codec/usage_policy_json.h"
#include "core/processing/test/processor_test_support.h"
#include "core/processing/usage_processor.h"

namespace mobilecs::core {
namespace {

using testing::Inputs;
using testing::MapStateSink;

constexpr std::int64_t kGiB = 1LL << 30;

UsagePolicy policy(std::string_view json) {
  UsagePolicy p;
  std::string error;
  if (!parse_usage_policy_json(json, p, error)) throw std::invalid_argument(error);
  return p;
}

ProcessorConfig with_policy(std::string_view json) {
  ProcessorConfig config;
  config.usage_policy = policy(json);
  return config;
}

constexpr std::string_view kThresholds =
    R"({"thresholds":[{"percentOfPlan":80},{"percentOfPlan":100},{"bytes":5368709120}],
        "overPlanStepBytes":1073741824})";

class UsageAlertsTest : public ::testing::Test {
 protected:
  explicit UsageAlertsTest(ProcessorConfig config = with_policy(kThresholds))
      : processor_(std::move(config)) {
    processor_.assign_partition(PartitionId{0});
  }

  void add(const Agreement& a) {
    std::string error;
    ASSERT_TRUE(processor_.add_agreement(PartitionId{0}, a, out_, error)) << error;
  }
  void add(const IncomingDataRecord& r) {
    ASSERT_TRUE(processor_.add_record(PartitionId{0}, r.usage_record(), out_));
  }
  // A 10 GiB plan in UTC from 2020-01-01.
  Agreement standard_agreement(std::uint8_t id = 1) {
    return in_.agreement(id, "48100", "2020-01-01T00:00Z", 10 * kGiB, "UTC");
  }
  std::vector<std::string> thresholds_alerted() {
    std::vector<std::string> names;
    for (const UsageAlert& a : out_.alerts) {
      if (a.type == UsageAlertType::kThresholdReached) {
        names.push_back(
            fmt::format("{}:{}", static_cast<int>(a.threshold->kind), a.threshold->value));
      }
    }
    out_.alerts.clear();
    return names;
  }

  Inputs in_;
  UsageProcessor processor_;
  ProcessorOutput out_;
};

using Names = std::vector<std::string>;
// AlertThreshold::Kind as numbers: 0 percentOfPlan, 1 bytes, 2 overPlanStep.

TEST_F(UsageAlertsTest, EachThresholdFiresOnceAtTheRecordThatReachesItLowestFirst) {
  add(standard_agreement());
  add(in_.record(1, "48100", "2020-01-02T00:00Z", 4 * kGiB));
  EXPECT_EQ(thresholds_alerted(), Names{});
  add(in_.record(2, "48100", "2020-01-03T00:00Z", 2 * kGiB));  // 6 GiB
  EXPECT_EQ(thresholds_alerted(), Names{"1:5368709120"});
  add(in_.record(3, "48100", "2020-01-04T00:00Z", 3 * kGiB));  // 9 GiB
  EXPECT_EQ(thresholds_alerted(), Names{"0:80"});
  add(in_.record(4, "48100", "2020-01-05T00:00Z", 3 * kGiB));  // 12 GiB: plan, +1, +2 steps
  EXPECT_EQ(thresholds_alerted(), (Names{"0:100", "2:1", "2:2"}));
  add(in_.record(5, "48100", "2020-01-06T00:00Z", 1));
  EXPECT_EQ(thresholds_alerted(), Names{});
  EXPECT_EQ(processor_.counters().usage_alerts, 5u);
}

TEST_F(UsageAlertsTest, AnAlertCarriesTheWindowAndTheThresholdInBytes) {
  add(standard_agreement());
  add(in_.record(1, "48100", "2020-01-02T00:00Z", 6 * kGiB));
  add(in_.record(2, "48100", "2020-01-01T12:00Z", 3 * kGiB));  // earlier: not the latest
  ASSERT_EQ(out_.alerts.size(), 2u);
  const UsageAlert& a = out_.alerts[1];
  EXPECT_EQ(a.type, UsageAlertType::kThresholdReached);
  EXPECT_EQ(a.agreement_id, Inputs::agreement_id(1));
  EXPECT_EQ(a.year, 2020);
  EXPECT_EQ(a.month, 1);
  EXPECT_EQ(a.threshold, (AlertThreshold{AlertThreshold::Kind::kPercentOfPlan, 80}));
  EXPECT_EQ(a.threshold_bytes, 8589934592);
  EXPECT_EQ(a.total_recorded_bytes, 9 * kGiB);
  EXPECT_EQ(a.max_bytes_in_billing_period, 10 * kGiB);
  EXPECT_EQ(a.latest_recorded_at, 1577923200000);  // 2020-01-02T00:00Z
  EXPECT_EQ(a.latest_internal_record_id, Inputs::record_id(1));
  EXPECT_EQ(a.billing_period_time_zone, "UTC");
  EXPECT_EQ(a.timestamp, 1577880000000);  // the record that reached it: 2020-01-01T12:00Z
  EXPECT_FALSE(a.forecast);
}

TEST_F(UsageAlertsTest, PercentagesAreExactIntegers) {
  // 50 % of a 3-byte plan is reached at 2 bytes (2 * 100 >= 3 * 50), not at 1.
  UsageProcessor p(with_policy(R"({"thresholds":[{"percentOfPlan":50}]})"));
  p.assign_partition(PartitionId{0});
  std::string error;
  ASSERT_TRUE(p.add_agreement(
      PartitionId{0}, in_.agreement(1, "48100", "2020-01-01T00:00Z", 3, "UTC"), out_, error));
  ASSERT_TRUE(p.add_record(PartitionId{0},
                           in_.record(1, "48100", "2020-01-02T00:00Z", 1).usage_record(), out_));
  EXPECT_TRUE(out_.alerts.empty());
  ASSERT_TRUE(p.add_record(PartitionId{0},
                           in_.record(2, "48100", "2020-01-02T00:01Z", 1).usage_record(), out_));
  ASSERT_EQ(out_.alerts.size(), 1u);
  EXPECT_EQ(out_.alerts[0].threshold_bytes, 2);
}

TEST_F(UsageAlertsTest, ARecordLeapingManyStepsFiresOnlyTheHighestOnes) {
  add(standard_agreement());
  add(in_.record(1, "48100", "2020-01-02T00:00Z", 110 * kGiB));  // plan + 100 steps
  const Names names = thresholds_alerted();
  ASSERT_EQ(names.size(), 3 + UsageThresholdTrigger::kMaxStepsPerRecord);
  EXPECT_EQ(names[3], "2:69");
  EXPECT_EQ(names.back(), "2:100");
  add(in_.record(2, "48100", "2020-01-03T00:00Z", kGiB));
  EXPECT_EQ(thresholds_alerted(), Names{"2:101"});
}

TEST_F(UsageAlertsTest, TheNextPeriodStartsUnarmed) {
  add(standard_agreement());
  add(in_.record(1, "48100", "2020-01-02T00:00Z", 6 * kGiB));
  add(in_.record(2, "48100", "2020-02-02T00:00Z", 6 * kGiB));
  ASSERT_EQ(out_.alerts.size(), 2u);
  EXPECT_EQ(out_.alerts[1].month, 2);
  EXPECT_EQ(out_.alerts[1].threshold_bytes, 5 * kGiB);
}

TEST_F(UsageAlertsTest, LateRecordsFireNothing) {
  add(standard_agreement());
  add(in_.record(1, "48100", "2020-01-02T00:00Z", 1));
  add(in_.record(2, "48100", "2020-02-02T00:00Z", 1));  // January closes
  add(in_.record(3, "48100", "2020-01-20T00:00Z", 20 * kGiB));
  EXPECT_EQ(out_.late_records.size(), 1u);
  EXPECT_TRUE(out_.alerts.empty());
}

TEST_F(UsageAlertsTest, AnAgreementsOwnPolicyReplacesTheConfiguredOne) {
  Agreement own = standard_agreement(1);
  own.usage_policy = policy(R"({"thresholds":[{"bytes":1024}]})");
  add(own);
  Agreement none = in_.agreement(2, "48200", "2020-01-01T00:00Z", 10 * kGiB, "UTC");
  none.usage_policy = UsagePolicy{};  // an empty policy: no alerts at all
  add(none);
  add(in_.record(1, "48100", "2020-01-02T00:00Z", 6 * kGiB));
  add(in_.record(2, "48200", "2020-01-02T00:00Z", 20 * kGiB));
  EXPECT_EQ(thresholds_alerted(), Names{"1:1024"});
}

TEST_F(UsageAlertsTest, NoPolicyNoAlertsAndTheNotificationsAreTheSameWithOrWithout) {
  UsageProcessor without(ProcessorConfig{});
  without.assign_partition(PartitionId{0});
  ProcessorOutput plain;
  std::string error;
  ASSERT_TRUE(without.add_agreement(PartitionId{0}, standard_agreement(), plain, error));
  add(standard_agreement());
  for (std::uint8_t i = 1; i <= 20; ++i) {
    const auto r = in_.record(i, "48100", fmt::format("2020-01-{:02}T10:00Z", i), kGiB);
    ASSERT_TRUE(without.add_record(PartitionId{0}, r.usage_record(), plain));
    add(r);
  }
  add(in_.record(21, "48100", "2020-02-01T10:00Z", 1));
  ASSERT_TRUE(without.add_record(
      PartitionId{0}, in_.record(21, "48100", "2020-02-01T10:00Z", 1).usage_record(), plain));
  EXPECT_TRUE(plain.alerts.empty());
  EXPECT_FALSE(out_.alerts.empty());
  EXPECT_EQ(plain.notifications, out_.notifications);
  EXPECT_EQ(plain.data_records, out_.data_records);
  EXPECT_EQ(plain.notifications.size(), 2u);
}

TEST_F(UsageAlertsTest, RestoredStateNeitherRepeatsNorForgetsAnAlert) {
  Agreement own = in_.agreement(2, "48200", "2020-01-01T00:00Z", 10 * kGiB, "UTC");
  own.usage_policy = policy(R"({"thresholds":[{"bytes":100}]})");
  add(own);
  add(standard_agreement());
  add(in_.record(1, "48100", "2020-01-02T00:00Z", 6 * kGiB));
  MapStateSink sink;
  processor_.flush_state_changes(sink);
  UsageProcessor restored(with_policy(kThresholds));
  for (const auto& [key, value] : sink.entries) restored.restore(key, value);
  restored.assign_partition(PartitionId{0});

  ProcessorOutput a, b;
  for (const char* at : {"2020-01-03T00:00Z", "2020-01-04T00:00Z"}) {
    for (const char* msisdn : {"48100", "48200"}) {
      const auto r = in_.record(7, msisdn, at, 3 * kGiB).usage_record();
      ASSERT_TRUE(processor_.add_record(PartitionId{0}, r, a));
      ASSERT_TRUE(restored.add_record(PartitionId{0}, r, b));
    }
  }
  EXPECT_EQ(a.alerts, b.alerts);
  // 80 % for 48100, the own 100 bytes for 48200; then the plan and two steps for 48100.
  ASSERT_EQ(b.alerts.size(), 5u);
  EXPECT_EQ(b.alerts[0].threshold_bytes, 8589934592);
  EXPECT_EQ(b.alerts[1].threshold_bytes, 100);
  EXPECT_EQ(b.alerts[4].threshold_bytes, 12 * kGiB);
}

TEST_F(UsageAlertsTest, AChangedPolicyOrPlanNeitherRepeatsNorLateFiresWhatWasPassed) {
  UsageProcessor first(with_policy(R"({"thresholds":[{"percentOfPlan":80}]})"));
  first.assign_partition(PartitionId{0});
  std::string error;
  ASSERT_TRUE(first.add_agreement(PartitionId{0}, standard_agreement(), out_, error));
  ASSERT_TRUE(first.add_record(
      PartitionId{0}, in_.record(1, "48100", "2020-01-02T00:00Z", 9 * kGiB).usage_record(), out_));
  ASSERT_EQ(out_.alerts.size(), 1u);
  MapStateSink sink;
  first.flush_state_changes(sink);

  // Restarted with a policy that has one more threshold, before the one that fired.
  UsageProcessor second(
      with_policy(R"({"thresholds":[{"percentOfPlan":50},{"percentOfPlan":80}]})"));
  for (const auto& [key, value] : sink.entries) second.restore(key, value);
  second.assign_partition(PartitionId{0});
  ProcessorOutput out;
  ASSERT_TRUE(second.add_record(
      PartitionId{0}, in_.record(2, "48100", "2020-01-03T00:00Z", 1000).usage_record(), out));
  EXPECT_TRUE(out.alerts.empty()) << "50 % and 80 % were passed before";

  // The plan doubled: 50 % and 80 % are now 10 and 16 GiB, not yet reached; each fires when it is.
  ASSERT_TRUE(second.add_agreement(PartitionId{0},
                                   in_.agreement(1, "48100", "2020-01-01T00:00Z", 20 * kGiB, "UTC"),
                                   out, error));
  ASSERT_TRUE(second.add_record(
      PartitionId{0}, in_.record(3, "48100", "2020-01-04T00:00Z", 2 * kGiB).usage_record(), out));
  // 11 GiB: past 50 % of 20 GiB, which 9 GiB had not passed.
  ASSERT_EQ(out.alerts.size(), 1u);
  EXPECT_EQ(out.alerts[0].threshold_bytes, 10 * kGiB);
  ASSERT_TRUE(second.add_record(
      PartitionId{0}, in_.record(4, "48100", "2020-01-05T00:00Z", 5 * kGiB).usage_record(), out));
  ASSERT_EQ(out.alerts.size(), 2u);
  EXPECT_EQ(out.alerts[1].threshold_bytes, 16 * kGiB);
}

// The forecast ----------------------------------------------------------------------------------

class UsageForecastTest : public UsageAlertsTest {
 protected:
  UsageForecastTest() : UsageAlertsTest(with_policy(R"({"forecast":{}})")) {}
};

TEST_F(UsageForecastTest, FiresOnceWhenTheTrailingRateReachesThePlanBeforeThePeriodEnds) {
  add(standard_agreement());
  add(in_.record(1, "48100", "2020-01-01T12:00Z", kGiB));
  add(in_.record(2, "48100", "2020-01-02T12:00Z", kGiB));
  add(in_.record(3, "48100", "2020-01-03T12:00Z", kGiB));
  EXPECT_TRUE(out_.alerts.empty());  // fewer than 3 days of the period behind
  add(in_.record(4, "48100", "2020-01-04T12:00Z", kGiB));
  ASSERT_EQ(out_.alerts.size(), 1u);
  const UsageAlert& a = out_.alerts[0];
  EXPECT_EQ(a.type, UsageAlertType::kForecastExceedsPlan);
  EXPECT_FALSE(a.threshold);
  EXPECT_EQ(a.threshold_bytes, 10 * kGiB);
  ASSERT_TRUE(a.forecast);
  // 4 GiB in the 3.5 days (and 1 ms) since January 1: the 6 GiB left last 5.25 days (rounded up
  // to the millisecond), and the 27.5 days left in January bring 4 + 31.4 GiB.
  EXPECT_EQ(a.forecast->projected_exhaustion_at, 1578592800002);  // 2020-01-09T18:00:00.002Z
  EXPECT_EQ(a.forecast->days_left, 5);
  EXPECT_EQ(a.forecast->projected_period_total_bytes, 38041138781);
  add(in_.record(5, "48100", "2020-01-05T12:00Z", kGiB));
  EXPECT_EQ(out_.alerts.size(), 1u);
}

TEST_F(UsageForecastTest, NoForecastWhenThePlanLastsOrIsAlreadyReached) {
  Agreement large = in_.agreement(2, "48200", "2020-01-01T00:00Z", 100 * kGiB, "UTC");
  add(large);
  Agreement small = in_.agreement(3, "48300", "2020-01-01T00:00Z", kGiB, "UTC");
  add(small);
  for (int day = 1; day <= 10; ++day) {
    add(in_.record(1, "48200", fmt::format("2020-01-{:02}T12:00Z", day), kGiB));
    add(in_.record(2, "48300", fmt::format("2020-01-{:02}T12:00Z", day), kGiB));
  }
  EXPECT_TRUE(out_.alerts.empty());
}

TEST_F(UsageForecastTest, OnlyTheTrailingDaysCount) {
  // A heavy first day, then quiet: with a 2-day trailing rate, the forecast does not fire.
  UsageProcessor p(with_policy(R"({"forecast":{"trailingDays":2,"minObservedDays":3}})"));
  p.assign_partition(PartitionId{0});
  std::string error;
  ASSERT_TRUE(p.add_agreement(PartitionId{0}, standard_agreement(), out_, error));
  ASSERT_TRUE(p.add_record(
      PartitionId{0}, in_.record(1, "48100", "2020-01-01T12:00Z", 9 * kGiB).usage_record(), out_));
  for (int day = 2; day <= 6; ++day) {
    ASSERT_TRUE(p.add_record(
        PartitionId{0},
        in_.record(2, "48100", fmt::format("2020-01-{:02}T12:00Z", day), 1024).usage_record(),
        out_));
  }
  EXPECT_TRUE(out_.alerts.empty());
}

TEST_F(UsageForecastTest, TheProjectionIsShownInTheAgreementsZone) {
  add(in_.agreement(1, "48100", "2020-01-01T00:00+01:00", 10 * kGiB, "Europe/Warsaw"));
  for (int day = 1; day <= 4; ++day) {
    add(in_.record(1, "48100", fmt::format("2020-01-{:02}T11:00Z", day), kGiB));
  }
  ASSERT_EQ(out_.alerts.size(), 1u);
  EXPECT_EQ(out_.alerts[0].forecast->exhaustion_offset_seconds, 3600);
}

}  // namespace
}  // namespace mobilecs::core
