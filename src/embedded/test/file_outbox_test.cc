#include "embedded/file_outbox.h"

#include <gtest/gtest.h>

#include "core/processing/byte_codec.h"
#include "testing/temp_dir.h"

namespace mobilecs::embedded {
namespace {

using mobilecs::testing::read_text;
using mobilecs::testing::TempDir;
using mobilecs::testing::write_text;

class FileOutboxTest : public ::testing::Test {
 protected:
  void append_and_commit(FileOutbox& outbox, std::string_view text) {
    rocks::WriteBatch batch = db_->batch();
    outbox.append(batch, text);
    db_->write(batch);
  }
  void reopen() {
    db_.reset();
    db_ = std::make_unique<rocks::Database>(dir_ / "state", rocks::Database::Options{});
  }

  TempDir dir_;
  std::unique_ptr<rocks::Database> db_ =
      std::make_unique<rocks::Database>(dir_ / "state", rocks::Database::Options{});
  std::filesystem::path file_ = dir_ / "out.jsonl";
};

TEST_F(FileOutboxTest, AppendsLinesInOrderAndKeepsThemAcrossARestart) {
  {
    FileOutbox outbox(*db_, 'N', file_, false);
    append_and_commit(outbox, "a\nb\n");
    append_and_commit(outbox, "c\n");
    EXPECT_EQ(read_text(file_), "a\nb\nc\n");
  }
  reopen();
  FileOutbox outbox(*db_, 'N', file_, false);
  append_and_commit(outbox, "d\n");
  EXPECT_EQ(read_text(file_), "a\nb\nc\nd\n");
}

TEST_F(FileOutboxTest, LinesOfABatchThatWasNotWrittenAreCutOffOnRestart) {
  {
    FileOutbox outbox(*db_, 'N', file_, false);
    append_and_commit(outbox, "a\n");
    rocks::WriteBatch batch = db_->batch();
    outbox.append(batch, "b\nc\n");
    EXPECT_EQ(read_text(file_), "a\nb\nc\n");
    // the process dies before the batch is written: its step is processed again
  }
  reopen();
  FileOutbox outbox(*db_, 'N', file_, false);
  EXPECT_EQ(read_text(file_), "a\n");
  append_and_commit(outbox, "b\nc\n");
  EXPECT_EQ(read_text(file_), "a\nb\nc\n");
}

TEST_F(FileOutboxTest, ATornLineIsCutOff) {
  {
    FileOutbox outbox(*db_, 'N', file_, false);
    append_and_commit(outbox, "first\n");
    write_text(file_, "first\nsec");  // died in the middle of the next step's write
  }
  reopen();
  FileOutbox outbox(*db_, 'N', file_, false);
  EXPECT_EQ(read_text(file_), "first\n");
}

TEST_F(FileOutboxTest, ARotatedFileIsAppendedFromItsNewEnd) {
  {
    FileOutbox outbox(*db_, 'N', file_, false);
    append_and_commit(outbox, "a\nb\n");
  }
  write_text(file_, "");  // rotated (copied and truncated) while mobilecs was down
  reopen();
  FileOutbox outbox(*db_, 'N', file_, false);
  append_and_commit(outbox, "c\n");
  EXPECT_EQ(read_text(file_), "c\n");
  reopen();
  FileOutbox again(*db_, 'N', file_, false);
  EXPECT_EQ(read_text(file_), "c\n");
}

TEST_F(FileOutboxTest, AStepCutShortAfterARotationIsCutOffToo) {
  {
    FileOutbox outbox(*db_, 'N', file_, false);
    append_and_commit(outbox, "a\nb\nc\n");
  }
  write_text(file_, "");  // rotated while mobilecs was down
  reopen();
  {
    FileOutbox outbox(*db_, 'N', file_, false);
    rocks::WriteBatch batch = db_->batch();
    outbox.append(batch, "d\n");
    // the process dies before the batch is written
  }
  reopen();
  FileOutbox outbox(*db_, 'N', file_, false);
  EXPECT_EQ(read_text(file_), "");
}

TEST_F(FileOutboxTest, ChannelsAreIndependent) {
  FileOutbox a(*db_, 'N', file_, false);
  FileOutbox b(*db_, 'L', dir_ / "late.jsonl", false);
  rocks::WriteBatch batch = db_->batch();
  a.append(batch, "n1\n");
  b.append(batch, "l1\n");
  db_->write(batch);
  EXPECT_EQ(read_text(file_), "n1\n");
  EXPECT_EQ(read_text(dir_ / "late.jsonl"), "l1\n");
}

// A data folder of the mobilecs that kept each line in RocksDB until it was written: "a" was
// written and marked, "b" and "c" committed, and "b" half written when it died.
TEST_F(FileOutboxTest, LinesTheEarlierLayoutCommittedButDidNotWriteAreWrittenOnce) {
  {
    rocks::WriteBatch batch = db_->batch();
    const auto entry = [](std::uint64_t seq) {
      std::string key(1, 'N');
      core::ByteWriter(key).integer<std::uint64_t>(seq);
      return key;
    };
    batch.put(rocks::Family::kOutbox, entry(2), "b");
    batch.put(rocks::Family::kOutbox, entry(3), "c");
    std::string mark;
    core::ByteWriter(mark).integer<std::uint64_t>(1).integer<std::uint64_t>(2);
    batch.put(rocks::Family::kMeta, "outbox/N", mark);
    db_->write(batch);
    write_text(file_, "a\nb");
  }
  {
    FileOutbox outbox(*db_, 'N', file_, false);
    EXPECT_EQ(read_text(file_), "a\nb\nc\n");
  }
  reopen();
  FileOutbox outbox(*db_, 'N', file_, false);
  append_and_commit(outbox, "d\n");
  EXPECT_EQ(read_text(file_), "a\nb\nc\nd\n");
}

// The earlier layout before its first mark: every line in the file is also a committed entry.
TEST_F(FileOutboxTest, LinesTheEarlierLayoutWroteBeforeItsFirstMarkAreNotWrittenTwice) {
  {
    rocks::WriteBatch batch = db_->batch();
    std::string key(1, 'N');
    core::ByteWriter(key).integer<std::uint64_t>(1);
    batch.put(rocks::Family::kOutbox, key, "a");
    db_->write(batch);
    write_text(file_, "a\n");
  }
  FileOutbox outbox(*db_, 'N', file_, false);
  EXPECT_EQ(read_text(file_), "a\n");
}

}  // namespace
}  // namespace mobilecs::embedded
