#include "http/request_guard.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace mobilecs::http {
namespace {

constexpr const char* kToken = "reader-token-0123456789";
constexpr const char* kAdminToken = "admin-token-0123456789";

class RequestGuardTest : public ::testing::Test {
 protected:
  RequestGuardTest() : cors_({"https://ui.example"}) {
    auth::ApiTokens tokens;
    tokens.add_plain("reader", kToken, auth::Scopes::parse_list("usage:read"));
    tokens.add_plain("root", kAdminToken, auth::Scopes::all());
    authenticator_ = auth::Authenticator(std::move(tokens), nullptr, false);
  }

  Request request(std::string method, std::vector<std::pair<std::string, std::string>> headers) {
    Request r;
    r.method = std::move(method);
    r.path = "/api/x";
    r.headers = std::move(headers);
    return r;
  }

  // The status of the refusal, or 0 if admitted.
  int status(Request r, Access access) {
    Response res;
    const RequestGuard guard(config_, cors_, authenticator_);
    if (guard.admit(r, access, res)) {
      EXPECT_TRUE(r.principal.has_value());
      return 0;
    }
    last_ = res;
    return res.status;
  }

  HttpConfig config_;
  Cors cors_;
  auth::Authenticator authenticator_;
  Response last_;
};

TEST_F(RequestGuardTest, ACredentialWithTheScopeIsAdmitted) {
  EXPECT_EQ(status(request("GET", {{"Host", "localhost:8080"},
                                   {"Authorization", std::string("Bearer ") + kToken}}),
                   Access::needs(auth::Scope::kUsageRead)),
            0);
}

TEST_F(RequestGuardTest, NoOrABadCredentialIs401WithABearerChallenge) {
  EXPECT_EQ(status(request("GET", {{"Host", "127.0.0.1"}}), Access::authenticated()), 401);
  EXPECT_EQ(last_.headers.back().second, R"(Bearer realm="mobilecs")");
  EXPECT_EQ(
      status(request("GET", {{"Host", "127.0.0.1"}, {"Authorization", "Bearer nope-nope-nope"}}),
             Access::authenticated()),
      401);
  EXPECT_NE(last_.headers.back().second.find(R"(error="invalid_token")"), std::string::npos);
  EXPECT_NE(nlohmann::json::parse(last_.body)["message"].get<std::string>().find("not valid"),
            std::string::npos);
}

TEST_F(RequestGuardTest, AMissingScopeIs403NamingIt) {
  EXPECT_EQ(status(request("PUT", {{"Host", "localhost"},
                                   {"Authorization", std::string("Bearer ") + kToken},
                                   {"Content-Type", "application/json"}}),
                   Access::needs(auth::Scope::kUsageWrite)),
            403);
  const std::string message = nlohmann::json::parse(last_.body)["message"];
  EXPECT_NE(message.find("needs the scope usage:write"), std::string::npos) << message;
  EXPECT_NE(last_.headers.back().second.find(R"(error="insufficient_scope")"), std::string::npos);
}

TEST_F(RequestGuardTest, AForeignHostOrOriginIsRefusedBeforeTheCredentialIsLookedAt) {
  const std::string bearer = std::string("Bearer ") + kAdminToken;
  EXPECT_EQ(
      status(request("GET", {{"Host", "rebound.evil.example:8080"}, {"Authorization", bearer}}),
             Access::authenticated()),
      403);
  EXPECT_EQ(status(request("GET", {{"Authorization", bearer}}), Access::authenticated()), 403);
  EXPECT_EQ(status(request("POST", {{"Host", "localhost"},
                                    {"Origin", "http://evil.example"},
                                    {"Authorization", bearer},
                                    {"Content-Type", "application/json"}}),
                   Access::authenticated()),
            403);
  // The console's own page, and a configured browser origin, may.
  EXPECT_EQ(status(request("POST", {{"Host", "localhost:8080"},
                                    {"Origin", "http://localhost:8080"},
                                    {"Authorization", bearer},
                                    {"Content-Type", "application/json"}}),
                   Access::authenticated()),
            0);
  EXPECT_EQ(status(request("GET", {{"Host", "[::1]:8080"},
                                   {"Origin", "https://ui.example"},
                                   {"Authorization", bearer}}),
                   Access::authenticated()),
            0);
  config_.allowed_hosts = {"*"};
  EXPECT_EQ(status(request("GET", {{"Host", "anything.example"}, {"Authorization", bearer}}),
                   Access::authenticated()),
            0);
}

TEST_F(RequestGuardTest, NamesAndOriginsAreParsedStrictly) {
  const std::string bearer = std::string("Bearer ") + kAdminToken;
  // Only an IPv6 address goes in brackets; nothing may follow them but a port.
  EXPECT_EQ(
      status(request("GET", {{"Host", "[localhost].evil.example"}, {"Authorization", bearer}}),
             Access::authenticated()),
      403);
  EXPECT_EQ(
      status(request("GET", {{"Host", "[127.0.0.1]evil.example:80"}, {"Authorization", bearer}}),
             Access::authenticated()),
      403);
  // The console's own origin is the origin this request names the server by: scheme http or
  // https, same name and port.
  for (const char* origin :
       {"http://localhost:9999", "x://localhost:8080", "http://[localhost].evil.example"}) {
    EXPECT_EQ(status(request("POST", {{"Host", "localhost:8080"},
                                      {"Origin", origin},
                                      {"Authorization", bearer},
                                      {"Content-Type", "application/json"}}),
                     Access::authenticated()),
              403)
        << origin;
  }
}

TEST_F(RequestGuardTest, ARequestAnotherSiteMadeTheBrowserSendIsRefused) {
  const std::string bearer = std::string("Bearer ") + kAdminToken;
  // An <img src> on another site's page: the real Host, no Origin, but the browser says so.
  EXPECT_EQ(status(request("GET", {{"Host", "127.0.0.1:8080"},
                                   {"Sec-Fetch-Site", "cross-site"},
                                   {"Authorization", bearer}}),
                   Access::authenticated()),
            403);
  EXPECT_EQ(status(request("GET", {{"Host", "127.0.0.1:8080"},
                                   {"Sec-Fetch-Site", "same-origin"},
                                   {"Authorization", bearer}}),
                   Access::authenticated()),
            0);
  // A configured site may.
  EXPECT_EQ(status(request("GET", {{"Host", "127.0.0.1:8080"},
                                   {"Sec-Fetch-Site", "cross-site"},
                                   {"Origin", "https://ui.example"},
                                   {"Authorization", bearer}}),
                   Access::authenticated()),
            0);
}

TEST_F(RequestGuardTest, ABodyThatChangesDataMustBeJson) {
  const std::string bearer = std::string("Bearer ") + kAdminToken;
  for (const char* type :
       {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""}) {
    EXPECT_EQ(
        status(request("POST",
                       {{"Host", "localhost"}, {"Authorization", bearer}, {"Content-Type", type}}),
               Access::authenticated()),
        415)
        << type;
  }
  EXPECT_EQ(status(request("PUT", {{"Host", "localhost"},
                                   {"Authorization", bearer},
                                   {"Content-Type", "Application/JSON; charset=utf-8"}}),
                   Access::authenticated()),
            0);
}

}  // namespace
}  // namespace mobilecs::http
