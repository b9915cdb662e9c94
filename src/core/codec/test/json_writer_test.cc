#include "core/codec/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace mobilecs::core {
namespace {

TEST(JsonObjectWriter, WritesFieldsInOrderCompactly) {
  std::string out;
  JsonObjectWriter(out).field("b", "x").field("a", std::int64_t{-5}).field("n", 7).close();
  EXPECT_EQ(out, R"({"b":"x","a":-5,"n":7})");
}

TEST(JsonObjectWriter, EscapesStringsSoAJsonParserReadsThemBack) {
  const std::string nasty = "quote\" back\\slash\nnew\ttab\x01\x1f caf\xc3\xa9 \xe2\x82\xac";
  std::string out;
  JsonObjectWriter(out).field("s", nasty).close();
  EXPECT_EQ(nlohmann::json::parse(out)["s"].get<std::string>(), nasty);
  EXPECT_NE(out.find("\\u0001"), std::string::npos);
}

// Text is scanned eight bytes at a time: a character to escape is found at any position, and
// nothing else is escaped, whatever its neighbours (UTF-8 bytes included).
TEST(JsonObjectWriter, EscapesExactlyTheCharactersJsonRequiresAtAnyPosition) {
  const std::string clean =
      "0123456789abcdef\xc3\xa9 caf\xe2\x82\xac ~!#$%&'()*+,-./:;<=>?@[]^_`{|}";
  for (std::size_t at = 0; at <= clean.size(); ++at) {
    const bool inside_a_character = at < clean.size() && (clean[at] & 0xc0) == 0x80;
    if (inside_a_character) continue;  // the text must stay UTF-8
    for (int c = 0; c < 0x80; ++c) {
      std::string text = clean;
      text.insert(at, 1, static_cast<char>(c));
      std::string out;
      append_json_string(out, text);
      EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), text) << at << " " << c;
      const bool escaped = c < 0x20 || c == '"' || c == '\\';
      EXPECT_EQ(out.size() == text.size() + 2, !escaped) << at << " " << c << ": " << out;
    }
  }
}

TEST(JsonObjectWriter, WritesTheInt64Extremes) {
  std::string out;
  JsonObjectWriter(out)
      .field("max", std::numeric_limits<std::int64_t>::max())
      .field("min", std::numeric_limits<std::int64_t>::min())
      .close();
  const auto parsed = nlohmann::json::parse(out);
  EXPECT_EQ(parsed["max"].get<std::int64_t>(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parsed["min"].get<std::int64_t>(), std::numeric_limits<std::int64_t>::min());
}

}  // namespace
}  // namespace mobilecs::core
