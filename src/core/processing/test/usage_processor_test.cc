#include "core/processing/usage_processor.h"

#include <gtest/gtest.h>

#include <limits>

#include "core/processing/state_codec.h"
#include "core/processing/test/processor_test_support.h"

namespace mobilecs::core {
namespace {

using testing::Inputs;
using testing::MapStateSink;

constexpr std::int64_t kGiB = 1LL << 30;
// Europe/Warsaw, 2020: January ends at 2020-01-31T23:00Z, February at 2020-02-29T23:00Z.
constexpr EpochMillis kJanuaryEnd = 1580511600000;
constexpr EpochMillis kFebruaryEnd = 1583017200000;

class UsageProcessorTest : public ::testing::Test {
 protected:
  explicit UsageProcessorTest(ProcessorConfig config = {}) : processor_(config) {
    processor_.assign_partition(PartitionId{0});
  }

  void add(const Agreement& a, PartitionId p = PartitionId{0}) {
    std::string error;
    ASSERT_TRUE(processor_.add_agreement(p, a, out_, error)) << error;
  }
  void add(const IncomingDataRecord& r, PartitionId p = PartitionId{0}) {
    ASSERT_TRUE(processor_.add_record(p, r.usage_record(), out_)) << out_.refused.back().reason;
  }
  // The standard subscriber: service from 2020-01-01T00:00 Warsaw, a 5 GiB plan.
  void add_standard_agreement() {
    add(in_.agreement(1, "48100", "2020-01-01T00:00+01:00[Europe/Warsaw]", 5 * kGiB));
  }
  std::vector<Notification> notifications_of(NotificationType type) const {
    std::vector<Notification> result;
    for (const Notification& n : out_.notifications) {
      if (n.type == type) result.push_back(n);
    }
    return result;
  }

  Inputs in_;
  UsageProcessor processor_;
  ProcessorOutput out_;
};

// docs/semantics.md §2 Match
// ---------------------------------------------------------------------------

TEST_F(UsageProcessorTest, ARecordMatchesAnAgreementWhoseServiceStartedStrictlyBefore) {
  add_standard_agreement();
  add(in_.record(1, "48100", "2020-01-01T00:00:00.001+01:00", 10));
  ASSERT_EQ(out_.data_records.size(), 1u);
  EXPECT_EQ(out_.data_records[0].agreement_id, Inputs::agreement_id(1));
  EXPECT_EQ(out_.data_records[0].internal_record_id, Inputs::record_id(1));
  EXPECT_EQ(out_.data_records[0].recorded_bytes, 10);
  EXPECT_EQ(out_.data_records[0].recorded_at, 1577833200001);
}

TEST_F(UsageProcessorTest, ARecordAtTheExactServiceStartWaits) {
  add_standard_agreement();
  add(in_.record(1, "48100", "2020-01-01T00:00+01:00", 10));
  EXPECT_TRUE(out_.data_records.empty());
  EXPECT_EQ(processor_.waiting_records(), 1u);
}

TEST_F(UsageProcessorTest, TheLatestServiceStartWinsAndTiesGoToTheLatestSignature) {
  add(in_.agreement(1, "48100", "2020-01-01T00:00Z", kGiB, "UTC", "2019-12-01T00:00Z"));
  add(in_.agreement(2, "48100", "2020-01-10T00:00Z", kGiB, "UTC", "2019-12-05T00:00Z"));
  add(in_.agreement(3, "48100", "2020-01-10T00:00Z", kGiB, "UTC", "2019-12-09T00:00Z"));
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 1));
  add(in_.record(2, "48100", "2020-01-11T00:00Z", 1));
  ASSERT_EQ(out_.data_records.size(), 2u);
  EXPECT_EQ(out_.data_records[0].agreement_id, Inputs::agreement_id(1));
  EXPECT_EQ(out_.data_records[1].agreement_id, Inputs::agreement_id(3));
}

TEST_F(UsageProcessorTest, ARecordWithoutAgreementWaitsAndIsReleasedWhenItArrives) {
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 7));
  add(in_.record(2, "48100", "2020-01-06T00:00Z", 8));
  EXPECT_TRUE(out_.data_records.empty());
  EXPECT_EQ(processor_.waiting_records(), 2u);
  add_standard_agreement();
  ASSERT_EQ(out_.data_records.size(), 2u);
  EXPECT_EQ(out_.data_records[0].internal_record_id, Inputs::record_id(1));
  EXPECT_EQ(out_.data_records[1].internal_record_id, Inputs::record_id(2));
  EXPECT_EQ(processor_.waiting_records(), 0u);
  EXPECT_EQ(processor_.counters().released, 2u);
}

TEST_F(UsageProcessorTest, AnAgreementStartingAfterAWaitingRecordDoesNotReleaseIt) {
  add(in_.record(1, "48100", "2019-12-31T00:00Z", 7));
  add_standard_agreement();
  EXPECT_TRUE(out_.data_records.empty());
  EXPECT_EQ(processor_.waiting_records(), 1u);
  add(in_.agreement(2, "48100", "2019-12-01T00:00Z", kGiB));
  ASSERT_EQ(out_.data_records.size(), 1u);
  EXPECT_EQ(out_.data_records[0].agreement_id, Inputs::agreement_id(2));
}

TEST_F(UsageProcessorTest, RecordsOfOtherMsisdnsAreNotMatched) {
  add_standard_agreement();
  add(in_.record(1, "48101", "2020-01-05T00:00Z", 7));
  EXPECT_TRUE(out_.data_records.empty());
  EXPECT_EQ(processor_.waiting_records(), 1u);
}

// docs/semantics.md §3 Store and §4 Window
// ----------------------------------------------------------

TEST_F(UsageProcessorTest, DataRecordsAreFiledUnderTheBillingPeriodInTheAgreementsZone) {
  add_standard_agreement();
  // 2020-02-01T00:00+01:00 is still January in UTC, but February in Warsaw.
  add(in_.record(1, "48100", "2020-02-01T00:00+01:00[Europe/Warsaw]", 1));
  add(in_.record(2, "48100", "2020-01-31T23:59:59.999+01:00", 1));
  ASSERT_EQ(out_.data_records.size(), 2u);
  EXPECT_EQ(out_.data_records[0].year, 2020);
  EXPECT_EQ(out_.data_records[0].month, 2);
  EXPECT_EQ(out_.data_records[1].month, 1);
}

TEST_F(UsageProcessorTest, DaylightSavingMonthsUseTheirRealBounds) {
  add(in_.agreement(1, "48100", "2020-01-01T00:00Z", kGiB));
  // April 2020 in Warsaw starts at 2020-03-31T22:00Z (+02:00), not 23:00Z.
  add(in_.record(1, "48100", "2020-03-31T21:59:59.999Z", 1));
  add(in_.record(2, "48100", "2020-03-31T22:00Z", 1));
  // November starts at 2020-10-31T23:00Z (+01:00 again).
  add(in_.record(3, "48100", "2020-10-31T22:59:59.999Z", 1));
  add(in_.record(4, "48100", "2020-10-31T23:00Z", 1));
  ASSERT_EQ(out_.data_records.size(), 4u);
  EXPECT_EQ(out_.data_records[0].month, 3);
  EXPECT_EQ(out_.data_records[1].month, 4);
  EXPECT_EQ(out_.data_records[2].month, 10);
  EXPECT_EQ(out_.data_records[3].month, 11);
}

TEST_F(UsageProcessorTest, AWindowSumsItsRecordsAndKeepsTheLatest) {
  add(in_.agreement(1, "48100", "2020-01-01T00:00+01:00", 30));
  add(in_.record(1, "48100", "2020-01-10T00:00Z", 10));
  add(in_.record(2, "48100", "2020-01-05T00:00Z", 10));  // out of order
  add(in_.record(3, "48100", "2020-01-07T00:00Z", 10));  // reaches the plan
  const auto exceeded = notifications_of(NotificationType::kDataPlanExceeded);
  ASSERT_EQ(exceeded.size(), 1u);
  EXPECT_EQ(exceeded[0].total_recorded_bytes, 30);
  EXPECT_EQ(exceeded[0].latest_internal_record_id, Inputs::record_id(1));
  EXPECT_EQ(exceeded[0].latest_recorded_at, 1578614400000);  // 2020-01-10T00:00Z
}

TEST_F(UsageProcessorTest, OnATieInRecordedAtTheRecordProcessedLastIsTheLatest) {
  add(in_.agreement(1, "48100", "2020-01-01T00:00+01:00", 20));
  add(in_.record(1, "48100", "2020-01-10T00:00Z", 10));
  add(in_.record(2, "48100", "2020-01-10T00:00Z", 10));
  const auto exceeded = notifications_of(NotificationType::kDataPlanExceeded);
  ASSERT_EQ(exceeded.size(), 1u);
  EXPECT_EQ(exceeded[0].latest_internal_record_id, Inputs::record_id(2));
}

TEST_F(UsageProcessorTest, ARecordThatWouldTakeItsPeriodPastALongIsRefusedNotCounted) {
  add_standard_agreement();
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  add(in_.record(1, "48100", "2020-01-10T00:00Z", max - 5));
  add(in_.record(2, "48100", "2020-01-11T00:00Z", 5));  // exactly the largest total
  EXPECT_FALSE(processor_.add_record(
      PartitionId{0}, in_.record(3, "48100", "2020-01-12T00:00Z", 1).usage_record(), out_));
  ASSERT_EQ(out_.refused.size(), 1u);
  EXPECT_NE(out_.refused[0].reason.find("past 9223372036854775807 bytes"), std::string::npos)
      << out_.refused[0].reason;
  EXPECT_EQ(out_.refused[0].internal_id, Inputs::record_id(3));
  EXPECT_EQ(out_.data_records.size(), 2u) << "a refused record is not stored";
  // February is another total.
  add(in_.record(4, "48100", "2020-02-10T00:00Z", max));
  processor_.on_processing_time(0, out_);
  add(in_.record(5, "48100", "2020-03-10T00:00Z", 1));  // closes January and February
  const auto closed = notifications_of(NotificationType::kBillingPeriodClosed);
  ASSERT_EQ(closed.size(), 2u);
  EXPECT_EQ(closed[0].total_recorded_bytes, max);
  EXPECT_EQ(closed[1].total_recorded_bytes, max);
}

TEST_F(UsageProcessorTest, ARecordAtThePeriodsFirstInstantBelongsToIt) {
  add(in_.agreement(1, "48100", "2019-12-01T00:00+01:00", kGiB));
  add(in_.record(1, "48100", "2020-01-01T00:00+01:00[Europe/Warsaw]", 1));
  ASSERT_EQ(out_.data_records.size(), 1u);
  EXPECT_EQ(out_.data_records[0].month, 1);
  EXPECT_EQ(out_.data_records[0].year, 2020);
}

// docs/semantics.md §5 DATA_PLAN_EXCEEDED
// ---------------------------------------------------------------

TEST_F(UsageProcessorTest, DataPlanExceededIsPublishedOnceAtTheRecordReachingThePlan) {
  add(in_.agreement(1, "48100", "2020-01-01T00:00+01:00", 100));
  add(in_.record(1, "48100", "2020-01-02T00:00Z", 60));
  EXPECT_TRUE(out_.notifications.empty());
  add(in_.record(2, "48100", "2020-01-03T00:00Z", 40));  // exactly the plan
  add(in_.record(3, "48100", "2020-01-04T00:00Z", 40));
  const auto exceeded = notifications_of(NotificationType::kDataPlanExceeded);
  ASSERT_EQ(exceeded.size(), 1u);
  const Notification& n = exceeded[0];
  EXPECT_EQ(n.agreement_id, Inputs::agreement_id(1));
  EXPECT_EQ(n.year, 2020);
  EXPECT_EQ(n.month, 1);
  EXPECT_EQ(n.total_recorded_bytes, 100);
  EXPECT_EQ(n.latest_internal_record_id, Inputs::record_id(2));
  EXPECT_EQ(n.billing_period_time_zone, "Europe/Warsaw");
  EXPECT_EQ(n.max_bytes_in_billing_period, 100);
  EXPECT_EQ(n.timestamp, kJanuaryEnd - 1);  // docs/semantics.md §9
}

TEST_F(UsageProcessorTest, EachBillingPeriodGetsItsOwnDataPlanExceeded) {
  add(in_.agreement(1, "48100", "2020-01-01T00:00+01:00", 100));
  add(in_.record(1, "48100", "2020-01-02T00:00Z", 100));
  add(in_.record(2, "48100", "2020-02-02T00:00Z", 50));
  add(in_.record(3, "48100", "2020-02-03T00:00Z", 50));
  const auto exceeded = notifications_of(NotificationType::kDataPlanExceeded);
  ASSERT_EQ(exceeded.size(), 2u);
  EXPECT_EQ(exceeded[0].month, 1);
  EXPECT_EQ(exceeded[1].month, 2);
  EXPECT_EQ(exceeded[1].timestamp, kFebruaryEnd - 1);
}

// docs/semantics.md §6, §7 BILLING_PERIOD_CLOSED on the watermark
// ------------------------------------

TEST_F(UsageProcessorTest, APeriodClosesWhenTheWatermarkReachesItsLastMillisecond) {
  add_standard_agreement();
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 10));
  add(in_.record(2, "48100", "2020-01-31T22:59:59.999Z", 10));  // watermark: end - 2
  EXPECT_TRUE(notifications_of(NotificationType::kBillingPeriodClosed).empty());
  add(in_.record(3, "48100", "2020-01-31T23:00Z", 10));  // watermark: end - 1
  const auto closed = notifications_of(NotificationType::kBillingPeriodClosed);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].month, 1);
  EXPECT_EQ(closed[0].total_recorded_bytes, 20);
  EXPECT_EQ(closed[0].latest_internal_record_id, Inputs::record_id(2));
  EXPECT_EQ(closed[0].latest_recorded_at, kJanuaryEnd - 1);
  EXPECT_EQ(closed[0].timestamp, kJanuaryEnd - 1);
  EXPECT_EQ(processor_.watermark(), kJanuaryEnd - 1);
}

TEST_F(UsageProcessorTest, OtherSubscribersRecordsAdvanceTheWatermarkToo) {
  add_standard_agreement();
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 10));
  add(in_.record(2, "48999", "2020-02-05T00:00Z", 10));  // waits: no agreement
  EXPECT_EQ(notifications_of(NotificationType::kBillingPeriodClosed).size(), 1u);
}

TEST_F(UsageProcessorTest, PeriodsWithoutRecordsPublishNothing) {
  add_standard_agreement();
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 10));
  add(in_.record(2, "48100", "2020-05-05T00:00Z", 10));
  const auto closed = notifications_of(NotificationType::kBillingPeriodClosed);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].month, 1);
}

TEST_F(UsageProcessorTest, EndOfInputIsNotEndOfTime) {
  add_standard_agreement();
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 10));
  processor_.set_caught_up(PartitionId{0}, true, out_);
  processor_.on_processing_time(1'000'000'000, out_);
  EXPECT_TRUE(out_.notifications.empty());
  EXPECT_EQ(processor_.open_windows(), 1u);
}

// docs/semantics.md §8 Late records
// ---------------------------------------------------------------------

TEST_F(UsageProcessorTest, ALateRecordIsStoredAndReportedButNotAddedToTheClosedWindow) {
  add_standard_agreement();
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 10));
  add(in_.record(2, "48100", "2020-02-05T00:00Z", 10));
  out_.clear();
  add(in_.record(3, "48100", "2020-01-20T00:00Z", 5 * kGiB));
  ASSERT_EQ(out_.data_records.size(), 1u);
  EXPECT_EQ(out_.data_records[0].month, 1);
  ASSERT_EQ(out_.late_records.size(), 1u);
  EXPECT_EQ(out_.late_records[0].record.internal_record_id, Inputs::record_id(3));
  EXPECT_EQ(out_.late_records[0].watermark, 1580860799999);  // 2020-02-05T00:00Z - 1 ms
  EXPECT_TRUE(out_.notifications.empty());                   // neither exceeded nor closed again
  EXPECT_EQ(processor_.counters().late, 1u);
}

TEST_F(UsageProcessorTest, AWaitingRecordReleasedAfterItsPeriodClosedIsLate) {
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 10));
  add(in_.record(2, "48999", "2020-02-05T00:00Z", 10));
  add_standard_agreement();
  ASSERT_EQ(out_.data_records.size(), 1u);
  EXPECT_EQ(out_.late_records.size(), 1u);
  EXPECT_TRUE(out_.notifications.empty());
}

class OutOfOrdernessTest : public UsageProcessorTest {
 protected:
  OutOfOrdernessTest() : UsageProcessorTest(ProcessorConfig{86'400'000, 10'000, std::nullopt}) {}
};

TEST_F(OutOfOrdernessTest, AllowedOutOfOrdernessKeepsAPeriodOpenLonger) {
  add_standard_agreement();
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 10));
  add(in_.record(2, "48100", "2020-02-01T22:59:59.999Z", 10));
  add(in_.record(3, "48100", "2020-01-30T00:00Z", 10));  // not late: within a day
  EXPECT_TRUE(out_.late_records.empty());
  EXPECT_TRUE(notifications_of(NotificationType::kBillingPeriodClosed).empty());
  add(in_.record(4, "48100", "2020-02-01T23:00Z", 10));
  const auto closed = notifications_of(NotificationType::kBillingPeriodClosed);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].total_recorded_bytes, 20);
}

// Watermarks over several partitions (docs/semantics.md §7)
// ---------------------------------------------

TEST_F(UsageProcessorTest, APartitionThatHasSeenNothingHoldsTheWatermarkUntilIdle) {
  processor_.assign_partition(PartitionId{1});
  add_standard_agreement();
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 10));
  add(in_.record(2, "48100", "2020-02-05T00:00Z", 10));
  EXPECT_TRUE(out_.notifications.empty());
  processor_.set_processing_time(1000);
  processor_.set_caught_up(PartitionId{1}, true, out_);
  processor_.on_processing_time(1000 + 10'000, out_);
  EXPECT_EQ(notifications_of(NotificationType::kBillingPeriodClosed).size(), 1u);
}

// Durability: the persisted state carries on exactly ----------------------------------------

TEST_F(UsageProcessorTest, RestoredStateContinuesAsIfUninterrupted) {
  add_standard_agreement();
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 3 * kGiB));
  add(in_.record(2, "48200", "2020-01-06T00:00Z", 1));  // waits
  MapStateSink sink;
  processor_.flush_state_changes(sink);

  UsageProcessor restored(ProcessorConfig{});
  for (const auto& [key, value] : sink.entries) {
    restored.restore(key, value);
  }
  restored.assign_partition(PartitionId{0});
  EXPECT_EQ(restored.waiting_records(), 1u);
  EXPECT_EQ(restored.watermark(), processor_.watermark());

  ProcessorOutput a, b;
  std::string error;
  for (UsageProcessor* p : {&processor_, &restored}) {
    ProcessorOutput& o = p == &processor_ ? a : b;
    ASSERT_TRUE(p->add_record(
        PartitionId{0}, in_.record(3, "48100", "2020-01-07T00:00Z", 2 * kGiB).usage_record(), o));
    ASSERT_TRUE(p->add_agreement(
        PartitionId{0}, in_.agreement(2, "48200", "2020-01-01T00:00+01:00", kGiB), o, error));
    ASSERT_TRUE(p->add_record(PartitionId{0},
                              in_.record(4, "48100", "2020-02-07T00:00Z", 1).usage_record(), o));
  }
  EXPECT_EQ(a.notifications, b.notifications);
  EXPECT_EQ(a.data_records, b.data_records);
  EXPECT_EQ(a.notifications.size(), 3u);  // exceeded; closed for both subscribers
}

TEST_F(UsageProcessorTest, ClosedWindowsAreDeletedFromTheState) {
  add_standard_agreement();
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 10));
  MapStateSink sink;
  processor_.flush_state_changes(sink);
  const std::string key = subscriber_key(PartitionId{0}, *MsisdnKey::parse("48100"));
  const std::size_t open_size = sink.entries.at(key).size();
  add(in_.record(2, "48999", "2020-02-05T00:00Z", 10));
  processor_.flush_state_changes(sink);
  EXPECT_LT(sink.entries.at(key).size(), open_size);
  EXPECT_EQ(processor_.open_windows(), 0u);
}

TEST_F(UsageProcessorTest, WindowsAPreviousOwnerClosedStayClosed) {
  add_standard_agreement();
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 10));
  add(in_.record(2, "48100", "2020-02-05T00:00Z", 10));
  MapStateSink sink;
  processor_.flush_state_changes(sink);

  // A new owner that also reads a partition lagging behind: its own watermark is far back.
  UsageProcessor next_owner(ProcessorConfig{});
  for (const auto& [key, value] : sink.entries) {
    next_owner.restore(key, value);
  }
  next_owner.assign_partition(PartitionId{0});
  next_owner.assign_partition(PartitionId{1});
  ProcessorOutput out;
  std::string error;
  ASSERT_TRUE(next_owner.add_record(
      PartitionId{0}, in_.record(3, "48100", "2020-01-20T00:00Z", 10).usage_record(), out));
  EXPECT_EQ(out.late_records.size(), 1u);
}

TEST_F(UsageProcessorTest, RecordsOfAPartitionTakenOverAreJudgedByItsOwnProgress) {
  // This process read partition 0 into February; partition 1 comes from a process that was in
  // January when it died. Its January records are not late.
  add(in_.agreement(1, "48100", "2020-01-01T00:00+01:00", kGiB), PartitionId{0});
  add(in_.record(1, "48100", "2020-02-05T00:00Z", 1), PartitionId{0});
  UsageProcessor other(ProcessorConfig{});
  other.assign_partition(PartitionId{1});
  ProcessorOutput other_out;
  std::string error;
  ASSERT_TRUE(other.add_agreement(
      PartitionId{1}, in_.agreement(2, "48200", "2020-01-01T00:00+01:00", kGiB), other_out, error));
  ASSERT_TRUE(other.add_record(
      PartitionId{1}, in_.record(2, "48200", "2020-01-10T00:00Z", 1).usage_record(), other_out));
  MapStateSink sink;
  other.flush_state_changes(sink);
  for (const auto& [key, value] : sink.entries) processor_.restore(key, value);
  processor_.assign_partition(PartitionId{1});
  out_.clear();
  add(in_.record(3, "48200", "2020-01-20T00:00Z", 1), PartitionId{1});
  EXPECT_TRUE(out_.late_records.empty());
  ASSERT_EQ(out_.data_records.size(), 1u);
  add(in_.record(4, "48200", "2020-02-06T00:00Z", 1), PartitionId{1});
  const auto closed = notifications_of(NotificationType::kBillingPeriodClosed);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].agreement_id, Inputs::agreement_id(2));
  EXPECT_EQ(closed[0].total_recorded_bytes, 2);
}

TEST_F(UsageProcessorTest, RevokingAPartitionForgetsItsSubscribers) {
  processor_.assign_partition(PartitionId{1});
  add(in_.record(1, "48100", "2020-01-05T00:00Z", 10), PartitionId{1});
  EXPECT_EQ(processor_.waiting_records(), 1u);
  processor_.revoke_partition(PartitionId{1});
  EXPECT_EQ(processor_.waiting_records(), 0u);
}

TEST_F(UsageProcessorTest, RejectsAgreementsWithUnknownZones) {
  std::string error;
  EXPECT_FALSE(processor_.add_agreement(
      PartitionId{0}, in_.agreement(1, "48100", "2020-01-01T00:00Z", 1, "Atlantis/Central"), out_,
      error));
  EXPECT_EQ(error, "unknown time zone 'Atlantis/Central'");
}

}  // namespace
}  // namespace mobilecs::core
