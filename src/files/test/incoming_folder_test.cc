#include "files/incoming_folder.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>

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
  const auto files = list_complete_files(Folder::open(dir.path()));
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
  const auto files = list_complete_files(Folder::open(dir.path()));
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].name, "c");
  EXPECT_EQ(files[1].name, "a");
  EXPECT_EQ(files[2].name, "b");
}

TEST(IncomingFolder, AMissingFolderIsCreatedEmpty) {
  TempDir dir;
  EXPECT_TRUE(list_complete_files(Folder::open(dir / "a" / "b")).empty());
  EXPECT_TRUE(std::filesystem::is_directory(dir / "a" / "b"));
}

TEST(IncomingFolder, LinksAndFifosAreListedRefusedNotFollowed) {
  TempDir dir;
  write_text(dir / "outside.csv", "x");
  std::filesystem::create_directories(dir / "in");
  std::filesystem::create_symlink(dir / "outside.csv", dir / "in" / "link.csv");
  ASSERT_EQ(::mkfifo((dir / "in" / "fifo.csv").c_str(), 0600), 0);
  write_text(dir / "in" / "plain.csv", "x");
  auto files = list_complete_files(Folder::open(dir / "in"));
  std::sort(files.begin(), files.end(), [](auto& a, auto& b) { return a.name < b.name; });
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].name, "fifo.csv");
  EXPECT_NE(files[0].refusal.find("not a regular file"), std::string::npos);
  EXPECT_EQ(files[1].name, "link.csv");
  EXPECT_NE(files[1].refusal.find("symbolic link"), std::string::npos);
  EXPECT_EQ(files[2].name, "plain.csv");
  EXPECT_EQ(files[2].refusal, "");
}

TEST(IncomingFolder, MoveAsideNeverOverwrites) {
  TempDir dir;
  const Folder in = Folder::open(dir.path());
  const Folder processed = in.subfolder("processed");
  write_text(dir / "f.csv", "one");
  const auto first = move_aside(in, "f.csv", processed);
  write_text(dir / "f.csv", "two");
  const auto second = move_aside(in, "f.csv", processed);
  EXPECT_EQ(first.filename(), "f.csv");
  EXPECT_EQ(second.filename(), "f.csv.1");
  EXPECT_EQ(mobilecs::testing::read_text(first), "one");
  EXPECT_EQ(mobilecs::testing::read_text(second), "two");
}

}  // namespace
}  // namespace mobilecs::files
