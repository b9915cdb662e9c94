#include "files/last_lines.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace mobilecs::files {
namespace {

using testing::TempDir;
using testing::write_text;

TEST(LastLines, ReadsTheEndOfAFileWholeLinesOnly) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 100'000; ++i) text += "line " + std::to_string(i) + "\n";
  write_text(dir / "big", text + "torn");
  const auto lines = last_lines(dir / "big", 3);
  EXPECT_EQ(lines, (std::vector<std::string>{"line 99997", "line 99998", "line 99999"}));
  EXPECT_EQ(last_lines(dir / "big", 100'000).size(), 100'000u);
  EXPECT_EQ(last_lines(dir / "big", 100'000).front(), "line 0");
  const auto some = last_lines(dir / "big", 20'000);  // ends inside a block: its cut line goes
  ASSERT_EQ(some.size(), 20'000u);
  EXPECT_EQ(some.front(), "line 80000");
  EXPECT_EQ(some.back(), "line 99999");
  write_text(dir / "small", "a\nb\n");
  EXPECT_EQ(last_lines(dir / "small", 10), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(last_lines(dir / "missing", 10).empty());
}

}  // namespace
}  // namespace mobilecs::files
