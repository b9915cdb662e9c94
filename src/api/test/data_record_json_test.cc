#include "api/data_record_json.h"

#include <gtest/gtest.h>

#include "api/api_error.h"

namespace mobilecs::api {
namespace {

const core::Uuid kAgreement = *core::Uuid::parse("0b12c601-9287-3f5c-a78c-df508fe0f889");
const core::Uuid kRecord = *core::Uuid::parse("523d8cc7-e611-3508-90bc-fab260b2973e");

std::string message_of(std::string_view body) {
  try {
    parse_upsert_request(body);
  } catch (const ApiError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInvalidInput);
    return e.what();
  }
  return "accepted";
}

TEST(DataRecordJson, ShowsTheKeyAndBytesInTheReferenceForm) {
  const core::DataRecord r{kAgreement, 2020, 1, 1577919600000, kRecord, 5697948758};
  EXPECT_EQ(data_record_to_json(r).dump(),
            R"({"key":{"agreementId":"0b12c601-9287-3f5c-a78c-df508fe0f889","year":2020,)"
            R"("month":1,"recordedAt":"2020-01-01T23:00:00.000+00:00",)"
            R"("internalRecordId":"523d8cc7-e611-3508-90bc-fab260b2973e"},)"
            R"("recordedBytes":5697948758})");
}

TEST(DataRecordJson, TheDirectWriterWritesWhatTheJsonLibraryDoes) {
  const std::vector<core::DataRecord> records{
      {kAgreement, 2020, 1, 1577919600000, kRecord, 5697948758},
      {kAgreement, 1, 12, -62135510400000, kRecord, 0},
      {kAgreement, 9999, 12, 253402214399999, kRecord, 9223372036854775807}};
  auto expected = nlohmann::ordered_json::array();
  for (const auto& r : records) expected.push_back(data_record_to_json(r));
  EXPECT_EQ(data_records_json(records), expected.dump());
  EXPECT_EQ(data_records_json({}), "[]");
}

TEST(DataRecordJson, MillisecondsAndEarlyYearsAreShownInFull) {
  EXPECT_EQ(api_date_time_text(1580511599999), "2020-01-31T22:59:59.999+00:00");
  EXPECT_EQ(api_date_time_text(0), "1970-01-01T00:00:00.000+00:00");
}

TEST(DataRecordJson, ReadsAnUpsertInTheSpecFormsOfDateTime) {
  const auto a = parse_upsert_request(
      R"({"recordedAt":"2020-01-02T00:00+01:00[Europe/Warsaw]",)"
      R"("internalRecordId":"523d8cc7-e611-3508-90bc-fab260b2973e","recordedBytes":5697948758})");
  EXPECT_EQ(a.recorded_at, 1577919600000);
  EXPECT_EQ(a.internal_record_id, kRecord);
  EXPECT_EQ(a.recorded_bytes, 5697948758);
  const auto b = parse_upsert_request(
      R"({"recordedAt":"2020-01-01T23:00:00.000+00:00",)"
      R"("internalRecordId":"523D8CC7-E611-3508-90BC-FAB260B2973E","recordedBytes":0})");
  EXPECT_EQ(b.recorded_at, 1577919600000);
  EXPECT_EQ(b.internal_record_id, kRecord);
}

TEST(DataRecordJson, EachBadBodyIsRefusedNamingTheProblem) {
  const std::string id = R"("internalRecordId":"523d8cc7-e611-3508-90bc-fab260b2973e")";
  const std::string at = R"("recordedAt":"2020-01-01T23:00:00Z")";
  EXPECT_NE(message_of("{").find("not valid JSON"), std::string::npos);
  EXPECT_NE(message_of("[1]").find("JSON object"), std::string::npos);
  EXPECT_NE(message_of("{" + id + "," + at + "}").find("'recordedBytes' is missing"),
            std::string::npos);
  EXPECT_NE(
      message_of("{" + id + "," + at + R"(,"recordedBytes":1,"x":2})").find("unknown field 'x'"),
      std::string::npos);
  EXPECT_NE(message_of("{" + id + "," + at + R"(,"recordedBytes":"12"})").find("whole number"),
            std::string::npos);
  EXPECT_NE(message_of("{" + id + "," + at + R"(,"recordedBytes":1.5})").find("whole number"),
            std::string::npos);
  EXPECT_NE(message_of("{" + id + "," + at + R"(,"recordedBytes":-1})").find("negative"),
            std::string::npos);
  EXPECT_NE(
      message_of("{" + id + "," + at + R"(,"recordedBytes":9223372036854775808})").find("64 bits"),
      std::string::npos);
  EXPECT_NE(message_of("{" + id + R"(,"recordedAt":"2020-01-01T23:00:00","recordedBytes":1})")
                .find("recordedAt"),
            std::string::npos);
  EXPECT_NE(message_of("{" + at + R"(,"internalRecordId":"nope","recordedBytes":1})")
                .find("not a UUID: 'nope'"),
            std::string::npos);
  EXPECT_NE(message_of("{" + at + R"(,"internalRecordId":7,"recordedBytes":1})")
                .find("'internalRecordId' must be a string"),
            std::string::npos);
}

TEST(DataRecordJson, PathParametersAreCheckedWithTheirNames) {
  EXPECT_EQ(parse_year("2020"), 2020);
  EXPECT_EQ(parse_month("12"), 12);
  EXPECT_THROW(parse_month("13"), ApiError);
  EXPECT_THROW(parse_month("0"), ApiError);
  EXPECT_THROW(parse_year("20x0"), ApiError);
  EXPECT_THROW(parse_year("99999999999999999999"), ApiError);
  EXPECT_THROW(parse_year("10000"), ApiError);
  EXPECT_THROW(parse_agreement_id("0b12c601"), ApiError);
  try {
    parse_month("13");
  } catch (const ApiError& e) {
    EXPECT_STREQ(e.what(), "month 13 is out of range (1..12)");
  }
}

}  // namespace
}  // namespace mobilecs::api
