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
