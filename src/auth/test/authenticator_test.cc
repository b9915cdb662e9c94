#include "auth/authenticator.h"

#include <gtest/gtest.h>

#include "testing/identity_provider.h"

namespace mobilecs::auth {
namespace {

using mobilecs::testing::IdentityProvider;

std::shared_ptr<JwtVerifier> verifier_for(const IdentityProvider& idp) {
  auto verifier = std::make_shared<JwtVerifier>(JwtConfig{
      IdentityProvider::kIssuer, {IdentityProvider::kAudience}, std::chrono::seconds(60)});
  verifier->set_keys(idp.jwks());
  return verifier;
}

TEST(Authenticator, TakesApiTokensAndJwts) {
  IdentityProvider idp;
  ApiTokens tokens;
  tokens.add_plain("env", "0123456789abcdefXYZ", Scopes::all());
  const Authenticator auth(tokens, verifier_for(idp), false);
  const auto by_token = auth.authenticate("Bearer 0123456789abcdefXYZ");
  ASSERT_TRUE(std::holds_alternative<Principal>(by_token));
  EXPECT_EQ(std::get<Principal>(by_token).subject, "env");
  const auto by_jwt =
      auth.authenticate("bearer " + idp.sign(IdentityProvider::claims("usage:read", "bob")));
  ASSERT_TRUE(std::holds_alternative<Principal>(by_jwt));
  EXPECT_EQ(std::get<Principal>(by_jwt).subject, "bob");
}

TEST(Authenticator, SaysWhatIsWrong) {
  ApiTokens tokens;
  tokens.add_plain("env", "0123456789abcdefXYZ", Scopes::all());
  const Authenticator auth(tokens, nullptr, false);
  const auto failure = [&](const std::string& header) {
    const auto r = auth.authenticate(header);
    EXPECT_TRUE(std::holds_alternative<AuthFailure>(r)) << header;
    return std::holds_alternative<AuthFailure>(r) ? std::get<AuthFailure>(r) : AuthFailure{};
  };
  EXPECT_STREQ(failure("").bearer_error, "");
  EXPECT_STREQ(failure("Basic dXNlcjpwYXNz").bearer_error, "invalid_request");
  EXPECT_STREQ(failure("Bearer ").bearer_error, "invalid_request");
  EXPECT_STREQ(failure("Bearer wrong-token-of-some-length").bearer_error, "invalid_token");
}

TEST(Authenticator, AnonymousOnlyWhenAllowedAndOnlyWithoutACredential) {
  const Authenticator open(ApiTokens{}, nullptr, true);
  const auto anonymous = open.authenticate("");
  ASSERT_TRUE(std::holds_alternative<Principal>(anonymous));
  EXPECT_EQ(std::get<Principal>(anonymous).kind, Principal::Kind::kAnonymous);
  // A credential that is sent is checked, even where anonymous access is allowed.
  EXPECT_TRUE(std::holds_alternative<AuthFailure>(open.authenticate("Bearer forged-token-123456")));
  EXPECT_TRUE(std::holds_alternative<AuthFailure>(Authenticator().authenticate("")));
}

TEST(Authenticator, RefreshesKeysOnceForAnUnknownKey) {
  IdentityProvider old_idp(1);
  IdentityProvider new_idp(2);
  auto verifier = verifier_for(old_idp);
  Authenticator auth(ApiTokens{}, verifier, false);
  int refreshes = 0;
  auth.on_unknown_key([&] {
    ++refreshes;
    verifier->set_keys(new_idp.jwks());
    return true;
  });
  // The provider rotated its keys: a token under the new kid makes one refresh, then passes.
  EXPECT_TRUE(std::holds_alternative<Principal>(
      auth.authenticate("Bearer " + new_idp.sign(IdentityProvider::claims("usage:read")))));
  EXPECT_EQ(refreshes, 1);
  // A known kid with a bad signature refreshes nothing.
  IdentityProvider impostor(2);
  EXPECT_TRUE(std::holds_alternative<AuthFailure>(
      auth.authenticate("Bearer " + impostor.sign(IdentityProvider::claims("admin")))));
  EXPECT_EQ(refreshes, 1);
}

}  // namespace
}  // namespace mobilecs::auth
