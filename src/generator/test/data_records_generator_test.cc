#include "generator/data_records_generator.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "generator/test/oracle.h"

namespace mobilecs::generator {
namespace {

std::string csv(const core::DataRecord& r) {
  return fmt::format("{},{},{},{},{},{}\n", r.agreement_id.to_string(), r.year, r.month,
                     r.recorded_at, r.internal_record_id.to_string(), r.recorded_bytes);
}

TEST(DataRecordsGenerator, MatchesTheJdkOracleAcrossBatches) {
  DataRecordsGenerator g(3, 2);
  std::string produced;
  for (int batch = 0; batch < 2; ++batch) {
    const auto ids = g.next_batch([&](const core::DataRecord& r) { produced += csv(r); });
    ASSERT_EQ(ids.size(), 3u);
    EXPECT_EQ(ids[0].to_string(), "0b12c601-9287-3f5c-a78c-df508fe0f889");
  }
  EXPECT_EQ(produced, testing::run_oracle("data-records 3 2 2"));
}

TEST(DataRecordsGenerator, FilesRecordsUnderTheWarsawBillingPeriod) {
  DataRecordsGenerator g(1, 1);
  std::vector<core::DataRecord> records;
  g.next_batch([&](const core::DataRecord& r) { records.push_back(r); });
  ASSERT_EQ(records.size(), 31u);
  // 2020-02-01T00:00+01:00 is January 31 in UTC: the reference filed it under January.
  EXPECT_EQ(records.back().recorded_at, 1580511600000);
  EXPECT_EQ(records.back().month, 2);
}

}  // namespace
}  // namespace mobilecs::generator
