#include "core/time/zoned_date_time.h"

#include <gtest/gtest.h>

namespace mobilecs::core {
namespace {

ParsedDateTime parse_ok(std::string_view text) {
  TimeZones zones;
  ParsedDateTime parsed;
  std::string error;
  EXPECT_TRUE(parse_date_time(text, zones, parsed, error)) << error;
  return parsed;
}

std::string parse_error(std::string_view text) {
  TimeZones zones;
  ParsedDateTime parsed;
  std::string error;
  EXPECT_FALSE(parse_date_time(text, zones, parsed, error)) << text;
  return error;
}

TEST(ParseDateTime, ReadsTheReferenceFormWithRegion) {
  const ParsedDateTime p = parse_ok("2020-01-02T00:00+01:00[Europe/Warsaw]");
  EXPECT_EQ(p.instant, (Instant{1577919600, 0}));  // 2020-01-01T23:00Z
  EXPECT_EQ(p.offset_seconds, 3600);
  EXPECT_EQ(p.zone, "Europe/Warsaw");
}

TEST(ParseDateTime, ReadsSecondsFractionAndZ) {
  EXPECT_EQ(parse_ok("2020-01-02T00:00:05.250+01:00").instant, (Instant{1577919605, 250'000'000}));
  EXPECT_EQ(parse_ok("2020-01-01T23:00:00Z").instant, (Instant{1577919600, 0}));
  EXPECT_EQ(parse_ok("2020-01-01T23:00:00.000000001Z").instant, (Instant{1577919600, 1}));
  EXPECT_EQ(parse_ok("2020-01-01T18:00-05:00").instant, (Instant{1577919600, 0}));
  EXPECT_EQ(parse_ok("2020-01-01T23:00:30+00:00:30").instant, (Instant{1577919600, 0}));
}

TEST(ParseDateTime, TheOffsetFixesTheInstantEvenIfTheRegionDisagrees) {
  // Java resolves the instant from the offset; the region only changes how it is shown.
  EXPECT_EQ(parse_ok("2020-07-01T00:00+01:00[Europe/Warsaw]").instant,
            parse_ok("2020-06-30T23:00Z").instant);
}

TEST(ParseDateTime, RejectsTextWithoutOffset) {
  EXPECT_NE(parse_error("2020-01-02T00:00").find("offset is missing"), std::string::npos);
  EXPECT_NE(parse_error("2020-01-02T00:00[Europe/Warsaw]").find("offset is missing"),
            std::string::npos);
}

TEST(ParseDateTime, RejectsImpossibleDatesAndTimes) {
  EXPECT_NE(parse_error("2020-13-01T00:00Z").find("no such calendar date"), std::string::npos);
  EXPECT_NE(parse_error("2019-02-29T00:00Z").find("no such calendar date"), std::string::npos);
  EXPECT_NE(parse_error("2020-01-01T24:00Z").find("out of range"), std::string::npos);
  EXPECT_NE(parse_error("2020-01-01T23:60Z").find("out of range"), std::string::npos);
  EXPECT_NE(parse_error("2020-01-01T00:00+19:00").find("offset is out of range"),
            std::string::npos);
}

TEST(ParseDateTime, RejectsMalformedText) {
  parse_error("");
  parse_error("2020-1-01T00:00Z");
  parse_error("2020-01-01 00:00Z");
  parse_error("2020-01-01T00:00:5Z");
  parse_error("2020-01-01T00:00:05.Z");
  parse_error("2020-01-01T00:00:05.1234567890Z");
  parse_error("2020-01-01T00:00Zjunk");
  parse_error("2020-01-01T00:00+01:00[Europe/Warsaw");
  parse_error("2020-01-01T00:00+01:00[Europe/Warsaw]x");
  parse_error("2020-01-01T00:00+0100");
  parse_error("2020-01-01T00:00+01");
}

TEST(ParseDateTime, RejectsUnknownRegion) {
  EXPECT_NE(parse_error("2020-01-01T00:00+01:00[Mars/Olympus_Mons]")
                .find("unknown time zone 'Mars/Olympus_Mons'"),
            std::string::npos);
}

TEST(FormatDateTime, PrintsAsJavaZonedDateTimeToString) {
  TimeZones zones;
  const date::time_zone& warsaw = *zones.find("Europe/Warsaw");
  EXPECT_EQ(to_string(zoned_date_time_at(Instant{1577919600, 0}, warsaw)),
            "2020-01-02T00:00+01:00[Europe/Warsaw]");
  EXPECT_EQ(to_string(zoned_date_time_at(Instant{1577919605, 0}, warsaw)),
            "2020-01-02T00:00:05+01:00[Europe/Warsaw]");
  EXPECT_EQ(to_string(zoned_date_time_at(Instant{1577919600, 250'000'000}, warsaw)),
            "2020-01-02T00:00:00.250+01:00[Europe/Warsaw]");
  EXPECT_EQ(to_string(zoned_date_time_at(Instant{1577919600, 250'001'000}, warsaw)),
            "2020-01-02T00:00:00.250001+01:00[Europe/Warsaw]");
  EXPECT_EQ(to_string(zoned_date_time_at(Instant{1577919600, 1}, warsaw)),
            "2020-01-02T00:00:00.000000001+01:00[Europe/Warsaw]");
  EXPECT_EQ(to_string(zoned_date_time_at(Instant{1593554400, 0}, warsaw)),
            "2020-07-01T00:00+02:00[Europe/Warsaw]");
  EXPECT_EQ(to_string(ZonedDateTime{Instant{1577919600, 0}, 0, ""}), "2020-01-01T23:00Z");
  EXPECT_EQ(to_string(ZonedDateTime{Instant{1577919600, 0}, -5 * 3600 - 30, ""}),
            "2020-01-01T17:59:30-05:00:30");
  EXPECT_EQ(to_string(zoned_date_time_at(Instant{1577919600, 0}, *zones.find("UTC"))),
            "2020-01-01T23:00Z[UTC]");
}

TEST(ParseZonedDateTime, ShowsTheInstantWithTheRegionsOwnOffset) {
  TimeZones zones;
  ZonedDateTime value;
  std::string error;
  ASSERT_TRUE(parse_zoned_date_time("2020-07-01T00:00+01:00[Europe/Warsaw]", zones, value, error));
  EXPECT_EQ(to_string(value), "2020-07-01T01:00+02:00[Europe/Warsaw]");
  ASSERT_TRUE(
      parse_zoned_date_time("2020-01-01T00:00:00+01:00[Europe/Warsaw]", zones, value, error));
  EXPECT_EQ(to_string(value), "2020-01-01T00:00+01:00[Europe/Warsaw]");
  ASSERT_TRUE(parse_zoned_date_time("2020-01-02T00:00:05.250+01:00", zones, value, error));
  EXPECT_EQ(to_string(value), "2020-01-02T00:00:05.250+01:00");
}

TEST(InstantOfLocal, ResolvesGapsForwardAndOverlapsToTheEarlierOffset) {
  TimeZones zones;
  const date::time_zone& warsaw = *zones.find("Europe/Warsaw");
  // 2020-03-29 02:30 does not exist in Warsaw: Java moves it on by the gap, to 03:30+02:00.
  EXPECT_EQ(instant_of_local(warsaw, LocalDateTime{2020, 3, 29, 2, 30, 0, 0}),
            (Instant{1585445400, 0}));  // 2020-03-29T01:30Z
  // 2020-10-25 02:30 happens twice; Java takes the earlier offset, +02:00.
  EXPECT_EQ(instant_of_local(warsaw, LocalDateTime{2020, 10, 25, 2, 30, 0, 0}),
            (Instant{1603585800, 0}));  // 2020-10-25T00:30Z
}

}  // namespace
}  // namespace mobilecs::core
