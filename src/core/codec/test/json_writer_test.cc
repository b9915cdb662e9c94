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

// Every byte value at each of the eight positions of a scanned word, beside every other: only
// those JSON must escape are escaped (bytes of 0x80 and above pass as they are, here without
// forming UTF-8, which the writer does not check).
TEST(JsonObjectWriter, EscapesNoByteButControlsQuotesAndBackslashes) {
  for (int c = 0; c < 256; ++c) {
    for (int neighbour = 0; neighbour < 256; ++neighbour) {
      for (std::size_t at = 0; at < 8; ++at) {
        std::string text(12, static_cast<char>(neighbour));
        text[at] = static_cast<char>(c);
        std::string out;
        append_json_string(out, text);
        std::size_t expected_size = 2;
        for (const char byte : text) {
          const auto b = static_cast<unsigned char>(byte);
          expected_size +=
              b < 0x20 ? (b == '\n' || b == '\r' || b == '\t' || b == '\b' || b == '\f' ? 2 : 6)
              : b == '"' || b == '\\' ? 2
                                      : 1;
        }
        ASSERT_EQ(out.size(), expected_size) << c << " " << neighbour << " " << at;
      }
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
