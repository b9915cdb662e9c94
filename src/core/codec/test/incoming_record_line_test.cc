#include "core/codec/incoming_record_line.h"

#include <gtest/gtest.h>

namespace mobilecs::core {
namespace {

constexpr std::string_view kLine =
    "8aae90a1-c2e7-33e5-9fab-f8f3e1900906;2020-01-02T00:00+01:00[Europe/Warsaw];48917846822;"
    "825012938";

std::string error_for(std::string_view line) {
  TimeZones zones;
  IncomingDataRecord record;
  std::string error;
  EXPECT_FALSE(parse_incoming_record_line(line, zones, record, error)) << line;
  return error;
}

TEST(IncomingRecordLine, ReadsTheSpecExample) {
  TimeZones zones;
  IncomingDataRecord r;
  std::string error;
  ASSERT_TRUE(parse_incoming_record_line(kLine, zones, r, error)) << error;
  EXPECT_EQ(r.external_id, "8aae90a1-c2e7-33e5-9fab-f8f3e1900906");
  EXPECT_EQ(r.recorded_at_text, "2020-01-02T00:00+01:00[Europe/Warsaw]");
  EXPECT_EQ(r.recorded_at, (Instant{1577919600, 0}));
  EXPECT_EQ(r.msisdn, "48917846822");
  EXPECT_EQ(r.recorded_bytes, 825012938);
  EXPECT_EQ(r.internal_id.to_string(), "8aae90a1-c2e7-33e5-9fab-f8f3e1900906");
}

TEST(IncomingRecordLine, NamesTheWrongFieldCount) {
  EXPECT_EQ(error_for("a;2020-01-02T00:00Z;48"),
            "expected 4 fields separated by ';' (externalId;recordedAt;msisdn;recordedBytes), "
            "found 3");
  EXPECT_NE(error_for(std::string(kLine) + ";extra").find("found 5"), std::string::npos);
  EXPECT_NE(error_for("").find("found 1"), std::string::npos);
}

TEST(IncomingRecordLine, NamesTheBadField) {
  EXPECT_EQ(error_for(";2020-01-02T00:00Z;48;1"), "externalId is empty");
  EXPECT_EQ(error_for(std::string(300, 'x') + ";2020-01-02T00:00Z;48;1"),
            "externalId is longer than 255 bytes");
  EXPECT_NE(error_for("a;2020-01-02T00:00;48;1").find("recordedAt"), std::string::npos);
  EXPECT_NE(error_for("a;2020-01-02T00:00;48;1").find("offset is missing"), std::string::npos);
  EXPECT_NE(error_for("a;yesterday;48;1").find("recordedAt 'yesterday'"), std::string::npos);
  EXPECT_EQ(error_for("a;2020-01-02T00:00Z;48-91;1"),
            "msisdn '48-91' is not 1 to 15 decimal digits");
  EXPECT_EQ(error_for("a;2020-01-02T00:00Z;;1"), "msisdn '' is not 1 to 15 decimal digits");
  EXPECT_EQ(error_for("a;2020-01-02T00:00Z;48;-5"), "recordedBytes '-5' is negative");
  EXPECT_EQ(error_for("a;2020-01-02T00:00Z;48;12kB"),
            "recordedBytes '12kB' is not a whole number of bytes");
  EXPECT_EQ(error_for("a;2020-01-02T00:00Z;48;"), "recordedBytes is empty");
  EXPECT_EQ(error_for("a;2020-01-02T00:00Z;48;+5"),
            "recordedBytes '+5' is not a whole number of bytes");
  EXPECT_EQ(error_for("a;2020-01-02T00:00Z;48;99999999999999999999"),
            "recordedBytes '99999999999999999999' does not fit in 64 bits");
  EXPECT_EQ(error_for("a;2020-01-02T00:00Z;48;1\r"),
            "recordedBytes '1\r' is not a whole number of bytes");
}

TEST(IncomingRecordLine, AcceptsTheLargestByteCount) {
  TimeZones zones;
  IncomingDataRecord r;
  std::string error;
  ASSERT_TRUE(
      parse_incoming_record_line("a;2020-01-02T00:00Z;48;9223372036854775807", zones, r, error));
  EXPECT_EQ(r.recorded_bytes, 9223372036854775807);
}

TEST(IncomingRecordLine, RejectsInvalidUtf8) {
  EXPECT_EQ(error_for("caf\xc3;2020-01-02T00:00Z;48;1"), "the line is not valid UTF-8");
  EXPECT_EQ(error_for("\xff\xfe;2020-01-02T00:00Z;48;1"), "the line is not valid UTF-8");
}

TEST(IncomingRecordLine, AcceptsNonUuidExternalIdsWithDerivedInternalId) {
  TimeZones zones;
  IncomingDataRecord r;
  std::string error;
  ASSERT_TRUE(parse_incoming_record_line("café-1;2020-01-02T00:00Z;48;1", zones, r, error));
  EXPECT_EQ(r.internal_id, internal_id_for("café-1", "48"));
}

TEST(IncomingRecordLine, WritesWhatItReads) {
  TimeZones zones;
  std::string line;
  append_incoming_record_line(line, "8aae90a1-c2e7-33e5-9fab-f8f3e1900906",
                              LocalDateTime{2020, 1, 2, 0, 0, 0, 0}, 3600, "Europe/Warsaw",
                              "48917846822", 825012938);
  EXPECT_EQ(line, std::string(kLine) + "\n");
}

}  // namespace
}  // namespace mobilecs::core
