// The C++ wrapper against the real Cassandra (scripts/stack up), each test in a keyspace of its
// own.
#include "cassandra/cassandra_data_record_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>

#include "core/time/time_zones.h"
#include "store/store_error.h"

namespace mobilecs::cassandra {
namespace {

std::vector<std::string>& keyspaces_made() {
  static std::vector<std::string> made;
  return made;
}

// The keyspaces the tests made go once they all ran.
class DropKeyspacesMade : public ::testing::Environment {
 public:
  void TearDown() override {
    // On the test server, whatever server or replication a test set for its own.
    CassandraConfig config;
    if (const char* contact = std::getenv("CASSANDRA_CONTACT_POINT")) {
      config.contact_points = contact;
    }
    for (const std::string& keyspace : keyspaces_made()) {
      config.keyspace = keyspace;
      try {
        CassandraDataRecordStore(config).drop_keyspace();
      } catch (const std::exception& e) {
        std::cerr << "could not drop " << keyspace << ": " << e.what() << "\n";
      }
    }
  }
};
[[maybe_unused]] const auto* const kDropKeyspacesMade =
    ::testing::AddGlobalTestEnvironment(new DropKeyspacesMade);

CassandraConfig test_config() {
  static std::atomic<int> counter{0};
  CassandraConfig config;
  if (const char* contact = std::getenv("CASSANDRA_CONTACT_POINT")) config.contact_points = contact;
  config.keyspace = "test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  keyspaces_made().push_back(config.keyspace);
  return config;
}

core::DataRecord record(std::uint8_t agreement, int month, core::EpochMillis at, std::uint8_t id,
                        std::int64_t bytes) {
  core::DataRecord r;
  r.agreement_id.bytes[0] = agreement;
  r.year = 2020;
  r.month = static_cast<std::int8_t>(month);
  r.recorded_at = at;
  r.internal_record_id.bytes[15] = id;
  r.internal_record_id.bytes[14] = static_cast<std::uint8_t>(at % 251);
  r.recorded_bytes = bytes;
  return r;
}

TEST(CassandraStore, FindsAPeriodsRecordsNewestFirstWithTheirSum) {
  CassandraDataRecordStore store(test_config());
  const std::vector<core::DataRecord> records = {
      record(1, 1, 1000, 1, 10), record(1, 1, 3000, 2, 20), record(1, 1, 2000, 3, 30),
      record(1, 2, 5000, 4, 40), record(2, 1, 4000, 5, 50)};
  store.write(records);
  const auto found = store.find(records[0].agreement_id, 2020, 1);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0], records[1]);
  EXPECT_EQ(found[1], records[2]);
  EXPECT_EQ(found[2], records[0]);
  EXPECT_EQ(store.total_bytes(records[0].agreement_id, 2020, 1), 60);
  EXPECT_EQ(store.total_bytes(records[0].agreement_id, 2021, 1), 0);
  EXPECT_TRUE(store.find(records[0].agreement_id, 2021, 1).empty());
}

TEST(CassandraStore, WritingTheSameKeyAgainIsAnUpsert) {
  CassandraDataRecordStore store(test_config());
  store.write(std::vector{record(1, 1, 1000, 1, 10)});
  store.write(std::vector{record(1, 1, 1000, 1, 99)});
  const auto found = store.find(record(1, 1, 0, 0, 0).agreement_id, 2020, 1);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].recorded_bytes, 99);
}

TEST(CassandraStore, ReadsLargePartitionsPageByPage) {
  CassandraDataRecordStore store(test_config());
  std::vector<core::DataRecord> records;
  for (int i = 0; i < 12'000; ++i) {
    records.push_back(record(7, 3, 1'000'000 + i, static_cast<std::uint8_t>(i % 256), i));
  }
  store.write(records);
  const auto found = store.find(records[0].agreement_id, 2020, 3);
  ASSERT_EQ(found.size(), records.size());
  EXPECT_TRUE(std::is_sorted(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.recorded_at > b.recorded_at;
  }));
  EXPECT_EQ(store.total_bytes(records[0].agreement_id, 2020, 3), 12'000LL * 11'999 / 2);
}

TEST(CassandraStore, KeepsAgreementsWithTheirTimeZone) {
  CassandraDataRecordStore store(test_config());
  core::TimeZones zones;
  core::Agreement a;
  a.id.bytes[2] = 9;
  a.msisdn = "48917846822";
  std::string error;
  ASSERT_TRUE(core::parse_zoned_date_time("2019-12-20T00:00+01:00[Europe/Warsaw]", zones,
                                          a.signed_at, error));
  ASSERT_TRUE(core::parse_zoned_date_time("2020-01-01T00:00+01:00[Europe/Warsaw]", zones,
                                          a.service_start_at, error));
  a.billing_period_time_zone = "Europe/Warsaw";
  a.max_bytes_in_billing_period = 5368709120;
  core::Agreement own_policy = a;
  own_policy.id.bytes[2] = 10;
  own_policy.usage_policy = core::UsagePolicy{};
  own_policy.usage_policy->thresholds = {{core::UsageThreshold::Kind::kPercentOfPlan, 80},
                                         {core::UsageThreshold::Kind::kBytes, 1'000'000}};
  own_policy.usage_policy->over_plan_step_bytes = 1 << 20;
  own_policy.usage_policy->forecast = core::ForecastPolicy{7, 3};
  core::Agreement no_alerts = a;  // "usagePolicy": {} switches the file's policy off
  no_alerts.id.bytes[2] = 11;
  no_alerts.usage_policy = core::UsagePolicy{};
  store.write_agreements(std::vector{a, own_policy, no_alerts});
  EXPECT_EQ(store.find_agreement(a.id), a);
  EXPECT_EQ(store.find_agreement(own_policy.id), own_policy);
  EXPECT_EQ(store.find_agreement(no_alerts.id), no_alerts);
  EXPECT_FALSE(store.find_agreement(core::Uuid{}));

  own_policy.usage_policy.reset();  // a re-imported agreement that lost its policy
  store.write_agreements(std::vector{own_policy});
  EXPECT_EQ(store.find_agreement(own_policy.id), own_policy);
}

TEST(CassandraStore, AnUnreachableServerIsARetryableErrorNotACrash) {
  CassandraConfig config = test_config();
  config.contact_points = "127.0.0.1:1";
  CassandraDataRecordStore store(config);
  try {
    store.write(std::vector{record(1, 1, 1, 1, 1)});
    FAIL() << "wrote to nowhere";
  } catch (const store::StoreError& e) {
    EXPECT_TRUE(e.retryable());
    EXPECT_NE(std::string(e.what()).find("cannot connect to Cassandra at 127.0.0.1:1"),
              std::string::npos)
        << e.what();
  }
}

TEST(CassandraStore, AMisconfigurationIsAFinalError) {
  CassandraConfig config = test_config();
  config.replication = "ring:3";
  CassandraDataRecordStore store(config);
  try {
    store.total_bytes(core::Uuid{}, 2020, 1);
    FAIL() << "accepted replication ring:3";
  } catch (const store::StoreError& e) {
    EXPECT_FALSE(e.retryable());
    EXPECT_NE(std::string(e.what()).find("replication 'ring:3'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mobilecs::cassandra
