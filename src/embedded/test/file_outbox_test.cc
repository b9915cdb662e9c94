#include "embedded/file_outbox.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace mobilecs::embedded {
namespace {

using mobilecs::testing::read_text;
using mobilecs::testing::TempDir;
using mobilecs::testing::write_text;

class FileOutboxTest : public ::testing::Test {
 protected:
  FileOutbox::StagedLines stage_and_commit(FileOutbox& outbox, std::vector<std::string> lines) {
    rocks::WriteBatch batch = db_->batch();
    auto staged = outbox.stage(batch, std::move(lines));
    db_->write(batch);
    return staged;
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

TEST_F(FileOutboxTest, DeliversCommittedLinesInOrder) {
  FileOutbox outbox(*db_, 'N', file_, false);
  outbox.deliver(stage_and_commit(outbox, {"a", "b"}));
  outbox.deliver(stage_and_commit(outbox, {"c"}));
  EXPECT_EQ(read_text(file_), "a\nb\nc\n");
}

TEST_F(FileOutboxTest, LinesCommittedButNotWrittenAreWrittenAfterARestart) {
  {
    FileOutbox outbox(*db_, 'N', file_, false);
    stage_and_commit(outbox, {"a", "b"});
    // the process dies here
  }
  reopen();
  FileOutbox outbox(*db_, 'N', file_, false);
  outbox.deliver();
  EXPECT_EQ(read_text(file_), "a\nb\n");
  reopen();
  FileOutbox again(*db_, 'N', file_, false);
  again.deliver();
  EXPECT_EQ(read_text(file_), "a\nb\n");
}

TEST_F(FileOutboxTest, LinesWrittenButNotMarkedAreNotWrittenTwice) {
  {
    FileOutbox outbox(*db_, 'N', file_, false);
    outbox.deliver(stage_and_commit(outbox, {"a"}));
    stage_and_commit(outbox, {"b", "c"});
    write_text(file_, "a\nb\nc\n");  // appended, then the process died before marking them
  }
  reopen();
  FileOutbox outbox(*db_, 'N', file_, false);
  outbox.deliver();
  EXPECT_EQ(read_text(file_), "a\nb\nc\n");
  outbox.deliver(stage_and_commit(outbox, {"d"}));
  EXPECT_EQ(read_text(file_), "a\nb\nc\nd\n");
}

TEST_F(FileOutboxTest, ATornLastLineIsCutOffAndWrittenWhole) {
  {
    FileOutbox outbox(*db_, 'N', file_, false);
    stage_and_commit(outbox, {"first", "second"});
    write_text(file_, "first\nsec");  // died in the middle of the write
  }
  reopen();
  FileOutbox outbox(*db_, 'N', file_, false);
  outbox.deliver();
  EXPECT_EQ(read_text(file_), "first\nsecond\n");
}

TEST_F(FileOutboxTest, ATornLineSurvivesASecondCrashBeforeItIsWritten) {
  {
    FileOutbox outbox(*db_, 'N', file_, false);
    stage_and_commit(outbox, {"first", "second", "third"});
    write_text(file_, "first\nsec");
  }
  reopen();
  { FileOutbox recovered(*db_, 'N', file_, false); }  // died again before delivering
  reopen();
  FileOutbox outbox(*db_, 'N', file_, false);
  outbox.deliver();
  EXPECT_EQ(read_text(file_), "first\nsecond\nthird\n");
  outbox.deliver(stage_and_commit(outbox, {"fourth"}));
  EXPECT_EQ(read_text(file_), "first\nsecond\nthird\nfourth\n");
}

TEST_F(FileOutboxTest, ALineIsWrittenOnlyWithTheBatchItWasStagedInto) {
  {
    FileOutbox outbox(*db_, 'N', file_, false);
    rocks::WriteBatch first = db_->batch();
    auto first_lines = outbox.stage(first, {"a"});
    rocks::WriteBatch second = db_->batch();  // built while the first is being written
    auto second_lines = outbox.stage(second, {"b"});
    db_->write(first);
    outbox.deliver(std::move(first_lines));
    EXPECT_EQ(read_text(file_), "a\n");
    // the process dies before the second batch is written
  }
  reopen();
  FileOutbox outbox(*db_, 'N', file_, false);
  outbox.deliver(stage_and_commit(outbox, {"c"}));
  EXPECT_EQ(read_text(file_), "a\nc\n");
}

TEST_F(FileOutboxTest, ChannelsAreIndependent) {
  FileOutbox a(*db_, 'N', file_, false);
  FileOutbox b(*db_, 'L', dir_ / "late.jsonl", false);
  auto n = stage_and_commit(a, {"n1"});
  auto l = stage_and_commit(b, {"l1"});
  a.deliver(std::move(n));
  b.deliver(std::move(l));
  EXPECT_EQ(read_text(file_), "n1\n");
  EXPECT_EQ(read_text(dir_ / "late.jsonl"), "l1\n");
}

}  // namespace
}  // namespace mobilecs::embedded
