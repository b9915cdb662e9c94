#include "auth/jwt_verifier.h"

#include <gtest/gtest.h>

#include "testing/identity_provider.h"

namespace mobilecs::auth {
namespace {

using mobilecs::testing::IdentityProvider;
using Json = nlohmann::json;
using Reason = JwtRejection::Reason;

class JwtVerifierTest : public ::testing::Test {
 protected:
  JwtVerifierTest()
      : verifier_(JwtConfig{IdentityProvider::kIssuer,
                            {"other", IdentityProvider::kAudience},
                            std::chrono::seconds(60)}) {
    verifier_.set_keys(idp_.jwks());
  }

  std::int64_t now() const { return IdentityProvider::claims("")["iat"].get<std::int64_t>(); }

  Reason rejected(const std::string& token) {
    const auto result = verifier_.verify(token, now());
    EXPECT_TRUE(std::holds_alternative<JwtRejection>(result)) << token;
    return std::holds_alternative<JwtRejection>(result) ? std::get<JwtRejection>(result).reason
                                                        : Reason::kMalformed;
  }

  IdentityProvider idp_;
  JwtVerifier verifier_;
};

TEST_F(JwtVerifierTest, AcceptsRs256AndEs256WithTheirScopes) {
  for (const bool ec : {false, true}) {
    const auto result =
        verifier_.verify(idp_.sign(IdentityProvider::claims("openid usage:read"), ec), now());
    ASSERT_TRUE(std::holds_alternative<Principal>(result));
    const auto& p = std::get<Principal>(result);
    EXPECT_EQ(p.subject, "alice");
    EXPECT_EQ(p.kind, Principal::Kind::kJwt);
    EXPECT_EQ(p.scopes.to_string(), "usage:read");
  }
}

TEST_F(JwtVerifierTest, ReadsScopesFromAScpList) {
  Json claims = IdentityProvider::claims("");
  claims.erase("scope");
  claims["scp"] = {"usage:write", "admin", "email"};
  claims["aud"] = {"someone-else", IdentityProvider::kAudience};
  const auto result = verifier_.verify(idp_.sign(claims), now());
  ASSERT_TRUE(std::holds_alternative<Principal>(result));
  EXPECT_EQ(std::get<Principal>(result).scopes.to_string(), "usage:write admin");
}

TEST_F(JwtVerifierTest, RefusesExpiredEarlyForeignAndMisaddressedTokens) {
  Json expired = IdentityProvider::claims("usage:read");
  expired["exp"] = now() - 61;
  EXPECT_EQ(rejected(idp_.sign(expired)), Reason::kExpired);
  expired["exp"] = now() - 30;  // within the leeway
  EXPECT_TRUE(std::holds_alternative<Principal>(verifier_.verify(idp_.sign(expired), now())));
  Json early = IdentityProvider::claims("usage:read");
  early["nbf"] = now() + 120;
  EXPECT_EQ(rejected(idp_.sign(early)), Reason::kNotYetValid);
  Json foreign = IdentityProvider::claims("usage:read");
  foreign["iss"] = "https://evil.example";
  EXPECT_EQ(rejected(idp_.sign(foreign)), Reason::kIssuer);
  Json misaddressed = IdentityProvider::claims("usage:read");
  misaddressed["aud"] = "billing";
  EXPECT_EQ(rejected(idp_.sign(misaddressed)), Reason::kAudience);
  Json no_expiry = IdentityProvider::claims("usage:read");
  no_expiry.erase("exp");
  EXPECT_EQ(rejected(idp_.sign(no_expiry)), Reason::kMalformed);
}

TEST_F(JwtVerifierTest, RefusesNoneHmacConfusionAndTampering) {
  const Json claims = IdentityProvider::claims("usage:read usage:write admin");
  EXPECT_EQ(rejected(IdentityProvider::unsigned_token(claims)), Reason::kAlgorithm);
  EXPECT_EQ(rejected(idp_.sign_hmac_with_public_key(claims)), Reason::kAlgorithm);
  // The payload of a genuine read-only token swapped for one with every scope.
  const std::string genuine = idp_.sign(IdentityProvider::claims("usage:read"));
  const auto first = genuine.find('.');
  const auto second = genuine.find('.', first + 1);
  const std::string tampered = genuine.substr(0, first + 1) +
                               IdentityProvider::base64url(claims.dump()) + genuine.substr(second);
  EXPECT_EQ(rejected(tampered), Reason::kSignature);
  EXPECT_EQ(rejected("not.a.jwt"), Reason::kMalformed);
}

TEST_F(JwtVerifierTest, ClaimsOfUnexpectedTypesAreRefusedOrIgnoredNeverThrown) {
  Json claims = IdentityProvider::claims("usage:read");
  claims.erase("sub");
  claims["client_id"] = 5;
  auto result = verifier_.verify(idp_.sign(claims), now());
  ASSERT_TRUE(std::holds_alternative<Principal>(result));
  EXPECT_EQ(std::get<Principal>(result).subject, "unknown");
  claims["client_id"] = "billing-job";
  EXPECT_EQ(std::get<Principal>(verifier_.verify(idp_.sign(claims), now())).subject, "billing-job");
  Json far = IdentityProvider::claims("usage:read");
  far["nbf"] = 1e300;
  EXPECT_EQ(rejected(idp_.sign(far)), Reason::kMalformed);
  far["nbf"] = "yesterday";
  EXPECT_EQ(rejected(idp_.sign(far)), Reason::kMalformed);
}

TEST_F(JwtVerifierTest, CriticalHeaderParametersAreRefused) {
  EXPECT_EQ(rejected(idp_.sign(IdentityProvider::claims("usage:read"), false,
                               R"({"crit":["exp-ext"],"exp-ext":1})")),
            Reason::kMalformed);
}

TEST_F(JwtVerifierTest, AnotherProvidersKeyIsUnknown) {
  IdentityProvider other;
  EXPECT_EQ(rejected(other.sign(IdentityProvider::claims("usage:read"))), Reason::kSignature);
  Json claims = IdentityProvider::claims("usage:read");
  verifier_.set_keys(other.jwks());
  EXPECT_TRUE(std::holds_alternative<Principal>(verifier_.verify(other.sign(claims), now())));
  EXPECT_EQ(rejected(idp_.sign(claims)), Reason::kSignature);
}

TEST(JwtVerifierKeys, AJwksWithoutSigningKeysIsRefused) {
  JwtVerifier verifier(JwtConfig{"i", {"a"}, std::chrono::seconds(0)});
  EXPECT_THROW(verifier.set_keys("not json"), std::runtime_error);
  EXPECT_THROW(verifier.set_keys(R"({"keys":[]})"), std::runtime_error);
  // A shared secret is never a key for mobilecs.
  EXPECT_THROW(verifier.set_keys(R"({"keys":[{"kty":"oct","k":"c2VjcmV0"}]})"), std::runtime_error);
}

}  // namespace
}  // namespace mobilecs::auth
