#include "files/printable.h"

#include <gtest/gtest.h>

namespace mobilecs::files {
namespace {

TEST(Printable, EscapesControlCharacters) {
  EXPECT_EQ(printable("idr.csv"), "idr.csv");
  EXPECT_EQ(printable("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(printable(std::string("x\x1b[31my\x7f", 8)), "x\\x1b[31my\\x7f");
  EXPECT_EQ(printable("naïve"), "naïve");  // UTF-8 is left as it is
}

TEST(Printable, SaysWhetherAnythingNeedsEscaping) {
  EXPECT_FALSE(has_control_characters("plain name.csv"));
  EXPECT_TRUE(has_control_characters("forged\n2026-01-01 info all good"));
}

}  // namespace
}  // namespace mobilecs::files
