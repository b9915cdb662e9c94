// The file drop as whoever may write into the incoming folders would turn it against the host:
// links, FIFOs, names that forge log lines, files mobilecs may not read. `mobilecs run` must
// read and write nothing outside its data folder and still process the good files beside them.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "testing/process.h"
#include "testing/temp_dir.h"

namespace mobilecs::testing {
namespace {

namespace fs = std::filesystem;
const std::string kBinary = MOBILECS_BINARY;

// A record of the reference subscriber, valid: imported if a link to it were followed.
constexpr const char* kRecordLine =
    "11111111-2222-3333-4444-555555555555;2020-01-15T00:00+01:00[Europe/Warsaw];48917846822;"
    "999999999999\n";

std::size_t count_lines(const fs::path& path) {
  const std::string text = read_text(path);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

class FileDropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Result a = run({kBinary, "generate", "agreements", "--count", "1", "--dir",
                          (data_ / "agreements").string()},
                         dir_ / "gen-a");
    ASSERT_EQ(a.exit_code, 0) << a.err;
    const Result r = run({kBinary, "generate", "incoming-data-records", "--subscribers", "1",
                          "--months", "1", "--dir", incoming_.string()},
                         dir_ / "gen-r");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    write_text(outside_ / "secret.csv", kRecordLine);
    write_text(outside_ / "victim", "keep me\n");
  }

  // `mobilecs run --until-idle`, as an unprivileged user when the test runs as root (root reads
  // whatever it likes, so "unreadable" would not be).
  Result run_until_idle(std::vector<std::string> extra = {}) {
    std::vector<std::string> args;
    if (::geteuid() == 0) {
      fs::permissions(dir_.path(), fs::perms::all, fs::perm_options::add);
      for (const auto& entry : fs::recursive_directory_iterator(data_)) {
        if (!entry.is_symlink() && entry.path().filename() != "unreadable.csv") {
          ::lchown(entry.path().c_str(), 65534, 65534);
        }
      }
      ::chown(data_.c_str(), 65534, 65534);
      args = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    }
    args.insert(args.end(), {kBinary, "run", "--until-idle", "--data-dir", data_.string()});
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args, (dir_ / "run").string());
  }

  TempDir dir_;
  fs::path data_ = dir_ / "data";
  fs::path incoming_ = data_ / "incoming-data-records";
  fs::path outside_ = dir_ / "outside";
};

TEST_F(FileDropTest, NothingOutsideIsReadOrWrittenAndTheGoodFilesAreProcessed) {
  // A link to a file outside, a FIFO (a plain open would hang on it), a name that would forge
  // a log line, and a file the pipeline's user may not read.
  fs::create_symlink(outside_ / "secret.csv", incoming_ / "link.csv");
  ASSERT_EQ(::mkfifo((incoming_ / "fifo.csv").c_str(), 0644), 0);
  const std::string forged = "x.csv\n2020-01-01T00:00:00.000 info all is well";
  write_text(incoming_ / forged, "not a record\n");
  write_text(incoming_ / "unreadable.csv", kRecordLine);
  if (::geteuid() == 0) {
    ::chown((incoming_ / "unreadable.csv").c_str(), 0, 0);
  }
  fs::permissions(incoming_ / "unreadable.csv", fs::perms::owner_read | fs::perms::owner_write);
  // Links planted where the bad-line report and its rejected lines go.
  const fs::path processed = incoming_ / "processed";
  fs::create_directories(processed);
  for (const std::string& name :
       {forged + ".rejected", forged + ".report.txt", ".tmp-" + forged + ".rejected",
        ".tmp-" + forged + ".report.txt"}) {
    fs::create_symlink(outside_ / "victim", processed / name);
  }

  const Result r = run_until_idle();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The good files made exactly the reference notifications: nothing of secret.csv or
  // unreadable.csv was imported.
  EXPECT_EQ(count_lines(data_ / "data-records-aggregates.jsonl"), 2u) << r.err;
  EXPECT_EQ(read_text(outside_ / "victim"), "keep me\n");
  EXPECT_EQ(read_text(outside_ / "secret.csv"), kRecordLine);
  // Each refused file was set aside with a report saying why; the link was moved, not followed.
  EXPECT_TRUE(fs::is_symlink(processed / "link.csv"));
  EXPECT_NE(read_text(processed / "link.csv.report.txt").find("symbolic link"), std::string::npos);
  EXPECT_NE(read_text(processed / "fifo.csv.report.txt").find("not a regular file"),
            std::string::npos);
  EXPECT_NE(read_text(processed / "unreadable.csv.report.txt").find("cannot be read"),
            std::string::npos);
  EXPECT_EQ(read_text(processed / (forged + ".rejected")), "not a record\n");
  EXPECT_FALSE(fs::is_symlink(processed / (forged + ".rejected")));
  // The forged name is one escaped log line, never a line of its own.
  EXPECT_EQ(r.err.find("\n2020-01-01T00:00:00.000 info all is well"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("x.csv\\n2020-01-01T00:00:00.000 info all is well"), std::string::npos)
      << r.err;
  // Four bad inputs (link, FIFO, unreadable, the bad line), counted in the final summary.
  EXPECT_NE(r.err.find(" 4 bad inputs"), std::string::npos) << r.err;
}

TEST_F(FileDropTest, AProcessedFolderThatIsALinkStopsTheStartUnlessAllowed) {
  fs::create_directories(outside_ / "elsewhere");
  ::chown((outside_ / "elsewhere").c_str(), 65534, 65534);  // the operator's own folder
  fs::create_symlink(outside_ / "elsewhere", incoming_ / "processed");
  const Result refused = run_until_idle();
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("processed is a symbolic link"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--allow-symlinked-folders"), std::string::npos) << refused.err;
  EXPECT_TRUE(fs::is_empty(outside_ / "elsewhere"));
  EXPECT_FALSE(fs::exists(data_ / "data-records-aggregates.jsonl"));

  const Result allowed = run_until_idle({"--allow-symlinked-folders"});
  ASSERT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_EQ(count_lines(data_ / "data-records-aggregates.jsonl"), 2u);
  EXPECT_FALSE(fs::is_empty(outside_ / "elsewhere"));
}

TEST_F(FileDropTest, ADataFolderThatIsALinkIsRefused) {
  fs::rename(data_, dir_ / "real-data");
  fs::create_symlink(dir_ / "real-data", data_);
  const Result r =
      run({kBinary, "run", "--until-idle", "--data-dir", data_.string()}, (dir_ / "run").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("is a symbolic link"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mobilecs::testing
