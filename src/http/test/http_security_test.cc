// Who may read and change what, over real HTTP to a running backend (see the instantiations):
// credentials, scopes, cross-site requests, foreign names, and the audit trail.
#include <nlohmann/json.hpp>

#include "generator/agreements_generator.h"
#include "http/test/http_api_test.h"
#include "testing/eventually.h"

namespace mobilecs::testing {
namespace {

using nlohmann::json;

constexpr const char* kAgreement = "0b12c601-9287-3f5c-a78c-df508fe0f889";
constexpr const char* kRecord = "523d8cc7-e611-3508-90bc-fab260b2973e";
constexpr const char* kJson = "application/json";
const std::string kPeriod = std::string("/api/data-records/") + kAgreement + "/2020/1";

std::string put_body(std::int64_t bytes) {
  return json{{"recordedAt", "2020-01-10T00:00:00Z"},
              {"internalRecordId", kRecord},
              {"recordedBytes", bytes}}
      .dump();
}

std::string mutation_body(std::int64_t bytes) {
  return json{{"query", std::string("mutation { upsertDataRecord(agreementId: \"") + kAgreement +
                            "\", upsertRequest: {recordedAt: \"2020-01-10T00:00:00Z\", "
                            "internalRecordId: \"" +
                            kRecord + "\", recordedBytes: " + std::to_string(bytes) +
                            "}) { recordedBytes } }"}}
      .dump();
}

class HttpSecurityTest : public HttpApiTest {
 protected:
  void SetUp() override {
    HttpApiTest::SetUp();
    backend_->add_agreement(generator::AgreementsGenerator().next());
    ASSERT_EQ(backend_->client()
                  .Put(std::string("/api/data-records/") + kAgreement, put_body(100), kJson)
                  ->status,
              200);
  }

  // What the period holds, read with the admin token: the test's evidence that nothing changed.
  std::string period() { return backend_->client().Get(kPeriod)->body; }

  // The audit trail once it holds `count` events (the backend reads its Kafka topic back as it
  // goes), or what it holds after 30 s.
  json audit(std::size_t count) {
    json events;
    eventually(
        [&] {
          const auto res = backend_->client().Get("/api/audit");
          EXPECT_EQ(res->status, 200) << res->body;
          events = json::parse(res->body);
          return events.size() >= count;
        },
        std::chrono::seconds(30));
    return events;
  }

  std::string jwt(const json& claims) { return backend_->identity_provider().sign(claims); }
};

TEST_P(HttpSecurityTest, EveryRouteButHealthAndReadinessNeedsACredential) {
  auto anonymous = backend_->client("");
  const std::vector<std::pair<std::string, std::string>> routes{
      {"GET", kPeriod},
      {"GET", kPeriod + "/total-data-used"},
      {"PUT", std::string("/api/data-records/") + kAgreement},
      {"GET", std::string("/api/agreements/") + kAgreement},
      {"GET", "/api/agreements?msisdn=48917846822"},
      {"GET", "/api/notifications"},
      {"GET", "/api/notifications/stream"},
      {"GET", "/api/alerts"},
      {"GET", std::string("/api/usage/") + kAgreement + "/2020/1"},
      {"GET", "/api/pipeline"},
      {"GET", "/api/audit"},
      {"GET", "/api/openapi.json"},
      {"GET", "/metrics"},
      {"GET", "/status"},
      {"POST", "/graphql"},
      {"GET", "/graphql?query=%7B__typename%7D"},
      {"GET", "/api/agreements/generate"},
      {"GET", "/api/incoming-data-records/generate"},
      {"GET", "/api/data-records/generate"}};
  for (const auto& [method, path] : routes) {
    const auto res = method == "GET"   ? anonymous.Get(path)
                     : method == "PUT" ? anonymous.Put(path, put_body(1), kJson)
                                       : anonymous.Post(path, mutation_body(1), kJson);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 401) << method << " " << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("WWW-Authenticate"), R"(Bearer realm="mobilecs")") << path;
    EXPECT_NE(json::parse(res->body)["message"].get<std::string>().find("Bearer"),
              std::string::npos);
  }
  EXPECT_EQ(anonymous.Get("/health")->status, 200);
  EXPECT_NE(anonymous.Get("/ready")->status, 401);
  // The console's and GraphiQL's pages hold no data: they load, then ask for a token.
  EXPECT_EQ(anonymous.Get("/")->status, 200);
  EXPECT_EQ(anonymous.Get("/graphiql")->status, 200);
  EXPECT_NE(period().find("100"), std::string::npos);
}

TEST_P(HttpSecurityTest, BadJwtsAreRefusedAndChangeNothing) {
  const IdentityProvider& idp = backend_->identity_provider();
  json expired = IdentityProvider::claims("usage:read usage:write admin");
  expired["exp"] = expired["iat"].get<std::int64_t>() - 3600;
  json wrong_audience = IdentityProvider::claims("usage:read usage:write admin");
  wrong_audience["aud"] = "billing";
  json wrong_issuer = IdentityProvider::claims("usage:read usage:write admin");
  wrong_issuer["iss"] = "https://evil.example";
  const std::string genuine_reader = jwt(IdentityProvider::claims("usage:read"));
  const auto dot = genuine_reader.find('.');
  const std::string tampered =
      genuine_reader.substr(0, dot + 1) +
      IdentityProvider::base64url(IdentityProvider::claims("usage:read usage:write admin").dump()) +
      genuine_reader.substr(genuine_reader.find('.', dot + 1));
  IdentityProvider stranger(7);
  const std::map<std::string, std::string> tokens{
      {"expired", jwt(expired)},
      {"wrong audience", jwt(wrong_audience)},
      {"wrong issuer", jwt(wrong_issuer)},
      {"alg none", IdentityProvider::unsigned_token(IdentityProvider::claims("admin usage:write"))},
      {"HS256 with the public key",
       idp.sign_hmac_with_public_key(IdentityProvider::claims("admin usage:write"))},
      {"tampered", tampered},
      {"another provider's", stranger.sign(IdentityProvider::claims("admin usage:write"))}};
  const std::string before = period();
  for (const auto& [what, token] : tokens) {
    auto http = backend_->client(token);
    const auto read = http.Get(kPeriod);
    EXPECT_EQ(read->status, 401) << what << ": " << read->body;
    EXPECT_NE(read->get_header_value("WWW-Authenticate").find(R"(error="invalid_token")"),
              std::string::npos)
        << what;
    EXPECT_EQ(http.Put(std::string("/api/data-records/") + kAgreement, put_body(1), kJson)->status,
              401)
        << what;
    EXPECT_EQ(http.Post("/graphql", mutation_body(1), kJson)->status, 401) << what;
  }
  EXPECT_EQ(period(), before);
  // A good JWT is accepted: the same requests are not refused for what they carry.
  EXPECT_EQ(backend_->client(genuine_reader).Get(kPeriod)->status, 200);
}

TEST_P(HttpSecurityTest, AReadOnlyCredentialReadsButCannotWrite) {
  const std::string before = period();
  for (const std::string& token :
       {ApiBackend::reader_token(), jwt(IdentityProvider::claims("openid usage:read", "bob"))}) {
    auto http = backend_->client(token);
    EXPECT_EQ(http.Get(kPeriod)->body, before);
    const auto put = http.Put(std::string("/api/data-records/") + kAgreement, put_body(1), kJson);
    EXPECT_EQ(put->status, 403) << put->body;
    EXPECT_NE(json::parse(put->body)["message"].get<std::string>().find("usage:write"),
              std::string::npos);
    const auto mutation = http.Post("/graphql", mutation_body(1), kJson);
    EXPECT_EQ(mutation->status, 403) << mutation->body;
    EXPECT_EQ(json::parse(mutation->body)["errors"][0]["extensions"]["code"], "FORBIDDEN");
    const auto query = http.Post("/graphql",
                                 json{{"query", std::string("{ getTotalDataUsage(agreementId: \"") +
                                                    kAgreement + "\", year: 2020, month: 1) }"}}
                                     .dump(),
                                 kJson);
    EXPECT_EQ(query->status, 200) << query->body;
    EXPECT_EQ(json::parse(query->body)["data"]["getTotalDataUsage"], "100 B\n0 KB\n0 MB\n0 GB");
    EXPECT_EQ(http.Get("/api/agreements/generate")->status, 403);
    EXPECT_EQ(http.Get("/metrics")->status, 403);
  }
  EXPECT_EQ(period(), before);
}

TEST_P(HttpSecurityTest, CrossSiteMutationsAndForeignNamesAreRefused) {
  const std::string before = period();
  auto http = backend_->client();
  const httplib::Headers foreign{{"Origin", "http://evil.example"}};
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded"}) {
    // As a cross-site form would send it (with the admin token even: the origin alone refuses).
    auto res = http.Post("/graphql", foreign, mutation_body(1), type);
    EXPECT_EQ(res->status, 403) << type << ": " << res->body;
    res = http.Post("/graphql", mutation_body(1), type);
    EXPECT_EQ(res->status, 415) << type << ": " << res->body;
    res = http.Put(std::string("/api/data-records/") + kAgreement, put_body(1), type);
    EXPECT_EQ(res->status, 415) << type << ": " << res->body;
  }
  EXPECT_EQ(http.Post("/graphql", foreign, mutation_body(1), kJson)->status, 403);
  // DNS rebinding: a name of the attacker's pointing at this server.
  const auto rebound = http.Get(kPeriod, httplib::Headers{{"Host", "rebound.evil.example"}});
  EXPECT_EQ(rebound->status, 403);
  EXPECT_NE(json::parse(rebound->body)["message"].get<std::string>().find("rebound.evil.example"),
            std::string::npos);
  EXPECT_EQ(period(), before);
}

TEST_P(HttpSecurityTest, EachChangeLeavesOneAuditEventAndARefusedOneNone) {
  const json start = audit(1);
  ASSERT_EQ(start.size(), 1u) << start.dump();  // the set-up's PUT
  EXPECT_EQ(start[0]["subject"], "MOBILECS_API_TOKEN");
  EXPECT_EQ(start[0]["credential"], "api-token");
  EXPECT_EQ(start[0]["from"], "127.0.0.1");
  EXPECT_TRUE(start[0]["before"].is_null());

  const std::string writer = jwt(IdentityProvider::claims("usage:read usage:write", "carol"));
  ASSERT_EQ(backend_->client(writer)
                .Put(std::string("/api/data-records/") + kAgreement, put_body(70), kJson)
                ->status,
            200);
  ASSERT_EQ(backend_->client(writer).Post("/graphql", mutation_body(55), kJson)->status, 200);
  // Refused: no scope, bad input, no credential.
  backend_->client(ApiBackend::reader_token())
      .Put(std::string("/api/data-records/") + kAgreement, put_body(1), kJson);
  backend_->client(writer).Put(std::string("/api/data-records/") + kAgreement, "{", kJson);
  backend_->client("").Post("/graphql", mutation_body(2), kJson);
  // A last change, to know when the trail has caught up: what is before it is all there is.
  ASSERT_EQ(backend_->client()
                .Put(std::string("/api/data-records/") + kAgreement, put_body(55), kJson)
                ->status,
            200);

  const json events = audit(4);
  ASSERT_EQ(events.size(), 4u) << events.dump();
  const json& put = events[1];
  EXPECT_EQ(put["subject"], "carol");
  EXPECT_EQ(put["credential"], "jwt");
  EXPECT_EQ(put["action"], "PUT /api/data-records");
  EXPECT_EQ(put["target"], (json{{"agreementId", kAgreement}, {"year", 2020}, {"month", 1}}));
  EXPECT_EQ(put["before"]["recordedBytes"], 100);
  EXPECT_EQ(put["after"]["recordedBytes"], 70);
  const json& mutation = events[2];
  EXPECT_EQ(mutation["subject"], "carol");
  EXPECT_EQ(mutation["action"], "upsertDataRecord");
  EXPECT_EQ(mutation["before"]["recordedBytes"], 70);
  EXPECT_EQ(mutation["after"]["recordedBytes"], 55);
  EXPECT_NE(period().find("55"), std::string::npos);
  // Readable by admins only.
  EXPECT_EQ(backend_->client(writer).Get("/api/audit")->status, 403);
}

TEST_P(HttpSecurityTest, AnswersCarryTheBrowserHardeningHeaders) {
  auto http = backend_->client();
  const auto data = http.Get(kPeriod);
  EXPECT_EQ(data->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(data->get_header_value("Cache-Control"), "no-store");
  for (const char* page : {"/", "/graphiql"}) {
    const auto res = backend_->client("").Get(page);
    const std::string policy = res->get_header_value("Content-Security-Policy");
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << page << ": " << policy;
    EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << page << ": " << policy;
    EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY");
  }
  // No CORS unless configured: an origin not configured gets no Access-Control header.
  EXPECT_FALSE(http.Get(kPeriod, httplib::Headers{{"Origin", "http://localhost:9999"}})
                   ->has_header("Access-Control-Allow-Origin"));
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backend, HttpSecurityTest, ::testing::Values(BackendFactory(make_backend)),
                         [](const auto&) { return std::string("Backend"); });

}  // namespace mobilecs::testing
