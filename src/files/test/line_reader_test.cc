#include "files/line_reader.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace mobilecs::files {
namespace {

using mobilecs::testing::TempDir;
using mobilecs::testing::write_text;

struct Read {
  std::string text;
  std::uint64_t number;
  bool too_long;
  friend bool operator==(const Read&, const Read&) = default;
};

std::vector<Read> read_all(const std::filesystem::path& path, std::uint64_t offset = 0,
                           std::uint64_t lines_before = 0, std::size_t chunk = 1 << 20) {
  LineReader reader(Folder::open(path.parent_path()), path.filename().string(), offset,
                    lines_before, chunk);
  std::vector<Read> result;
  std::vector<LineReader::Line> lines;
  while (reader.next(lines)) {
    for (const auto& l : lines) result.push_back(Read{std::string(l.text), l.number, l.too_long});
  }
  return result;
}

TEST(LineReader, ReadsLinesWithAnyLineEndAndALastLineWithout) {
  TempDir dir;
  write_text(dir / "f", "a\nb\r\n\nlast");
  EXPECT_EQ(
      read_all(dir / "f"),
      (std::vector<Read>{{"a", 1, false}, {"b", 2, false}, {"", 3, false}, {"last", 4, false}}));
}

TEST(LineReader, AnEmptyFileHasNoLines) {
  TempDir dir;
  write_text(dir / "f", "");
  EXPECT_TRUE(read_all(dir / "f").empty());
}

TEST(LineReader, TinyChunksReadTheSameLines) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 200; ++i) text += "line " + std::to_string(i) + "\n";
  write_text(dir / "f", text);
  EXPECT_EQ(read_all(dir / "f", 0, 0, 7), read_all(dir / "f"));
  EXPECT_EQ(read_all(dir / "f").size(), 200u);
}

TEST(LineReader, ResumesAtTheOffsetItReported) {
  TempDir dir;
  write_text(dir / "f", "one\ntwo\nthree\n");
  const Folder folder = Folder::open(dir.path());
  LineReader reader(folder, "f", 0, 0, 4);
  std::vector<LineReader::Line> lines;
  ASSERT_TRUE(reader.next(lines));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(reader.offset(), 4u);
  EXPECT_EQ(reader.line_number(), 1u);
  EXPECT_EQ(read_all(dir / "f", reader.offset(), reader.line_number()),
            (std::vector<Read>{{"two", 2, false}, {"three", 3, false}}));
}

TEST(LineReader, AHugeLineIsReportedWithoutBeingHeldInMemory) {
  TempDir dir;
  const std::string huge(3 * LineReader::kMaxLineLength + 5, 'x');
  write_text(dir / "f", "before\n" + huge + "\nafter\n" + huge);
  const auto lines = read_all(dir / "f", 0, 0, 4096);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], (Read{"before", 1, false}));
  EXPECT_TRUE(lines[1].too_long);
  EXPECT_EQ(lines[1].text.size(), LineReader::kTooLongPrefix);
  EXPECT_EQ(lines[1].number, 2u);
  EXPECT_EQ(lines[2], (Read{"after", 3, false}));
  EXPECT_TRUE(lines[3].too_long);
  EXPECT_EQ(lines[3].number, 4u);
}

TEST(LineReader, ReportsAMissingFile) {
  TempDir dir;
  EXPECT_THROW(LineReader(Folder::open(dir.path()), "missing", 0, 0),
               std::filesystem::filesystem_error);
}

TEST(LineReader, DoesNotReadThroughASymbolicLink) {
  TempDir dir;
  write_text(dir / "outside", "secret\n");
  std::filesystem::create_directories(dir / "in");
  std::filesystem::create_symlink(dir / "outside", dir / "in" / "f");
  EXPECT_THROW(LineReader(Folder::open(dir / "in"), "f", 0, 0), std::filesystem::filesystem_error);
}

}  // namespace
}  // namespace mobilecs::files
