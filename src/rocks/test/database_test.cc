#include "rocks/database.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/temp_dir.h"

namespace mobilecs::rocks {
namespace {

std::vector<std::filesystem::path> write_ahead_logs(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> logs;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".log") logs.push_back(entry.path());
  }
  return logs;
}

TEST(Database, AFamilyWrittenOnceDoesNotKeepItsWriteAheadLogAlive) {
  mobilecs::testing::TempDir dir;
  constexpr std::uint64_t kBound = 1 << 20;
  Database db(dir.path(), Database::Options{.max_wal_bytes = kBound});
  WriteBatch once = db.batch();
  once.put(Family::kAgreements, "agreement", "written once, never again");
  db.write(once);
  const std::vector<std::filesystem::path> first_logs = write_ahead_logs(dir.path());
  ASSERT_EQ(first_logs.size(), 1u);
  // 32 MiB more into another family, in 64 KiB batches, below its memtable size: neither family
  // would flush by itself, so without the bound the agreement's log would stay for good.
  const std::string value(1024, 'x');
  for (int batch = 0; batch < 512; ++batch) {
    WriteBatch records = db.batch();
    for (int i = 0; i < 64; ++i) {
      records.put(Family::kDataRecords, std::to_string(batch * 64 + i), value);
    }
    db.write(records);
  }
  EXPECT_FALSE(std::filesystem::exists(first_logs[0]));
  EXPECT_EQ(db.get(Family::kAgreements, "agreement"), "written once, never again");
}

}  // namespace
}  // namespace mobilecs::rocks
