#include "auth/api_tokens.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace mobilecs::auth {
namespace {

using mobilecs::testing::TempDir;
using mobilecs::testing::write_text;

TEST(ApiTokens, AFileKeepsOnlyHashesAndFindsTheToken) {
  TempDir dir;
  const std::string reader = new_api_token();
  const std::string ops = new_api_token();
  write_text(dir / "tokens",
             "# machines\n" +
                 token_file_line("ci-reader", reader, Scopes::parse_list("usage:read")) + "\n\n" +
                 token_file_line("ops", ops, Scopes::all()) + "  # everything\n");
  EXPECT_EQ(mobilecs::testing::read_text(dir / "tokens").find(reader), std::string::npos);
  ApiTokens tokens;
  tokens.load_file(dir / "tokens");
  const auto found = tokens.find(reader);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->subject, "ci-reader");
  EXPECT_EQ(found->kind, Principal::Kind::kApiToken);
  EXPECT_EQ(found->scopes.to_string(), "usage:read");
  EXPECT_EQ(tokens.find(ops)->scopes, Scopes::all());
  EXPECT_FALSE(tokens.find(reader + "x"));
  EXPECT_FALSE(tokens.find(""));
}

TEST(ApiTokens, ABadLineIsRefusedWithItsNumber) {
  TempDir dir;
  const std::string hash = sha256_hex("some long enough token");
  for (const auto& [text, why] : std::vector<std::pair<std::string, std::string>>{
           {"a " + hash, "three fields"},
           {"a b c d", "three fields"},
           {"a " + hash.substr(1) + " admin", "SHA-256"},
           {"a/b " + hash + " admin", "name"},
           {"a " + hash + " admin,usage:everything", "unknown scope 'usage:everything'"}}) {
    write_text(dir / "tokens", "# ok\n" + text + "\n");
    ApiTokens tokens;
    try {
      tokens.load_file(dir / "tokens");
      FAIL() << text;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(":2: "), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
  }
}

TEST(ApiTokens, AShortPlainTokenIsRefused) {
  ApiTokens tokens;
  EXPECT_THROW(tokens.add_plain("env", "short", Scopes::all()), std::runtime_error);
  tokens.add_plain("env", "sixteen chars ok", Scopes::all());
  EXPECT_TRUE(tokens.find("sixteen chars ok"));
}

TEST(ApiTokens, NewTokensAreLongAndDifferent) {
  const std::string a = new_api_token();
  EXPECT_EQ(a.size(), 4u + 43u);
  EXPECT_TRUE(a.starts_with("mcs_"));
  EXPECT_NE(a, new_api_token());
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace mobilecs::auth
