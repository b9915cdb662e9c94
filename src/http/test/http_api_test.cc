// Real HTTP requests to a running backend over a real store (see the instantiations).
#include "http/test/http_api_test.h"

#include <nlohmann/json.hpp>

#include "generator/agreements_generator.h"
#include "generator/data_records_generator.h"

namespace mobilecs::testing {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr const char* kAgreement = "0b12c601-9287-3f5c-a78c-df508fe0f889";
constexpr const char* kJson = "application/json";

core::Agreement reference_agreement() { return generator::AgreementsGenerator().next(); }

std::string put_body(const std::string& recorded_at, const std::string& id, std::int64_t bytes) {
  return ordered_json{
      {"recordedAt", recorded_at}, {"internalRecordId", id}, {"recordedBytes", bytes}}
      .dump();
}

// The JSON error body's message, checking its form.
std::string error_message(const httplib::Result& res) {
  EXPECT_EQ(res->get_header_value("Content-Type"), kJson);
  const json body = json::parse(res->body);
  EXPECT_EQ(body["status"], res->status);
  return body["message"];
}

TEST_P(HttpApiTest, UpsertedRecordsComeBackNewestFirstFiledInTheAgreementsZone) {
  backend_->add_agreement(reference_agreement());
  core::Agreement new_york = reference_agreement();
  new_york.id = *core::Uuid::parse("11111111-2222-3333-4444-555555555555");
  new_york.billing_period_time_zone = "America/New_York";
  backend_->add_agreement(new_york);
  auto http = backend_->client();

  // 2020-02-01T03:00Z: February in Warsaw, still 31 January in New York.
  const std::string base = std::string("/api/data-records/") + kAgreement;
  auto res = http.Put(
      base, put_body("2020-02-01T03:00:00Z", "523d8cc7-e611-3508-90bc-fab260b2973e", 5697948758),
      kJson);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->body,
            R"({"key":{"agreementId":"0b12c601-9287-3f5c-a78c-df508fe0f889","year":2020,)"
            R"("month":2,"recordedAt":"2020-02-01T03:00:00.000+00:00",)"
            R"("internalRecordId":"523d8cc7-e611-3508-90bc-fab260b2973e"},)"
            R"("recordedBytes":5697948758})");
  res =
      http.Put("/api/data-records/11111111-2222-3333-4444-555555555555",
               put_body("2020-02-01T03:00:00Z", "523d8cc7-e611-3508-90bc-fab260b2973e", 7), kJson);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["key"]["month"], 1);

  ASSERT_EQ(http.Put(base,
                     put_body("2020-02-01T00:00+01:00[Europe/Warsaw]",
                              "00000000-0000-3000-8000-000000000001", 1),
                     kJson)
                ->status,
            200);
  // The same key again replaces the record.
  ASSERT_EQ(http.Put(base,
                     put_body("2020-02-29T23:59:59.999+01:00",
                              "00000000-0000-3000-8000-000000000002", 10),
                     kJson)
                ->status,
            200);
  ASSERT_EQ(
      http.Put(base,
               put_body("2020-02-29T22:59:59.999Z", "00000000-0000-3000-8000-000000000002", 100),
               kJson)
          ->status,
      200);

  res = http.Get(base + "/2020/2");
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), kJson);
  const json records = json::parse(res->body);
  ASSERT_EQ(records.size(), 3u) << res->body;
  EXPECT_EQ(records[0]["key"]["recordedAt"], "2020-02-29T22:59:59.999+00:00");
  EXPECT_EQ(records[0]["recordedBytes"], 100);
  EXPECT_EQ(records[1]["key"]["recordedAt"], "2020-02-01T03:00:00.000+00:00");
  EXPECT_EQ(records[2]["key"]["recordedAt"], "2020-01-31T23:00:00.000+00:00");
  res = http.Get(base + "/2020/2/total-data-used");
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "5697948859 B\n5564403 KB\n5434 MB\n5 GB");
  EXPECT_EQ(http.Get(base + "/2020/3")->body, "[]");
  EXPECT_EQ(http.Get(base + "/2020/3/total-data-used")->body, "0 B\n0 KB\n0 MB\n0 GB");
}

TEST_P(HttpApiTest, BadInputIsA4xxNamingTheProblemAndWritesNothing) {
  backend_->add_agreement(reference_agreement());
  auto http = backend_->client();
  const std::string base = std::string("/api/data-records/") + kAgreement;
  const std::string ok_id = "523d8cc7-e611-3508-90bc-fab260b2973e";
  struct Case {
    std::string method, path, body;
    int status;
    std::string message;
  };
  const std::vector<Case> cases{
      {"GET", "/api/data-records/not-a-uuid/2020/1", "", 400,
       "agreementId 'not-a-uuid' is not a UUID"},
      {"GET", base + "/2020/13", "", 400, "month 13 is out of range (1..12)"},
      {"GET", base + "/2020/0/total-data-used", "", 400, "month 0 is out of range (1..12)"},
      {"GET", base + "/99999/1", "", 400, "year 99999 is out of range (1..9999)"},
      {"GET", base + "/twenty/1", "", 400, "year 'twenty' is not a whole number"},
      {"PUT", "/api/data-records/xyz", put_body("2020-01-01T00:00Z", ok_id, 1), 400,
       "agreementId 'xyz' is not a UUID"},
      {"PUT", base, "{\"recordedAt\": ", 400, "the body is not valid JSON"},
      {"PUT", base, "[]", 400, "the body must be a JSON object"},
      {"PUT", base, R"({"recordedAt":"2020-01-01T00:00Z","internalRecordId":")" + ok_id + "\"}",
       400, "field 'recordedBytes' is missing"},
      {"PUT", base,
       R"({"recordedAt":"2020-01-01T00:00Z","internalRecordId":")" + ok_id +
           R"(","recordedBytes":1,"extra":true})",
       400, "unknown field 'extra'"},
      {"PUT", base,
       R"({"recordedAt":"2020-01-01T00:00Z","internalRecordId":")" + ok_id +
           R"(","recordedBytes":"1"})",
       400, "field 'recordedBytes' must be a whole number"},
      {"PUT", base, put_body("2020-01-01T00:00Z", ok_id, -1), 400,
       "field 'recordedBytes' must not be negative"},
      {"PUT", base, put_body("2020-01-01T00:00", ok_id, 1), 400, "field 'recordedAt'"},
      {"PUT", base, put_body("2020-01-01T00:00+01:00[Mars/Olympus]", ok_id, 1), 400,
       "Mars/Olympus"},
      {"PUT", base, put_body("2020-01-01T00:00Z", "12345", 1), 400,
       "field 'internalRecordId' is not a UUID: '12345'"},
      {"PUT", "/api/data-records/99999999-9999-3999-8999-999999999999",
       put_body("2020-01-01T00:00Z", ok_id, 1), 404,
       "no agreement with id 99999999-9999-3999-8999-999999999999"},
      {"PUT", base, std::string(5000, ' '), 413, "the request body is too large"},
      {"GET", "/api/nothing-here", "", 404, "no endpoint GET /api/nothing-here"},
      {"DELETE", base, "", 405, "DELETE is not allowed on /api/data-records/"},
      {"POST", base + "/2020/1", "", 405, "allowed: GET"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.method + " " + c.path + " " + c.body.substr(0, 80));
    httplib::Result res = c.method == "GET"    ? http.Get(c.path)
                          : c.method == "PUT"  ? http.Put(c.path, c.body, kJson)
                          : c.method == "POST" ? http.Post(c.path, c.body, kJson)
                                               : http.Delete(c.path);
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->status, c.status) << res->body;
    EXPECT_NE(error_message(res).find(c.message), std::string::npos) << res->body;
    if (c.status == 405) {
      EXPECT_FALSE(res->get_header_value("Allow").empty());
    }
  }
  EXPECT_EQ(http.Get(base + "/2020/1")->body, "[]");
  EXPECT_EQ(http.Get(base + "/2019/12")->body, "[]");
}

TEST_P(HttpApiTest, HttpGarbageGetsA400AndTheServerCarriesOn) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(backend_->port()));
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string garbage = "\x16\x03\x01 NOT HTTP AT ALL\r\n\r\n";
  ASSERT_EQ(::write(fd, garbage.data(), garbage.size()), static_cast<ssize_t>(garbage.size()));
  char answer[256] = {};
  const ssize_t n = ::read(fd, answer, sizeof answer - 1);
  ::close(fd);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(answer, 12), "HTTP/1.1 400");
  EXPECT_EQ(backend_->client().Get("/health")->status, 200);
}

TEST_P(HttpApiTest, GenerateEndpointsContinueTheReferenceSequences) {
  auto http = backend_->client();
  auto res = http.Get("/api/agreements/generate");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->body,
            "Total number of generated agreements: 1\nAgreements generated in order: "
            "0b12c601-9287-3f5c-a78c-df508fe0f889");
  generator::AgreementsGenerator agreements;
  agreements.next();
  EXPECT_EQ(http.Get("/api/agreements/generate")->body,
            "Total number of generated agreements: 1\nAgreements generated in order: " +
                agreements.next().id.to_string());

  res = http.Get("/api/data-records/generate");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->body, std::string("Total number of generated records: 31\nAgreements generated "
                                   "in order: ") +
                           kAgreement);
  ASSERT_EQ(http.Get("/api/data-records/generate")->status, 200);
  // Two batches: each restarts the agreement ids and goes on in time (docs/reference-data.md).
  generator::DataRecordsGenerator oracle(1, 1);
  std::vector<core::DataRecord> expected;
  for (int batch = 0; batch < 2; ++batch) {
    oracle.next_batch([&](const core::DataRecord& r) { expected.push_back(r); });
  }
  for (int month = 1; month <= 3; ++month) {
    std::vector<json> want;
    for (const auto& r : expected) {
      if (r.month == month)
        want.push_back(json{{"recordedAt", r.recorded_at}, {"bytes", r.recorded_bytes}});
    }
    std::sort(want.begin(), want.end(),
              [](const json& a, const json& b) { return a["recordedAt"] > b["recordedAt"]; });
    const json got = json::parse(
        http.Get(std::string("/api/data-records/") + kAgreement + "/2020/" + std::to_string(month))
            ->body);
    ASSERT_EQ(got.size(), want.size()) << "month " << month;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i]["recordedBytes"], want[i]["bytes"]);
    }
  }

  res = http.Get("/api/incoming-data-records/generate");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->body.find("Total number of generated records: 31\n"), std::string::npos);
  EXPECT_NE(res->body.find("idr_000_2020-01-02_"), std::string::npos);
  EXPECT_NE(http.Get("/api/incoming-data-records/generate")->body.find("idr_001_2020-02-02_"),
            std::string::npos);
}

TEST_P(HttpApiTest, GraphQLAnswersQueriesMutationsAndIntrospection) {
  backend_->add_agreement(reference_agreement());
  auto http = backend_->client();
  const auto post = [&](const ordered_json& body) {
    auto res = http.Post("/graphql", body.dump(), kJson);
    EXPECT_EQ(res->status, 200) << res->body;
    return ordered_json::parse(res->body);  // field order is the query's
  };
  ordered_json r = post({{"query",
                          "mutation Put($a: String!, $r: DataRecordUpsertRequest!) { "
                          "upsertDataRecord(agreementId: $a, upsertRequest: $r) { ...Rec } } "
                          "fragment Rec on DataRecord { key { month } recordedBytes __typename }"},
                         {"operationName", "Put"},
                         {"variables",
                          {{"a", kAgreement},
                           {"r",
                            {{"recordedAt", "2020-01-15T12:00+01:00[Europe/Warsaw]"},
                             {"internalRecordId", "523d8cc7-e611-3508-90bc-fab260b2973e"},
                             {"recordedBytes", 9007199254740993LL}}}}}});
  EXPECT_EQ(r.dump(),
            R"({"data":{"upsertDataRecord":{"key":{"month":1},"recordedBytes":9007199254740993,)"
            R"("__typename":"DataRecord"}}})");
  r = post({{"query", std::string("{ jan: findDataRecords(agreementId: \"") + kAgreement +
                          "\", year: 2020, month: 1) { key { recordedAt internalRecordId } } "
                          "total: getTotalDataUsage(agreementId: \"" +
                          kAgreement + "\", year: 2020, month: 1) }"}});
  EXPECT_EQ(r["data"]["jan"][0]["key"]["recordedAt"], "2020-01-15T11:00:00.000+00:00");
  EXPECT_EQ(r["data"]["total"], "9007199254740993 B\n8796093022208 KB\n8589934592 MB\n8388608 GB");

  r = post({{"query", "{ findDataRecords(agreementId: \"x\", year: 2020, month: 1) { nope } }"}});
  EXPECT_EQ(r["errors"][0]["message"], "Cannot query field \"nope\" on type \"DataRecord\".");
  EXPECT_FALSE(r.contains("data"));
  r = post({{"query", "{ getTotalDataUsage(agreementId: \"x\", year: 2020, month: 1) }"}});
  EXPECT_EQ(r["errors"][0]["message"], "agreementId 'x' is not a UUID");
  EXPECT_EQ(r["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
  r = post({{"query", "{ getTotalDataUsage(agreementId: "}});
  EXPECT_EQ(r["errors"][0]["message"], "Syntax Error: Expected a value, found end of input.");
  r = post({{"query",
             "{ __schema { queryType { name } mutationType { name } } "
             "__type(name: \"DataRecord\") { fields { name type { kind ofType { name } } } } }"}});
  EXPECT_EQ(r["data"]["__schema"]["queryType"]["name"], "Query");
  EXPECT_EQ(r["data"]["__type"]["fields"][1]["type"]["ofType"]["name"], "Long");

  for (const std::string bad : {"not json", "[]", "{\"variables\":{}}",
                                "{\"query\":\"{ __typename }\",\"variables\":[1]}"}) {
    auto res = http.Post("/graphql", bad, kJson);
    EXPECT_EQ(res->status, 400) << bad;
    EXPECT_TRUE(json::parse(res->body)["errors"][0]["message"].is_string());
  }
  // Only JSON bodies: a cross-site form could send any other type without asking first.
  auto res = http.Post("/graphql", "{ __typename }", "application/graphql");
  EXPECT_EQ(res->status, 415);
}

TEST_P(HttpApiTest, GraphiQLIsServedFromTheBinary) {
  auto http = backend_->client();
  auto page = http.Get("/graphiql");
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  for (const std::string asset : {"graphiql.min.js", "graphiql.min.css", "react.production.min.js",
                                  "react-dom.production.min.js"}) {
    EXPECT_NE(page->body.find("/graphiql/" + asset), std::string::npos) << asset;
    auto res = http.Get("/graphiql/" + asset);
    ASSERT_EQ(res->status, 200) << asset;
    EXPECT_GT(res->body.size(), 10'000u) << asset;
  }
  EXPECT_NE(http.Get("/graphiql/graphiql.min.js")->body.find("GraphiQL"), std::string::npos);
  EXPECT_EQ(page->body.find("https://"), std::string::npos) << "the page must work offline";
}

TEST_P(HttpApiTest, HealthReadinessAndMetrics) {
  auto http = backend_->client();
  auto res = http.Get("/health");
  EXPECT_EQ(res->status, 200);
  res = backend_->ready();
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json ready = json::parse(res->body);
  EXPECT_EQ(ready["status"], "UP");
  EXPECT_EQ(ready["components"]["store"], "UP");
  backend_->add_agreement(reference_agreement());
  ASSERT_EQ(
      http.Put(std::string("/api/data-records/") + kAgreement,
               put_body("2020-01-01T00:00Z", "523d8cc7-e611-3508-90bc-fab260b2973e", 1), kJson)
          ->status,
      200);
  res = http.Get("/metrics");
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(res->body.find("# TYPE mobilecs_store_write_seconds histogram"), std::string::npos);
  EXPECT_EQ(res->body.find("mobilecs_store_write_seconds_count 0\n"), std::string::npos)
      << "the upsert's write is observed";
  if (backend_->name() == "embedded") {
    for (const char* name : {"mobilecs_records_imported_total", "mobilecs_records_matched_total",
                             "mobilecs_records_waiting", "mobilecs_records_late_total",
                             "mobilecs_records_malformed_total",
                             "mobilecs_notifications_total{type=\"DATA_PLAN_EXCEEDED\"}",
                             "mobilecs_input_files_pending{folder=\"incoming-data-records\"} 0"}) {
      EXPECT_NE(res->body.find(name), std::string::npos) << name;
    }
  } else {
    EXPECT_EQ(ready["components"]["kafka"], "UP");
    EXPECT_NE(res->body.find("# TYPE mobilecs_consumer_lag gauge"), std::string::npos);
  }
}

TEST_P(HttpApiTest, CorsAllowsTheConfiguredOriginOnly) {
  auto http = backend_->client();
  const httplib::Headers allowed{{"Origin", "http://localhost:3000"},
                                 {"Access-Control-Request-Method", "PUT"}};
  auto res = http.Options("/api/data-records/x", allowed);
  EXPECT_EQ(res->status, 204);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "http://localhost:3000");
  EXPECT_NE(res->get_header_value("Access-Control-Allow-Methods").find("PUT"), std::string::npos);
  res = http.Get("/health", httplib::Headers{{"Origin", "http://localhost:3000"}});
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "http://localhost:3000");

  res = http.Options("/api/data-records/x",
                     httplib::Headers{{"Origin", "http://evil.example"},
                                      {"Access-Control-Request-Method", "PUT"}});
  EXPECT_EQ(res->status, 403);
  res = http.Get("/health", httplib::Headers{{"Origin", "http://evil.example"}});
  EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));
}

// Every operation of /api/openapi.json, called with the document's own examples, answers with
// a documented status and media type.
TEST_P(HttpApiTest, TheOpenApiDocumentDescribesWhatTheServerDoes) {
  backend_->add_agreement(reference_agreement());
  auto http = backend_->client();
  auto res = http.Get("/api/openapi.json");
  ASSERT_EQ(res->status, 200);
  const json doc = json::parse(res->body);
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  int operations = 0;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      std::string url = path;
      for (const auto& p : op.value("parameters", json::array())) {
        const std::string placeholder = "{" + p["name"].get<std::string>() + "}";
        const json& example = p["example"];
        url.replace(url.find(placeholder), placeholder.size(),
                    example.is_string() ? example.get<std::string>() : example.dump());
      }
      SCOPED_TRACE(method + " " + url);
      const auto call = [&]() -> httplib::Result {
        if (method == "put") {
          const std::string schema =
              op["requestBody"]["content"][kJson]["schema"]["$ref"].get<std::string>();
          const json& example =
              doc["components"]["schemas"][schema.substr(schema.rfind('/') + 1)]["example"];
          return http.Put(url, example.dump(), kJson);
        }
        EXPECT_EQ(method, "get") << "a method this test does not know";
        return http.Get(url);
      };
      const httplib::Result answer = call();
      ASSERT_TRUE(answer);
      const std::string status = std::to_string(answer->status);
      ASSERT_TRUE(op["responses"].contains(status)) << answer->status << " " << answer->body;
      const json& documented = op["responses"][status]["content"];
      const std::string type = answer->get_header_value("Content-Type");
      EXPECT_TRUE(documented.contains(type.substr(0, type.find(';')))) << type;
      if (type == kJson && documented.contains(kJson)) {
        EXPECT_NO_THROW(json::parse(answer->body));
      }
      ++operations;
    }
  }
  EXPECT_EQ(operations, 10);
}

}  // namespace
}  // namespace mobilecs::testing
