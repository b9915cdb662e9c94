#include "core/codec/incoming_record_json.h"

#include <gtest/gtest.h>

#include "core/codec/incoming_record_line.h"

namespace mobilecs::core {
namespace {

std::string error_for(std::string_view json) {
  TimeZones zones;
  IncomingRecordJsonParser parser;
  IncomingDataRecord r;
  std::string error;
  EXPECT_FALSE(parser.parse(json, zones, r, error)) << json;
  return error;
}

TEST(IncomingRecordJson, WritesTheReferenceMessageValue) {
  TimeZones zones;
  IncomingDataRecord r;
  std::string error;
  ASSERT_TRUE(parse_incoming_record_line(
      "8aae90a1-c2e7-33e5-9fab-f8f3e1900906;2020-01-02T00:00:00+01:00[Europe/Warsaw];48917846822;"
      "825012938",
      zones, r, error));
  std::string json;
  append_incoming_record_json(json, r, zones);
  EXPECT_EQ(json,
            R"({"externalId":"8aae90a1-c2e7-33e5-9fab-f8f3e1900906",)"
            R"("recordedAt":"2020-01-02T00:00+01:00[Europe/Warsaw]","msisdn":"48917846822",)"
            R"("recordedBytes":825012938,"internalId":"8aae90a1-c2e7-33e5-9fab-f8f3e1900906"})");
}

TEST(IncomingRecordJson, ReadsWhatItWritesAndPrettyPrintedJson) {
  TimeZones zones;
  IncomingRecordJsonParser parser;
  IncomingDataRecord r;
  std::string error;
  const std::string pretty(std::string(
      "{\n  \"msisdn\" : \"48917846822\",\n  \"externalId\" : \"cdr \\\"7\\\"\",\n"
      "  \"recordedAt\" : \"2020-01-02T00:00+01:00[Europe/Warsaw]\",\n  \"recordedBytes\" : 5,\n"
      "  \"internalId\" : \"523d8cc7-e611-3508-90bc-fab260b2973e\",\n  \"extra\" : [1, 2]\n}"));
  ASSERT_TRUE(parser.parse(pretty, zones, r, error)) << error;
  EXPECT_EQ(r.external_id, "cdr \"7\"");
  EXPECT_EQ(r.recorded_at, (Instant{1577919600, 0}));
  EXPECT_EQ(r.msisdn, "48917846822");
  EXPECT_EQ(r.recorded_bytes, 5);
  EXPECT_EQ(r.internal_id.to_string(), "523d8cc7-e611-3508-90bc-fab260b2973e");
}

TEST(IncomingRecordJson, DerivesTheInternalIdWhenAbsent) {
  TimeZones zones;
  IncomingRecordJsonParser parser;
  IncomingDataRecord r;
  std::string error;
  const std::string json(
      R"({"externalId":"x","recordedAt":"2020-01-02T00:00Z","msisdn":"48","recordedBytes":1})");
  ASSERT_TRUE(parser.parse(json, zones, r, error)) << error;
  EXPECT_EQ(r.internal_id, internal_id_for("x", "48"));
}

TEST(IncomingRecordJson, NamesTheProblem) {
  EXPECT_NE(error_for("{").find("not valid JSON"), std::string::npos);
  EXPECT_EQ(error_for("[1]"), "not a JSON object");
  EXPECT_EQ(error_for(R"({"externalId":"x","msisdn":"48","recordedBytes":1})"),
            "field 'recordedAt' is missing");
  EXPECT_EQ(
      error_for(
          R"({"externalId":"x","recordedAt":"2020-01-02T00:00Z","msisdn":"48","recordedBytes":"1"})"),
      "field 'recordedBytes': must be a whole number of bytes");
  EXPECT_EQ(
      error_for(
          R"({"externalId":"x","recordedAt":"2020-01-02T00:00Z","msisdn":"48","recordedBytes":-1})"),
      "recordedBytes -1 is negative");
  EXPECT_NE(
      error_for(R"({"externalId":"x","recordedAt":"2020-01-02","msisdn":"48","recordedBytes":1})")
          .find("recordedAt"),
      std::string::npos);
  EXPECT_EQ(
      error_for(
          R"({"externalId":"x","recordedAt":"2020-01-02T00:00Z","msisdn":"4-8","recordedBytes":1})"),
      "msisdn '4-8' is not 1 to 15 decimal digits");
  EXPECT_EQ(
      error_for(
          R"({"externalId":"x","recordedAt":"2020-01-02T00:00Z","msisdn":"48","recordedBytes":1,"internalId":"no"})"),
      "internalId 'no' is not a UUID");
  EXPECT_NE(
      error_for(
          R"({"externalId":"x","recordedAt":"2020-01-02T00:00Z","msisdn":"48","recordedBytes":1} x)")
          .find("not valid JSON"),
      std::string::npos);
}

}  // namespace
}  // namespace mobilecs::core
