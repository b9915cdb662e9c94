#include "core/model/msisdn.h"

#include <gtest/gtest.h>

#include "core/model/incoming_data_record.h"

namespace mobilecs::core {
namespace {

TEST(MsisdnKey, RoundTripsAndKeepsLeadingZerosDistinct) {
  EXPECT_EQ(MsisdnKey::parse("48917846822")->to_string(), "48917846822");
  EXPECT_EQ(MsisdnKey::parse("048")->to_string(), "048");
  EXPECT_NE(*MsisdnKey::parse("048"), *MsisdnKey::parse("48"));
  EXPECT_EQ(MsisdnKey::parse("999999999999999")->to_string(), "999999999999999");
}

TEST(MsisdnKey, AcceptsOnlyOneToFifteenDigits) {
  EXPECT_FALSE(MsisdnKey::parse(""));
  EXPECT_FALSE(MsisdnKey::parse("1234567890123456"));
  EXPECT_FALSE(MsisdnKey::parse("+48123"));
  EXPECT_FALSE(MsisdnKey::parse("48 123"));
}

TEST(InternalId, IsTheExternalIdWhenThatIsAUuid) {
  EXPECT_EQ(internal_id_for("8AAE90A1-C2E7-33E5-9FAB-F8F3E1900906", "48917846822").to_string(),
            "8aae90a1-c2e7-33e5-9fab-f8f3e1900906");
}

TEST(InternalId, IsADeterministicV5UuidOfExternalIdAndMsisdnOtherwise) {
  const Uuid a = internal_id_for("cdr-17", "48917846822");
  EXPECT_EQ(a, internal_id_for("cdr-17", "48917846822"));
  EXPECT_NE(a, internal_id_for("cdr-17", "48917846823"));
  EXPECT_NE(a, internal_id_for("cdr-18", "48917846822"));
  EXPECT_EQ(a.bytes[6] >> 4, 5);
  EXPECT_EQ(a.bytes[8] & 0xc0, 0x80);
}

}  // namespace
}  // namespace mobilecs::core
