#pragma once

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <string>

#include "app/test/distributed_support.h"
#include "cassandra/cassandra_data_record_store.h"
#include "generator/agreements_generator.h"
#include "rocks/rocks_data_record_store.h"

namespace mobilecs::testing {

// The distributed roles storing data records in the real Cassandra, each test in a keyspace of
// its own.
class CassandraPipelineTest : public DistributedTest {
 protected:
  void SetUp() override {
    DistributedTest::SetUp();
    cassandra_.keyspace = "test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++);
    if (const char* contact = std::getenv("CASSANDRA_CONTACT_POINT")) {
      cassandra_.contact_points = contact;
    }
    use_cassandra();
  }
  void TearDown() override {
    try {
      cassandra::CassandraDataRecordStore(cassandra_).drop_keyspace();
    } catch (const std::exception& e) {
      std::cerr << "could not drop " << cassandra_.keyspace << ": " << e.what() << "\n";
    }
    DistributedTest::TearDown();
  }

  void use_cassandra() {
    store_args_ = {"--store",
                   "cassandra",
                   "--cassandra-keyspace",
                   cassandra_.keyspace,
                   "--cassandra-contact-points",
                   cassandra_.contact_points};
  }

  // Every partition the embedded pipeline stored for the first `agreements` reference
  // agreements over `months` months must be in Cassandra, row for row, newest first.
  void expect_same_rows_as_embedded(int agreements, int months) {
    rocks::Database embedded_db(dir_ / "embedded" / "state", rocks::Database::Options{});
    rocks::RocksDataRecordStore embedded(embedded_db);
    cassandra::CassandraDataRecordStore stored(cassandra_);
    generator::AgreementsGenerator generator;
    std::size_t rows = 0;
    for (int a = 0; a < agreements; ++a) {
      const core::Agreement agreement = generator.next();
      for (int month = 1; month <= months + 1; ++month) {
        const auto expected = embedded.find(agreement.id, 2020, month);
        const auto actual = stored.find(agreement.id, 2020, month);
        ASSERT_EQ(actual, expected) << agreement.id.to_string() << " 2020-" << month;
        EXPECT_EQ(stored.total_bytes(agreement.id, 2020, month),
                  embedded.total_bytes(agreement.id, 2020, month));
        rows += actual.size();
      }
      EXPECT_EQ(stored.find_agreement(agreement.id), agreement);
    }
    EXPECT_GT(rows, 0u);
  }

  cassandra::CassandraConfig cassandra_;
  static inline std::atomic<int> counter_{0};
};

}  // namespace mobilecs::testing
