#include "core/time/billing_period.h"

#include <gtest/gtest.h>

#include "core/time/time_zones.h"

namespace mobilecs::core {
namespace {

class BillingPeriodTest : public ::testing::Test {
 protected:
  const date::time_zone& zone(std::string_view id) { return *zones_.find(id); }
  TimeZones zones_;
};

TEST_F(BillingPeriodTest, JanuaryInWarsawEndsAtTheReferenceNotificationTimestamp) {
  const BillingPeriod january = billing_period_of(zone("Europe/Warsaw"), 2020, 1);
  EXPECT_EQ(january.start, 1577833200000);  // 2019-12-31T23:00Z
  EXPECT_EQ(january.end, 1580511600000);    // 2020-01-31T23:00Z
  EXPECT_EQ(january.max_timestamp(), 1580511599999);
}

TEST_F(BillingPeriodTest, ContainsIsHalfOpen) {
  const BillingPeriod january = billing_period_of(zone("Europe/Warsaw"), 2020, 1);
  EXPECT_TRUE(january.contains(january.start));
  EXPECT_TRUE(january.contains(january.max_timestamp()));
  EXPECT_FALSE(january.contains(january.end));
  EXPECT_FALSE(january.contains(january.start - 1));
}

TEST_F(BillingPeriodTest, AssignsBoundaryInstantsToTheRightMonth) {
  const date::time_zone& warsaw = zone("Europe/Warsaw");
  EXPECT_EQ(billing_period_containing(warsaw, 1580511599999).month, 1);
  const BillingPeriod february = billing_period_containing(warsaw, 1580511600000);
  EXPECT_EQ(february.year, 2020);
  EXPECT_EQ(february.month, 2);
  // A record at 2020-01-01T00:00+01:00 belongs to January in Warsaw but to December in UTC.
  EXPECT_EQ(billing_period_containing(warsaw, 1577833200000).month, 1);
  EXPECT_EQ(billing_period_containing(zone("UTC"), 1577833200000).month, 12);
}

TEST_F(BillingPeriodTest, MonthsAcrossDaylightSavingChangesAreExact) {
  const date::time_zone& warsaw = zone("Europe/Warsaw");
  const BillingPeriod march = billing_period_of(warsaw, 2020, 3);
  EXPECT_EQ(march.start, 1583017200000);  // 2020-02-29T23:00Z, +01:00
  EXPECT_EQ(march.end, 1585692000000);    // 2020-03-31T22:00Z, +02:00
  EXPECT_EQ(march.end - march.start, (31 * 24 - 1) * 3600 * 1000LL);
  const BillingPeriod october = billing_period_of(warsaw, 2020, 10);
  EXPECT_EQ(october.start, 1601503200000);  // 2020-09-30T22:00Z
  EXPECT_EQ(october.end, 1604185200000);    // 2020-10-31T23:00Z
  EXPECT_EQ(october.end - october.start, (31 * 24 + 1) * 3600 * 1000LL);
}

TEST_F(BillingPeriodTest, AMonthWhoseMidnightDoesNotExistStartsAtTheTransition) {
  // Asunción moved clocks from 2017-10-01 00:00 to 01:00.
  const BillingPeriod october = billing_period_of(zone("America/Asuncion"), 2017, 10);
  EXPECT_EQ(october.start, 1506830400000);  // 2017-10-01T04:00Z
  EXPECT_EQ(billing_period_containing(zone("America/Asuncion"), 1506830400000 - 1).month, 9);
  EXPECT_EQ(billing_period_containing(zone("America/Asuncion"), 1506830400000).month, 10);
}

TEST_F(BillingPeriodTest, AMonthWhoseMidnightHappensTwiceStartsAtTheFirst) {
  // Havana turned clocks back from 2020-11-01 01:00 to 00:00: midnight came twice.
  const date::time_zone& havana = zone("America/Havana");
  const BillingPeriod november = billing_period_of(havana, 2020, 11);
  EXPECT_EQ(november.start, 1604203200000);  // 2020-11-01T04:00Z, at -04:00
  EXPECT_EQ(november.end, 1606798800000);    // 2020-12-01T05:00Z
  // An instant in the repeated hour reads 00:30 local a second time: still November.
  EXPECT_EQ(billing_period_containing(havana, 1604203200000 + 90 * 60 * 1000).month, 11);
  EXPECT_EQ(billing_period_containing(havana, 1604203200000 - 1).month, 10);
}

}  // namespace
}  // namespace mobilecs::core
