#include "core/time/period_days.h"

#include <gtest/gtest.h>

#include "core/time/time_zones.h"

namespace mobilecs::core {
namespace {

TEST(PeriodDays, LocalDaysAcrossADstChange) {
  TimeZones zones;
  // Warsaw, March 2020: 31 days, the 29th is 23 hours long.
  const PeriodDays days = period_days_of(*zones.find("Europe/Warsaw"), 2020, 3);
  ASSERT_EQ(days.days, 31);
  EXPECT_EQ(days.starts[0], 1583017200000);  // 2020-02-29T23:00Z
  EXPECT_EQ(days.starts[29] - days.starts[28], 23 * 3'600'000);
  EXPECT_EQ(days.end(), 1585692000000);  // 2020-03-31T22:00Z
  EXPECT_EQ(days.day_of(days.starts[0]), 0);
  EXPECT_EQ(days.day_of(days.starts[1] - 1), 0);
  EXPECT_EQ(days.day_of(days.starts[1]), 1);
  EXPECT_EQ(days.day_of(days.end() - 1), 30);
}

TEST(PeriodDays, FebruaryOfALeapYear) {
  TimeZones zones;
  EXPECT_EQ(period_days_of(*zones.find("UTC"), 2020, 2).days, 29);
  EXPECT_EQ(period_days_of(*zones.find("UTC"), 2021, 2).days, 28);
  EXPECT_EQ(period_days_of(*zones.find("UTC"), 2021, 12).end(), 1640995200000);  // 2022-01-01
}

}  // namespace
}  // namespace mobilecs::core
