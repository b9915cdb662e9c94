#include "files/rejected_lines.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace mobilecs::files {
namespace {

using mobilecs::testing::read_text;
using mobilecs::testing::TempDir;
using mobilecs::testing::write_text;

const LineCheck kDigitsOnly = [](std::string_view line, std::string& reason) {
  if (line.find_first_not_of("0123456789") == std::string_view::npos) return true;
  reason = "not digits: " + std::string(line);
  return false;
};

TEST(RejectedLines, AFileWithBadLinesLeavesTheLinesAndAReportNextToIt) {
  TempDir dir;
  write_text(dir / "in" / "f.csv", "12\nab\n\n34\nc d\n");
  const auto files = list_complete_files(dir / "in");
  ASSERT_EQ(files.size(), 1u);
  const auto moved = set_aside_processed_file(files[0], 2, dir / "in" / "processed", kDigitsOnly);
  EXPECT_EQ(moved, dir / "in" / "processed" / "f.csv");
  EXPECT_FALSE(std::filesystem::exists(dir / "in" / "f.csv"));
  EXPECT_EQ(read_text(dir / "in" / "processed" / "f.csv.rejected"), "ab\nc d\n");
  EXPECT_EQ(read_text(dir / "in" / "processed" / "f.csv.report.txt"),
            "f.csv: 2 bad line(s), set aside verbatim in f.csv.rejected\n"
            "line 2: not digits: ab\n"
            "line 5: not digits: c d\n");
}

TEST(RejectedLines, AGoodFileIsOnlyMoved) {
  TempDir dir;
  write_text(dir / "in" / "f.csv", "12\n");
  const auto files = list_complete_files(dir / "in");
  set_aside_processed_file(files[0], 0, dir / "in" / "processed", kDigitsOnly);
  EXPECT_TRUE(std::filesystem::exists(dir / "in" / "processed" / "f.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir / "in" / "processed" / "f.csv.report.txt"));
}

}  // namespace
}  // namespace mobilecs::files
