#include "auth/scope.h"

#include <gtest/gtest.h>

namespace mobilecs::auth {
namespace {

TEST(Scopes, ParsesListsAndIgnoresOtherServicesScopes) {
  const Scopes s = Scopes::parse_list("openid usage:read profile,admin");
  EXPECT_TRUE(s.has(Scope::kUsageRead));
  EXPECT_FALSE(s.has(Scope::kUsageWrite));
  EXPECT_TRUE(s.has(Scope::kAdmin));
  EXPECT_EQ(s.to_string(), "usage:read admin");
  EXPECT_TRUE(Scopes::parse_list("openid").empty());
  EXPECT_EQ(Scopes::all().to_string(), "usage:read usage:write admin");
}

TEST(Scopes, NamesRoundTrip) {
  for (const char* name : {"usage:read", "usage:write", "admin"}) {
    ASSERT_TRUE(parse_scope(name)) << name;
    EXPECT_EQ(to_string(*parse_scope(name)), name);
  }
  EXPECT_FALSE(parse_scope("usage:*"));
  EXPECT_FALSE(parse_scope("Admin"));
}

}  // namespace
}  // namespace mobilecs::auth
