#include "core/windowing/data_plan_trigger.h"

#include <gtest/gtest.h>

namespace mobilecs::core {
namespace {

TEST(DataPlanTrigger, OnARecordFiresOnceWhenTheSumReachesThePlan) {
  UsageWindow w;
  w.total_recorded_bytes = 99;
  EXPECT_EQ(DataPlanTrigger::on_record(w, 100), TriggerResult::kContinue);
  w.total_recorded_bytes = 100;  // exactly the plan
  EXPECT_EQ(DataPlanTrigger::on_record(w, 100), TriggerResult::kFire);
  w.total_recorded_bytes = 150;
  EXPECT_EQ(DataPlanTrigger::on_record(w, 100), TriggerResult::kContinue);
}

TEST(DataPlanTrigger, AZeroPlanFiresOnTheFirstRecord) {
  UsageWindow w;
  EXPECT_EQ(DataPlanTrigger::on_record(w, 0), TriggerResult::kFire);
}

TEST(DataPlanTrigger, OnEventTimeFiresAndPurgesWhenTheWatermarkReachesThePeriodsLastMillisecond) {
  EXPECT_EQ(DataPlanTrigger::on_event_time(1000, 998), TriggerResult::kContinue);
  EXPECT_EQ(DataPlanTrigger::on_event_time(1000, 999), TriggerResult::kContinue);
  EXPECT_EQ(DataPlanTrigger::on_event_time(1000, 1000), TriggerResult::kFireAndPurge);
  EXPECT_EQ(DataPlanTrigger::on_event_time(1000, 5000), TriggerResult::kFireAndPurge);
}

TEST(DataPlanTrigger, RecordsForAPurgedPeriodAreLate) {
  EXPECT_FALSE(DataPlanTrigger::is_late(1000, 999));
  EXPECT_TRUE(DataPlanTrigger::is_late(1000, 1000));
}

}  // namespace
}  // namespace mobilecs::core
