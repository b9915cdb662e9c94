#include "generator/reference_sequences.h"

#include <gtest/gtest.h>

#include "core/time/zoned_date_time.h"

namespace mobilecs::generator {
namespace {

TEST(ReferenceSequences, TheFirstAgreementIdAndMsisdnAreTheSpecsExample) {
  JavaRandom ids(kAgreementIdSeed);
  EXPECT_EQ(next_uuid(ids).to_string(), "0b12c601-9287-3f5c-a78c-df508fe0f889");
  JavaRandom msisdns(kMsisdnSeed);
  EXPECT_EQ(next_msisdn(msisdns), "48917846822");
  EXPECT_EQ(next_msisdn(msisdns), "48417390110");
}

TEST(ReferenceSequences, StartIsNewYear2020InWarsaw) {
  EXPECT_EQ(core::to_string(core::zoned_date_time_at(kStart, reference_zone())),
            "2020-01-01T00:00+01:00[Europe/Warsaw]");
}

std::string shown(core::Instant t) {
  return core::to_string(core::zoned_date_time_at(t, reference_zone()));
}

TEST(PlusMonths, MovesLocalTimeAcrossDaylightSaving) {
  const date::time_zone& z = reference_zone();
  EXPECT_EQ(shown(plus_months(z, kStart, 1)), "2020-02-01T00:00+01:00[Europe/Warsaw]");
  EXPECT_EQ(shown(plus_months(z, kStart, 3)), "2020-04-01T00:00+02:00[Europe/Warsaw]");
  EXPECT_EQ(shown(plus_months(z, kStart, 12)), "2021-01-01T00:00+01:00[Europe/Warsaw]");
}

TEST(PlusMonths, ClampsTheDayToTheMonthsLength) {
  const date::time_zone& z = reference_zone();
  const core::Instant january_31 = plus_days(z, kStart, 30);
  EXPECT_EQ(shown(plus_months(z, january_31, 1)), "2020-02-29T00:00+01:00[Europe/Warsaw]");
}

TEST(PlusMonths, KeepsTheOffsetInAnOverlapWhenStillValid) {
  const date::time_zone& z = reference_zone();
  // 2020-09-25T02:30+02:00 plus one month is 2020-10-25T02:30, which happens twice.
  core::ZonedDateTime t;
  std::string error;
  core::TimeZones zones;
  ASSERT_TRUE(
      core::parse_zoned_date_time("2020-09-25T02:30+02:00[Europe/Warsaw]", zones, t, error));
  EXPECT_EQ(shown(plus_months(z, t.instant, 1)), "2020-10-25T02:30+02:00[Europe/Warsaw]");
  ASSERT_TRUE(
      core::parse_zoned_date_time("2020-11-25T02:30+01:00[Europe/Warsaw]", zones, t, error));
  EXPECT_EQ(shown(plus_months(z, t.instant, -1)), "2020-10-25T02:30+01:00[Europe/Warsaw]");
}

TEST(PlusDays, MovesTheLocalDate) {
  EXPECT_EQ(shown(plus_days(reference_zone(), kStart, -12)),
            "2019-12-20T00:00+01:00[Europe/Warsaw]");
}

}  // namespace
}  // namespace mobilecs::generator
