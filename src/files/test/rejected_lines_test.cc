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
  const Folder in = Folder::open(dir / "in");
  const auto files = list_complete_files(in);
  ASSERT_EQ(files.size(), 1u);
  const auto moved =
      set_aside_processed_file(in, files[0], 2, in.subfolder("processed"), kDigitsOnly);
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
  const Folder in = Folder::open(dir / "in");
  const auto files = list_complete_files(in);
  set_aside_processed_file(in, files[0], 0, in.subfolder("processed"), kDigitsOnly);
  EXPECT_TRUE(std::filesystem::exists(dir / "in" / "processed" / "f.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir / "in" / "processed" / "f.csv.report.txt"));
}

// Whoever may write into the incoming folder plants links where mobilecs writes its reports
// and temporary files: none is written through, the files they point at stay as they were.
TEST(RejectedLines, LinksPlantedAtTheOutputNamesAreNotWrittenThrough) {
  TempDir dir;
  write_text(dir / "victim", "keep me\n");
  write_text(dir / "in" / "f.csv", "12\nab\n");
  std::filesystem::create_directories(dir / "in" / "processed");
  for (const char* name : {"f.csv.rejected", "f.csv.report.txt", ".tmp-f.csv.rejected",
                           ".tmp-f.csv.report.txt", "f.csv"}) {
    std::filesystem::create_symlink(dir / "victim", dir / "in" / "processed" / name);
  }
  const Folder in = Folder::open(dir / "in");
  const auto files = list_complete_files(in);
  ASSERT_EQ(files.size(), 1u);
  set_aside_processed_file(in, files[0], 1, in.subfolder("processed"), kDigitsOnly);
  EXPECT_EQ(read_text(dir / "victim"), "keep me\n");
  EXPECT_EQ(read_text(dir / "in" / "processed" / "f.csv.rejected"), "ab\n");
  EXPECT_FALSE(std::filesystem::is_symlink(dir / "in" / "processed" / "f.csv.rejected"));
  // The input went under a free name rather than replace what was there.
  EXPECT_EQ(read_text(dir / "in" / "processed" / "f.csv.1"), "12\nab\n");
}

TEST(RejectedLines, AFileRefusedWholeIsMovedUnreadWithAReport) {
  TempDir dir;
  write_text(dir / "outside", "12\n");
  std::filesystem::create_directories(dir / "in");
  std::filesystem::create_symlink(dir / "outside", dir / "in" / "l\nforged.csv");
  const Folder in = Folder::open(dir / "in");
  const auto files = list_complete_files(in);
  ASSERT_EQ(files.size(), 1u);
  ASSERT_FALSE(files[0].refusal.empty());
  set_aside_processed_file(in, files[0], 1, in.subfolder("processed"), kDigitsOnly);
  EXPECT_TRUE(std::filesystem::is_symlink(dir / "in" / "processed" / "l\nforged.csv"));
  EXPECT_EQ(read_text(dir / "in" / "processed" / "l\nforged.csv.report.txt"),
            "l\\nforged.csv: not imported: a symbolic link: not followed, set aside unread\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "in" / "processed" / "l\nforged.csv.rejected"));
}

TEST(RejectedLines, AProcessedFolderThatIsALinkIsRefused) {
  TempDir dir;
  std::filesystem::create_directories(dir / "elsewhere");
  std::filesystem::create_directories(dir / "in");
  std::filesystem::create_symlink(dir / "elsewhere", dir / "in" / "processed");
  const Folder in = Folder::open(dir / "in");
  try {
    in.subfolder("processed");
    FAIL() << "a linked processed/ was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("is a symbolic link"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--allow-symlinked-folders"), std::string::npos);
  }
  EXPECT_NO_THROW(Folder::open(dir / "in", FolderLinks::kFollow).subfolder("processed"));
}

}  // namespace
}  // namespace mobilecs::files
