#include "core/time/java_date_text.h"

#include <gtest/gtest.h>

namespace mobilecs::core {
namespace {

TEST(JavaDateText, MatchesDateToStringInUtc) {
  EXPECT_EQ(format_java_date_utc(1578697200000), "Fri Jan 10 23:00:00 UTC 2020");
  EXPECT_EQ(format_java_date_utc(0), "Thu Jan 01 00:00:00 UTC 1970");
  EXPECT_EQ(format_java_date_utc(1582934399999), "Fri Feb 28 23:59:59 UTC 2020");
  EXPECT_EQ(format_java_date_utc(1583020800000), "Sun Mar 01 00:00:00 UTC 2020");
  EXPECT_EQ(format_java_date_utc(-1), "Wed Dec 31 23:59:59 UTC 1969");
}

}  // namespace
}  // namespace mobilecs::core
