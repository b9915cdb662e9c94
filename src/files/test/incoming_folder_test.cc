#include "files/incoming_folder.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace mobilecs::files {
namespace {

using mobilecs::testing::TempDir;
using mobilecs::testing::write_text;

void set_mtime(const std::filesystem::path& p, int seconds) {
  std::filesystem::last_write_time(
      p, std::filesystem::file_time_type(
             std::chrono::seconds(seconds) +
             std::filesystem::file_time_type::clock::now().time_since_epoch()));
}

TEST(IncomingFolder, ListsCompleteFilesOnly) {
  TempDir dir;
  write_text(dir / "idr_000.csv", "x");
  write_text(dir / "tmp_idr_001.csv", "x");
  write_text(dir / ".hidden", "x");
  write_text(dir / "_partial", "x");
  std::filesystem::create_directories(dir / "processed");
  const auto files = list_complete_files(dir.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].name, "idr_000.csv");
  EXPECT_EQ(files[0].identity.size, 1u);
}

TEST(IncomingFolder, OrdersByModificationTimeThenName) {
  TempDir dir;
  for (const char* name : {"c", "a", "b"}) write_text(dir / name, name);
  set_mtime(dir / "c", -100);
  set_mtime(dir / "a", -50);
  set_mtime(dir / "b", -50);
  std::filesystem::last_write_time(dir / "b", std::filesystem::last_write_time(dir / "a"));
  const auto files = list_complete_files(dir.path());
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].name, "c");
  EXPECT_EQ(files[1].name, "a");
  EXPECT_EQ(files[2].name, "b");
}

TEST(IncomingFolder, AMissingFolderIsEmpty) {
  EXPECT_TRUE(list_complete_files("/nonexistent/mobilecs").empty());
}

TEST(IncomingFolder, MoveAsideNeverOverwrites) {
  TempDir dir;
  write_text(dir / "f.csv", "one");
  const auto first = move_aside(dir / "f.csv", dir / "processed");
  write_text(dir / "f.csv", "two");
  const auto second = move_aside(dir / "f.csv", dir / "processed");
  EXPECT_EQ(first.filename(), "f.csv");
  EXPECT_EQ(second.filename(), "f.csv.1");
  EXPECT_EQ(mobilecs::testing::read_text(first), "one");
  EXPECT_EQ(mobilecs::testing::read_text(second), "two");
}

}  // namespace
}  // namespace mobilecs::files
