#include "core/windowing/data_plan_trigger.h"

#include <gtest/gtest.h>

namespace mobilecs::core {
namespace {

TEST(DataPlanTrigger, FiresOnceWhenTheSumReachesThePlan) {
  UsageWindow w;
  w.total_recorded_bytes = 99;
  EXPECT_FALSE(DataPlanTrigger::on_record(w, 100));
  w.total_recorded_bytes = 100;  // exactly the plan
  EXPECT_TRUE(DataPlanTrigger::on_record(w, 100));
  w.total_recorded_bytes = 150;
  EXPECT_FALSE(DataPlanTrigger::on_record(w, 100));
}

TEST(DataPlanTrigger, AZeroPlanFiresOnTheFirstRecord) {
  UsageWindow w;
  EXPECT_TRUE(DataPlanTrigger::on_record(w, 0));
}

TEST(DataPlanTrigger, APeriodClosesWhenTheWatermarkReachesItsLastMillisecond) {
  EXPECT_FALSE(DataPlanTrigger::is_closed(1000, 998));
  EXPECT_FALSE(DataPlanTrigger::is_closed(1000, 999));
  EXPECT_TRUE(DataPlanTrigger::is_closed(1000, 1000));
  EXPECT_TRUE(DataPlanTrigger::is_closed(1000, 5000));
}

}  // namespace
}  // namespace mobilecs::core
