#include "intake/file_source.h"

#include <gtest/gtest.h>

#include <map>

#include "testing/temp_dir.h"

namespace mobilecs::intake {
namespace {

using mobilecs::testing::read_text;
using mobilecs::testing::TempDir;
using mobilecs::testing::write_text;

// Progress as a committer would keep it: what the test commits, by file name.
class MemoryProgressStore final : public ProgressStore {
 public:
  std::string key(std::string_view name) const override { return "p/" + std::string(name); }
  std::optional<files::FileProgress> saved(std::string_view name) override {
    const auto it = committed.find(std::string(name));
    return it == committed.end() ? std::nullopt : std::optional(it->second);
  }
  std::vector<std::string> names() override {
    std::vector<std::string> names;
    for (const auto& [name, p] : committed) names.push_back(name);
    return names;
  }
  void forget(std::string_view name) override { committed.erase(std::string(name)); }

  void commit(const FileProgressByKey& progress) {
    for (const auto& [key, p] : progress) committed[key.substr(2)] = p;
  }
  std::map<std::string, files::FileProgress> committed;
};

using Source = FileSource<IncomingRecordMessageParser>;

const std::string kLine1 = "a;2020-01-02T00:00+01:00[Europe/Warsaw];48917846822;1\n";
const std::string kLine2 = "b;2020-01-03T00:00+01:00[Europe/Warsaw];48917846822;2\n";
const std::string kLine3 = "c;2020-01-04T00:00+01:00[Europe/Warsaw];48917846822;3\n";

class FileSourceTest : public ::testing::Test {
 protected:
  // The importer's layout: a shared folder, this reader's claim folder inside it.
  Source importer_source(const std::string& instance, std::size_t chunk_bytes = 1 << 20) {
    files::Folder shared = files::Folder::open(dir_.path());
    files::Folder processed = shared.subfolder("processed");
    files::Folder claimed = shared.subfolder(".importer-" + instance);
    return Source(FileInputs{.records = {std::move(claimed), std::move(processed), &progress_},
                             .claim_from = std::move(shared),
                             .agreements = std::nullopt},
                  chunk_bytes, std::chrono::milliseconds(10));
  }
  // Polls until the source has nothing more, collecting the keys of the messages read.
  std::vector<std::string> read_all(Source& source, Source::Batch* last_progress = nullptr) {
    std::vector<std::string> values;
    std::stop_source stop;
    for (int polls = 0; polls < 100; ++polls) {
      Source::Batch batch = source.poll(stop.get_token(), std::chrono::steady_clock::now());
      for (const auto& input : batch.inputs) {
        for (const auto& m : input.records) values.push_back(m.value.substr(15, 1));
      }
      for (auto& bad : batch.bad) bad_.push_back(bad);
      if (last_progress != nullptr) {
        for (auto& [k, p] : batch.progress) last_progress->progress[k] = p;
        last_progress->ends_unit |= batch.ends_unit;
      }
      if (source.exhausted()) break;
    }
    return values;
  }

  TempDir dir_;
  MemoryProgressStore progress_;
  std::vector<runtime::BadInput> bad_;
};

TEST_F(FileSourceTest, AReaderClaimsFilesOfTheSharedFolderAndTheOtherReaderSkipsThem) {
  write_text(dir_ / "one.csv", kLine1);
  Source first = importer_source("1");
  Source second = importer_source("2");
  EXPECT_EQ(read_all(first), (std::vector<std::string>{"a"}));
  EXPECT_TRUE(std::filesystem::exists(dir_ / ".importer-1" / "one.csv"));
  EXPECT_EQ(read_all(second), std::vector<std::string>{});
}

TEST_F(FileSourceTest, RewindReadsAgainFromTheCommittedProgress) {
  write_text(dir_ / "one.csv", kLine1 + kLine2 + kLine3);
  Source source = importer_source("1", kLine1.size());
  std::stop_source stop;
  Source::Batch first = source.poll(stop.get_token(), std::chrono::steady_clock::now());
  ASSERT_EQ(first.inputs.at(0).records.size(), 1u);
  progress_.commit(first.progress);  // line 1 committed; what follows is not
  Source::Batch second = source.poll(stop.get_token(), std::chrono::steady_clock::now());
  ASSERT_EQ(second.inputs.at(0).records.at(0).key, "48917846822");
  source.rewind();
  EXPECT_EQ(read_all(source), (std::vector<std::string>{"b", "c"}));
}

TEST_F(FileSourceTest, ALineRefusedDownstreamIsABadLineWithItsReasonWhenReadAgain) {
  write_text(dir_ / "one.csv", kLine1 + kLine2 + kLine3);
  Source source = importer_source("1");
  EXPECT_EQ(read_all(source), (std::vector<std::string>{"a", "b", "c"}));
  // As the importer's committer does when the broker refuses line 2 alone.
  const files::IncomingFile claimed =
      files::list_complete_files(files::Folder::open(dir_ / ".importer-1")).at(0);
  progress_.committed["one.csv"] = files::FileProgress{claimed.identity, 0, 0, 0, {{2, "refused"}}};
  source.rewind();
  Source::Batch progress;
  EXPECT_EQ(read_all(source, &progress), (std::vector<std::string>{"a", "c"}));
  ASSERT_EQ(bad_.size(), 1u);
  EXPECT_EQ(bad_[0].position, 2u);
  EXPECT_EQ(bad_[0].reason, "refused");
  EXPECT_EQ(bad_[0].origin, dir_.path().filename().string() + "/one.csv");

  // Once committed, the file is set aside with the refused line in its report.
  progress_.commit(progress.progress);
  ASSERT_TRUE(progress.ends_unit);
  source.after_commit();
  EXPECT_EQ(read_text(dir_ / "processed" / "one.csv.rejected"), kLine2);
  EXPECT_NE(read_text(dir_ / "processed" / "one.csv.report.txt").find("line 2: refused"),
            std::string::npos);
  EXPECT_TRUE(progress_.committed.empty());
  EXPECT_EQ(source.stats().bad_lines, 1u);
}

TEST_F(FileSourceTest, ProgressOfAFileNoLongerThereIsForgottenAtStart) {
  progress_.committed["gone.csv"] = files::FileProgress{};
  Source source = importer_source("1");
  EXPECT_TRUE(progress_.committed.empty());
}

}  // namespace
}  // namespace mobilecs::intake
