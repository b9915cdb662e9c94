#include "api/data_usage_text.h"

#include <gtest/gtest.h>

#include <limits>

namespace mobilecs::api {
namespace {

TEST(DataUsageText, TheSpecExampleTotalInEachUnit) {
  // 5697948758 B = 5564403.08 KB = 5433.99 MB = 5.31 GB
  EXPECT_EQ(data_usage_text(5697948758), "5697948758 B\n5564403 KB\n5434 MB\n5 GB");
}

TEST(DataUsageText, HalvesRoundUpAndJustBelowHalfRoundsDown) {
  EXPECT_EQ(data_usage_text(512), "512 B\n1 KB\n0 MB\n0 GB");
  EXPECT_EQ(data_usage_text(511), "511 B\n0 KB\n0 MB\n0 GB");
  EXPECT_EQ(data_usage_text((1LL << 29) - 1), "536870911 B\n524288 KB\n512 MB\n0 GB");
  EXPECT_EQ(data_usage_text(1LL << 29), "536870912 B\n524288 KB\n512 MB\n1 GB");
}

TEST(DataUsageText, ZeroAndTheLargestTotalDoNotOverflow) {
  EXPECT_EQ(data_usage_text(0), "0 B\n0 KB\n0 MB\n0 GB");
  EXPECT_EQ(data_usage_text(std::numeric_limits<std::int64_t>::max()),
            "9223372036854775807 B\n9007199254740992 KB\n8796093022208 MB\n8589934592 GB");
}

}  // namespace
}  // namespace mobilecs::api
