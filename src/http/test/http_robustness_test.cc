// The HTTP API against hostile or unlucky clients, over real HTTP to each backend: a fragment
// bomb, thousands of slow and idle connections, totals past 2^63, dates outside what can be
// read back, GraphQL over GET.
#include <sys/resource.h>

#include <nlohmann/json.hpp>

#include "generator/agreements_generator.h"
#include "http/test/http_api_test.h"
#include "http/test/raw_client.h"

namespace mobilecs::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kJson = "application/json";
constexpr const char* kAgreement = "0b12c601-9287-3f5c-a78c-df508fe0f889";

std::string put_body(const std::string& recorded_at, const std::string& id, std::int64_t bytes) {
  return nlohmann::ordered_json{
      {"recordedAt", recorded_at}, {"internalRecordId", id}, {"recordedBytes", bytes}}
      .dump();
}

std::string graphql(const std::string& query) { return json{{"query", query}}.dump(); }

TEST_P(HttpApiTest, AFragmentBombIsRefusedWithinASecondAndTheServerCarriesOn) {
  // 39 fragments, each spreading the one before twice: 2^39 selections, expanded.
  std::string query = std::string("{ findDataRecords(agreementId: \"") + kAgreement +
                      "\", year: 2020, month: 1) { ...F39 } }\n"
                      "fragment F0 on DataRecord { recordedBytes }\n";
  for (int i = 1; i <= 39; ++i) {
    query += "fragment F" + std::to_string(i) + " on DataRecord { ...F" + std::to_string(i - 1) +
             " ...F" + std::to_string(i - 1) + " }\n";
  }
  auto http = backend_->client();
  const auto started = std::chrono::steady_clock::now();
  const auto res = http.Post("/graphql", graphql(query), kJson);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  ASSERT_TRUE(res);
  const json body = json::parse(res->body);
  EXPECT_EQ(body["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX") << res->body;
  EXPECT_EQ(body["errors"][0]["extensions"]["limit"], "maxFieldVisits") << res->body;
  EXPECT_FALSE(body.contains("data"));
  EXPECT_EQ(http.Get("/health")->status, 200);
}

TEST_P(HttpApiTest, ThousandsOfSlowAndIdleClientsDoNotDelayHealth) {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
  std::vector<std::unique_ptr<http::testing::RawConnection>> slow;
  std::vector<std::unique_ptr<http::testing::RawConnection>> idle;
  for (int i = 0; i < 1000; ++i) {
    slow.push_back(std::make_unique<http::testing::RawConnection>(backend_->port()));
    slow.back()->send("GET /health HTTP/1.1\r\nHost: x\r\n");  // and the rest, never
    idle.push_back(std::make_unique<http::testing::RawConnection>(backend_->port()));
    idle.back()->send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_NE(idle.back()->receive(10s, "UP").find("200 OK"), std::string::npos);
  }
  for (auto& s : slow) s->send("X-Slowly: one line at a time\r\n");
  for (int i = 0; i < 20; ++i) {
    const auto started = std::chrono::steady_clock::now();
    const auto res = backend_->client().Get("/health");
    EXPECT_LT(std::chrono::steady_clock::now() - started, 100ms);
    ASSERT_TRUE(res && res->status == 200);
  }
}

TEST_P(HttpApiTest, TotalsAreExactAndNoPeriodGoesPastWhatANotificationCarries) {
  backend_->add_agreement(generator::AgreementsGenerator().next());
  auto http = backend_->client();
  const std::string base = std::string("/api/data-records/") + kAgreement;
  const std::int64_t max = 9223372036854775807;
  ASSERT_EQ(
      http.Put(base, put_body("2020-01-10T00:00Z", "00000000-0000-3000-8000-000000000001", max),
               kJson)
          ->status,
      200);
  // Replacing the same record is fine; one more byte in the period is not.
  ASSERT_EQ(
      http.Put(base, put_body("2020-01-10T00:00Z", "00000000-0000-3000-8000-000000000001", max),
               kJson)
          ->status,
      200);
  const auto over = http.Put(
      base, put_body("2020-01-11T00:00Z", "00000000-0000-3000-8000-000000000002", 1), kJson);
  EXPECT_EQ(over->status, 400);
  EXPECT_NE(over->body.find("past 9223372036854775807"), std::string::npos) << over->body;
  // Another period is another total.
  EXPECT_EQ(
      http.Put(base, put_body("2020-02-11T00:00Z", "00000000-0000-3000-8000-000000000002", max),
               kJson)
          ->status,
      200);
  // 2^63 - 1 bytes: 2^53 KB (half up), 2^43 MB, 2^33 GB.
  const std::string expected =
      "9223372036854775807 B\n9007199254740992 KB\n8796093022208 MB\n"
      "8589934592 GB";
  EXPECT_EQ(http.Get(base + "/2020/1/total-data-used")->body, expected);
  const auto res = http.Post("/graphql",
                             graphql(std::string("{ getTotalDataUsage(agreementId: \"") +
                                     kAgreement + "\", year: 2020, month: 1) }"),
                             kJson);
  EXPECT_EQ(json::parse(res->body)["data"]["getTotalDataUsage"], expected) << res->body;
}

TEST_P(HttpApiTest, WhatCanBeWrittenCanBeReadBack) {
  backend_->add_agreement(generator::AgreementsGenerator().next());
  auto http = backend_->client();
  const std::string base = std::string("/api/data-records/") + kAgreement;
  for (const char* outside : {"0000-01-01T00:00Z", "0001-01-01T12:00Z",
                              "9999-12-31T23:59:59.999999999Z", "9999-12-31T00:00Z"}) {
    const auto res =
        http.Put(base, put_body(outside, "00000000-0000-3000-8000-000000000001", 1), kJson);
    EXPECT_EQ(res->status, 400) << outside;
    EXPECT_NE(res->body.find("outside the dates mobilecs keeps"), std::string::npos) << res->body;
  }
  // The first and last instants accepted, and their billing periods (Warsaw), readable.
  ASSERT_EQ(http.Put(base, put_body("0001-01-02T00:00Z", "00000000-0000-3000-8000-000000000001", 1),
                     kJson)
                ->status,
            200);
  ASSERT_EQ(
      http.Put(base,
               put_body("9999-12-30T23:59:59.999Z", "00000000-0000-3000-8000-000000000002", 2),
               kJson)
          ->status,
      200);
  EXPECT_EQ(json::parse(http.Get(base + "/1/1")->body).size(), 1u);
  EXPECT_EQ(json::parse(http.Get(base + "/9999/12")->body).size(), 1u);
}

TEST_P(HttpApiTest, GraphQLQueriesWorkOverGetButMutationsDoNot) {
  auto http = backend_->client();
  const auto ok =
      http.Get("/graphql?query=" +
               httplib::detail::encode_query_param(
                   "query Named($y: Int!) { __typename a: getTotalDataUsage(agreementId: "
                   "\"" +
                   std::string(kAgreement) + "\", year: $y, month: 1) }") +
               "&variables=" + httplib::detail::encode_query_param(R"({"y": 2020})") +
               "&operationName=Named");
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(json::parse(ok->body)["data"]["__typename"], "Query") << ok->body;
  const auto mutation = http.Get(
      "/graphql?query=" +
      httplib::detail::encode_query_param(
          "mutation { upsertDataRecord(agreementId: \"" + std::string(kAgreement) +
          "\", upsertRequest: {recordedAt: \"2020-01-01T00:00Z\", internalRecordId: "
          "\"00000000-0000-3000-8000-000000000001\", recordedBytes: 1}) { recordedBytes } }"));
  EXPECT_EQ(mutation->status, 405);
  EXPECT_EQ(mutation->get_header_value("Allow"), "POST");
  EXPECT_EQ(http.Get("/graphql")->status, 400);
}

}  // namespace
}  // namespace mobilecs::testing
