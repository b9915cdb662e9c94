#include "core/ids/uuid.h"

#include <gtest/gtest.h>

namespace mobilecs::core {
namespace {

TEST(Uuid, ParsesAndFormatsTheCanonicalForm) {
  const auto u = Uuid::parse("0B12C601-9287-3f5c-a78c-df508fe0f889");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->to_string(), "0b12c601-9287-3f5c-a78c-df508fe0f889");
  EXPECT_EQ(u->bytes[0], 0x0b);
  EXPECT_EQ(u->bytes[15], 0x89);
}

TEST(Uuid, EqualOnlyWhenEveryByteIs) {
  const Uuid a = *Uuid::parse("0b12c601-9287-3f5c-a78c-df508fe0f889");
  EXPECT_EQ(a, a);
  for (std::size_t at = 0; at < 16; ++at) {
    Uuid b = a;
    b.bytes[at] ^= 0x80;
    EXPECT_NE(a, b) << "byte " << at;
    EXPECT_NE(b, a) << "byte " << at;
  }
}

TEST(Uuid, RejectsOtherForms) {
  EXPECT_FALSE(Uuid::parse(""));
  EXPECT_FALSE(Uuid::parse("0b12c60192873f5ca78cdf508fe0f889"));
  EXPECT_FALSE(Uuid::parse("0b12c601-9287-3f5c-a78c-df508fe0f88"));
  EXPECT_FALSE(Uuid::parse("0b12c601-9287-3f5c-a78c-df508fe0f8899"));
  EXPECT_FALSE(Uuid::parse("0b12c601-9287-3f5c-a78c+df508fe0f889"));
  EXPECT_FALSE(Uuid::parse("0b12c601-9287-3f5c-a78c-df508fe0f88g"));
  EXPECT_FALSE(Uuid::parse("-b12c6019-287-3f5c-a78c-df508fe0f889"));
}

TEST(Uuid, NameUuidFromBytesIsMd5Version3) {
  // UUID.nameUUIDFromBytes(new byte[0]): MD5("") = d41d8cd98f00b204e9800998ecf8427e.
  EXPECT_EQ(name_uuid_v3("").to_string(), "d41d8cd9-8f00-3204-a980-0998ecf8427e");
}

TEST(Uuid, NameUuidV5MatchesRfc4122) {
  const Uuid dns = *Uuid::parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  EXPECT_EQ(name_uuid_v5(dns, "python.org").to_string(), "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

}  // namespace
}  // namespace mobilecs::core
