// `mobilecs run` on a disk that fills up: a clear error naming the path and the cause, a
// non-zero exit and no abort; a restart while still full says the same; once space is freed, a
// restart finishes exactly as a run that never ran out. The data folder is a small tmpfs of the
// test's own (mounting it needs root).
#include <gtest/gtest.h>

#include "testing/process.h"
#include "testing/stored_records.h"
#include "testing/temp_dir.h"

namespace mobilecs::testing {
namespace {

const std::string kBinary = MOBILECS_BINARY;

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    small_ = dir_ / "small";
    std::filesystem::create_directories(small_);
    if (!mount("-t tmpfs -o size=20m tmpfs")) {
      GTEST_SKIP() << "cannot mount a tmpfs here (needs root): the disk-full case is not tested";
    }
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) std::system(("umount " + small_.string()).c_str());
  }
  bool mount(const std::string& options) {
    return std::system(("mount " + options + " " + small_.string() + " 2>/dev/null").c_str()) == 0;
  }
  void generate(const std::filesystem::path& data) {
    ASSERT_EQ(run({kBinary, "generate", "agreements", "--count", "1000", "--dir",
                   (data / "agreements").string()},
                  (dir_ / "gen-a").string())
                  .exit_code,
              0);
    ASSERT_EQ(run({kBinary, "generate", "incoming-data-records", "--subscribers", "1000",
                   "--months", "4", "--dir", (data / "incoming-data-records").string()},
                  (dir_ / "gen-r").string())
                  .exit_code,
              0);
  }
  Result run_until_idle(const std::filesystem::path& data, const std::string& log) {
    return run({kBinary, "run", "--until-idle", "--data-dir", data.string()},
               (dir_ / log).string());
  }

  TempDir dir_;
  std::filesystem::path small_;
  bool mounted_ = false;
};

TEST_F(DiskFullTest, AFullDiskIsAClearErrorAndARestartAfterFreeingSpaceFinishesExactly) {
  // Generated twice rather than copied: files are imported in the order they were written.
  const auto calm = dir_ / "calm";
  generate(calm);
  const auto data = small_ / "data";
  generate(data);
  ASSERT_EQ(run_until_idle(calm, "calm").exit_code, 0);

  for (const char* attempt : {"full", "still-full"}) {
    const Result r = run_until_idle(data, attempt);
    EXPECT_EQ(r.exit_code, 1) << attempt << ": " << r.err;  // not 134 (SIGABRT)
    EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("free space on the disk holding " + data.string()), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("everything committed so far is kept"), std::string::npos) << r.err;
  }

  ASSERT_TRUE(mount("-o remount,size=400m tmpfs"));
  const Result resumed = run_until_idle(data, "resumed");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const std::string expected = read_text(calm / "data-records-aggregates.jsonl");
  const std::string actual = read_text(data / "data-records-aggregates.jsonl");
  EXPECT_GT(std::count(expected.begin(), expected.end(), '\n'), 7000);
  EXPECT_TRUE(actual == expected) << std::count(actual.begin(), actual.end(), '\n')
                                  << " notifications, expected "
                                  << std::count(expected.begin(), expected.end(), '\n');
  EXPECT_TRUE(stored_records(data) == stored_records(calm));
}

}  // namespace
}  // namespace mobilecs::testing
