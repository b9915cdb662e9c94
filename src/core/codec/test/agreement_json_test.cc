#include "core/codec/agreement_json.h"

#include <gtest/gtest.h>

namespace mobilecs::core {
namespace {

constexpr std::string_view kJson =
    R"({"id":"0b12c601-9287-3f5c-a78c-df508fe0f889","msisdn":"48917846822",)"
    R"("signedAt":"2019-12-13T00:00+01:00[Europe/Warsaw]",)"
    R"("serviceStartAt":"2020-01-01T00:00+01:00[Europe/Warsaw]",)"
    R"("billingPeriodTimeZone":"Europe/Warsaw","maxBytesInBillingPeriod":5368709120})";

std::string error_for(std::string_view json) {
  TimeZones zones;
  Agreement a;
  std::string error;
  EXPECT_FALSE(parse_agreement_json(json, zones, a, error)) << json;
  return error;
}

std::string with(std::string_view field, std::string_view replacement) {
  std::string json(kJson);
  const std::size_t at = json.find(field);
  const std::size_t end = json.find_first_of(",}", json.find(':', at));
  return json.replace(at, end - at, replacement);
}

TEST(AgreementJson, RoundTripsTheReferenceForm) {
  TimeZones zones;
  Agreement a;
  std::string error;
  ASSERT_TRUE(parse_agreement_json(kJson, zones, a, error)) << error;
  EXPECT_EQ(a.id.to_string(), "0b12c601-9287-3f5c-a78c-df508fe0f889");
  EXPECT_EQ(a.msisdn, "48917846822");
  EXPECT_EQ(a.service_start_at.instant, (Instant{1577833200, 0}));
  EXPECT_EQ(a.billing_period_time_zone, "Europe/Warsaw");
  EXPECT_EQ(a.max_bytes_in_billing_period, 5368709120);
  EXPECT_EQ(agreement_to_json(a), kJson);
}

TEST(AgreementJson, AcceptsPrettyPrintedJsonWithUnknownFields) {
  TimeZones zones;
  Agreement a;
  std::string error;
  const std::string pretty =
      "{\n  \"comment\" : \"ignored\",\n" + std::string(kJson.substr(1)) + "\n";
  ASSERT_TRUE(parse_agreement_json(pretty, zones, a, error)) << error;
  EXPECT_EQ(agreement_to_json(a), kJson);
}

TEST(AgreementJson, NamesTheProblem) {
  EXPECT_NE(error_for("{").find("not valid JSON"), std::string::npos);
  EXPECT_EQ(error_for("[1]"), "agreement must be a JSON object, not array");
  EXPECT_EQ(error_for(with("\"id\"", "\"x\":1")), "agreement field 'id' is missing");
  EXPECT_EQ(error_for(with("\"id\"", "\"id\":\"nope\"")),
            "agreement field 'id' is not a UUID: 'nope'");
  EXPECT_EQ(error_for(with("\"msisdn\"", "\"msisdn\":48917846822")),
            "agreement field 'msisdn' must be a string, not number");
  EXPECT_NE(error_for(with("\"signedAt\"", "\"signedAt\":\"2019-12-13\"")).find("signedAt"),
            std::string::npos);
  EXPECT_EQ(error_for(with("\"billingPeriodTimeZone\"", "\"billingPeriodTimeZone\":\"Mars/Base\"")),
            "agreement field 'billingPeriodTimeZone': unknown time zone 'Mars/Base' (expected an "
            "IANA id such as Europe/Warsaw)");
  EXPECT_NE(error_for(with("\"maxBytesInBillingPeriod\"", "\"maxBytesInBillingPeriod\":-1"))
                .find("must be a whole number of bytes"),
            std::string::npos);
  EXPECT_NE(error_for(with("\"maxBytesInBillingPeriod\"", "\"maxBytesInBillingPeriod\":1.5"))
                .find("must be a whole number of bytes"),
            std::string::npos);
  EXPECT_NE(error_for(with("\"maxBytesInBillingPeriod\"", "\"maxBytesInBillingPeriod\":\"5\""))
                .find("must be a whole number of bytes"),
            std::string::npos);
}

}  // namespace
}  // namespace mobilecs::core
