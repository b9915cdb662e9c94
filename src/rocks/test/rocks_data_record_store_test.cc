#include "rocks/rocks_data_record_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "store/store_error.h"
#include "testing/temp_dir.h"

namespace mobilecs::rocks {
namespace {

core::DataRecord record(std::uint8_t agreement, int year, int month, core::EpochMillis at,
                        std::uint8_t id, std::int64_t bytes) {
  core::DataRecord r;
  r.agreement_id.bytes[0] = agreement;
  r.year = static_cast<std::int16_t>(year);
  r.month = static_cast<std::int8_t>(month);
  r.recorded_at = at;
  r.internal_record_id.bytes[15] = id;
  r.recorded_bytes = bytes;
  return r;
}

TEST(KeyOrder, IsTheIdsByteOrderThenPeriodThenNewestFirst) {
  // Every byte position of both ids matters, and a byte over 0x7f sorts after one under it.
  std::vector<core::DataRecord> records;
  for (const std::size_t at : {0u, 7u, 8u, 15u}) {
    for (const std::uint8_t value : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
      core::DataRecord r = record(0, 2020 + at % 2, 1 + value % 3, value * 1000, 0, 0);
      r.agreement_id.bytes[at] = value;
      records.push_back(r);
      r.internal_record_id.bytes[at] = static_cast<std::uint8_t>(0xff - value);
      records.push_back(r);
    }
  }
  const auto expected_order = [](const core::DataRecord& a, const core::DataRecord& b) {
    return std::tie(a.agreement_id.bytes, a.year, a.month, b.recorded_at,
                    a.internal_record_id.bytes) < std::tie(b.agreement_id.bytes, b.year, b.month,
                                                           a.recorded_at,
                                                           b.internal_record_id.bytes);
  };
  for (const auto& a : records) {
    for (const auto& b : records) {
      EXPECT_EQ(key_order(a, b), expected_order(a, b));
    }
  }
}

class RocksDataRecordStoreTest : public ::testing::Test {
 protected:
  mobilecs::testing::TempDir dir_;
  Database db_{dir_.path(), Database::Options{}};
  RocksDataRecordStore store_{db_};
};

TEST_F(RocksDataRecordStoreTest, FindsAPeriodsRecordsNewestFirst) {
  const std::vector<core::DataRecord> records = {
      record(1, 2020, 1, 1000, 1, 10), record(1, 2020, 1, 3000, 2, 20),
      record(1, 2020, 1, 2000, 3, 30), record(1, 2020, 2, 5000, 4, 40),
      record(2, 2020, 1, 4000, 5, 50), record(1, 2019, 1, 9000, 6, 60),
      record(1, 2020, 1, -5, 7, 1)};
  store_.write(records);
  const auto found = store_.find(records[0].agreement_id, 2020, 1);
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0], records[1]);
  EXPECT_EQ(found[1], records[2]);
  EXPECT_EQ(found[2], records[0]);
  EXPECT_EQ(found[3], records[6]);
  EXPECT_EQ(store_.total_bytes(records[0].agreement_id, 2020, 1), 61);
  EXPECT_TRUE(store_.find(records[0].agreement_id, 2021, 1).empty());
}

TEST_F(RocksDataRecordStoreTest, WritingTheSameKeyAgainIsAnUpsert) {
  store_.write(std::vector{record(1, 2020, 1, 1000, 1, 10)});
  store_.write(std::vector{record(1, 2020, 1, 1000, 1, 99)});
  const auto found = store_.find(record(1, 0, 0, 0, 0, 0).agreement_id, 2020, 1);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].recorded_bytes, 99);
}

TEST_F(RocksDataRecordStoreTest, ManyStepsOfOnePeriodReadAsOneWriteWould) {
  // Each write is a merge; reads, flushes and compactions combine them in write order.
  std::vector<core::DataRecord> all;
  for (int step = 0; step < 50; ++step) {
    std::vector<core::DataRecord> records;
    for (int i = 0; i < 3; ++i) {
      records.push_back(record(1, 2020, 1, 1000 + (step * 7 + i * 13) % 97,
                               static_cast<std::uint8_t>(step * 3 + i), step * 3 + i));
    }
    store_.write(records);
    all.insert(all.end(), records.begin(), records.end());
  }
  std::sort(all.begin(), all.end(), key_order);
  EXPECT_EQ(store_.find(all[0].agreement_id, 2020, 1), all);
  db_.compact();
  EXPECT_EQ(store_.find(all[0].agreement_id, 2020, 1), all);
  store_.write(
      std::vector{record(1, 2020, 1, all[5].recorded_at, all[5].internal_record_id.bytes[15], -7)});
  all[5].recorded_bytes = -7;
  EXPECT_EQ(store_.find(all[0].agreement_id, 2020, 1), all);
}

TEST(RocksDataRecordStore, RefusesAFolderInTheEarlierOneEntryPerRecordLayout) {
  mobilecs::testing::TempDir dir;
  Database db(dir.path(), Database::Options{});
  WriteBatch batch = db.batch();
  batch.put(Family::kDataRecords, std::string(kDataRecordKeyLength + 24, '\x01'),
            std::string(8, '\0'));
  db.write(batch);
  try {
    RocksDataRecordStore store(db);
    FAIL() << "opened the earlier layout";
  } catch (const store::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("layout of an earlier mobilecs"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find(dir.path().string()), std::string::npos) << e.what();
  }
}

TEST_F(RocksDataRecordStoreTest, KeepsAgreements) {
  core::TimeZones zones;
  core::Agreement a;
  a.id.bytes[1] = 1;
  a.msisdn = "48100";
  a.signed_at =
      core::zoned_date_time_at(core::Instant{1577833200, 0}, *zones.find("Europe/Warsaw"));
  a.service_start_at = a.signed_at;
  a.billing_period_time_zone = "Europe/Warsaw";
  a.max_bytes_in_billing_period = 5;
  store_.write_agreements(std::vector{a});
  EXPECT_EQ(store_.find_agreement(a.id), a);
  EXPECT_FALSE(store_.find_agreement(core::Uuid{}));
}

TEST(RocksDatabase, ASecondOpenNamesTheLockHolder) {
  mobilecs::testing::TempDir dir;
  Database first(dir.path(), Database::Options{});
  try {
    Database second(dir.path(), Database::Options{});
    FAIL() << "opened twice";
  } catch (const store::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("another mobilecs process"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace mobilecs::rocks
