#include "files/folder.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files/atomic_file_writer.h"
#include "testing/temp_dir.h"

namespace mobilecs::files {
namespace {

using mobilecs::testing::read_text;
using mobilecs::testing::TempDir;
using mobilecs::testing::write_text;

TEST(Folder, AFolderThatIsALinkIsRefusedUnlessAllowed) {
  TempDir dir;
  std::filesystem::create_directories(dir / "real");
  std::filesystem::create_symlink(dir / "real", dir / "link");
  try {
    Folder::open(dir / "link");
    FAIL() << "a linked folder was accepted";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("is a symbolic link (to "), std::string::npos) << what;
    EXPECT_NE(what.find("--allow-symlinked-folders"), std::string::npos) << what;
  }
  write_text(dir / "real" / "f", "through the link");
  const Folder followed = Folder::open(dir / "link", FolderLinks::kFollow);
  EXPECT_TRUE(followed.contains("f"));
}

TEST(Folder, OpensRegularFilesOnly) {
  TempDir dir;
  write_text(dir / "f", "x");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  std::filesystem::create_symlink(dir / "f", dir / "link");
  const Folder folder = Folder::open(dir.path());
  EXPECT_TRUE(folder.open_for_reading("f").valid());
  // A FIFO would block a plain open until a writer came: it is refused at once.
  EXPECT_THROW(folder.open_for_reading("fifo"), std::filesystem::filesystem_error);
  EXPECT_THROW(folder.open_for_reading("link"), std::filesystem::filesystem_error);
}

TEST(Folder, AppendingDoesNotFollowALink) {
  TempDir dir;
  write_text(dir / "victim", "keep");
  std::filesystem::create_symlink(dir / "victim", dir / "out.jsonl");
  const Folder folder = Folder::open(dir.path());
  EXPECT_THROW(folder.open_for_appending("out.jsonl"), std::filesystem::filesystem_error);
  EXPECT_EQ(read_text(dir / "victim"), "keep");
}

TEST(Folder, TemporaryFilesAreFreshAndHidden) {
  TempDir dir;
  const Folder folder = Folder::open(dir.path());
  auto [fd1, name1] = folder.create_temporary("a.csv");
  auto [fd2, name2] = folder.create_temporary("a.csv");
  EXPECT_NE(name1, name2);
  EXPECT_TRUE(name1.starts_with(".tmp-a.csv-")) << name1;
}

TEST(Folder, AnUncommittedWriterLeavesNothing) {
  TempDir dir;
  const Folder folder = Folder::open(dir.path());
  {
    AtomicFileWriter writer(folder, "f");
    writer.append("half");
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  {
    AtomicFileWriter writer(folder, "f");
    writer.append("whole");
    writer.commit();
  }
  EXPECT_EQ(read_text(dir / "f"), "whole");
}

TEST(Folder, RenameIfFreeDoesNotReplace) {
  TempDir dir;
  write_text(dir / "a", "a");
  write_text(dir / "b", "b");
  const Folder folder = Folder::open(dir.path());
  EXPECT_FALSE(folder.rename_if_free("a", folder, "b"));
  EXPECT_EQ(read_text(dir / "b"), "b");
  EXPECT_TRUE(folder.rename_if_free("a", folder, "c"));
  EXPECT_EQ(read_text(dir / "c"), "a");
}

}  // namespace
}  // namespace mobilecs::files
