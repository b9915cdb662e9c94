// The distributed roles with data records in the real Cassandra (scripts/stack up).
#include <cstdlib>

#include "app/test/distributed_support.h"
#include "cassandra/cassandra_store.h"
#include "generator/agreements_generator.h"
#include "rocks/data_record_store.h"

namespace mobilecs::testing {
namespace {

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
    rocks::DataRecordStore embedded(embedded_db);
    cassandra::DataRecordStore stored(cassandra_);
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

TEST_F(CassandraPipelineTest, TheReferenceDataSetLeavesExactlyTheExpectedRows) {
  const auto expected = embedded_notifications(1, 1, 1);
  publish_inputs(1, 1, 1);
  ASSERT_EQ(run(importer_args(), (dir_ / "importer").string()).exit_code, 0);
  const Result ingested = run(ingester_args(), (dir_ / "ingester").string());
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  EXPECT_EQ(notifications(), expected);
  cassandra::DataRecordStore stored(cassandra_);
  const core::Uuid agreement = *core::Uuid::parse("0b12c601-9287-3f5c-a78c-df508fe0f889");
  const auto january = stored.find(agreement, 2020, 1);
  ASSERT_EQ(january.size(), 30u);
  EXPECT_EQ(january.front().recorded_at, 1580425200000);  // 2020-01-31T00:00+01:00, newest
  EXPECT_EQ(january.back().recorded_at, 1577919600000);   // 2020-01-02T00:00+01:00
  EXPECT_EQ(stored.total_bytes(agreement, 2020, 1), 13559994361);
  // 2020-02-01T00:00+01:00 is January 31 in UTC, yet February in Warsaw (SPEC §2.4).
  EXPECT_EQ(stored.find(agreement, 2020, 2).size(), 1u);
  expect_same_rows_as_embedded(1, 1);
}

TEST_F(CassandraPipelineTest, EveryMatchedRecordOfManySubscribersIsStoredOnce) {
  embedded_notifications(150, 200, 2);
  publish_inputs(150, 200, 2);
  ASSERT_EQ(run(importer_args(), (dir_ / "importer").string()).exit_code, 0);
  const Result ingested = run(ingester_args(), (dir_ / "ingester").string());
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  expect_same_rows_as_embedded(150, 2);
}

class CassandraRestartTest : public CassandraPipelineTest {
 protected:
  static constexpr int kPrivatePort = 19042;

  void SetUp() override {
    CassandraPipelineTest::SetUp();
    cassandra_.contact_points = "127.0.0.1:" + std::to_string(kPrivatePort);
    use_cassandra();
    stack("up");
  }
  void TearDown() override { stack("down"); }

  void stack(const char* command) {
    const std::string line = "STACK_DIR=" + (dir_ / "stack").string() +
                             " CASSANDRA_PORT=" + std::to_string(kPrivatePort) +
                             " CASSANDRA_HEAP=1g " MOBILECS_SOURCE_DIR "/scripts/stack " + command +
                             " cassandra";
    ASSERT_EQ(std::system(line.c_str()), 0) << line;
  }
};

TEST_F(CassandraRestartTest, CassandraStoppedAndRestartedMidRunLosesAndDoublesNothing) {
  const auto expected = sorted(embedded_notifications(1500, 2000, 3));
  publish_inputs(1500, 2000, 3);
  Process ingester(ingester_args("1", false), (dir_ / "ingester").string());
  Process importer(importer_args(), (dir_ / "importer").string());
  std::this_thread::sleep_for(std::chrono::seconds(3));
  stack("down");  // mid-run: the ingester must hold its offsets and wait
  std::this_thread::sleep_for(std::chrono::seconds(5));
  EXPECT_TRUE(ingester.running()) << read_text(ingester.err_path());
  stack("up");
  const auto messages = await_notifications(expected.size(), std::chrono::seconds(240));
  EXPECT_TRUE(sorted(messages) == expected) << difference(sorted(messages), expected);
  ingester.signal(SIGTERM);
  EXPECT_EQ(ingester.wait_for(std::chrono::seconds(30)), 0);
  EXPECT_EQ(importer.wait(), 0);
  const std::string log = read_text(ingester.err_path());
  EXPECT_NE(log.find("(Kafka offsets held until then) failed"), std::string::npos) << log;
  expect_same_rows_as_embedded(1500, 3);
}

}  // namespace
}  // namespace mobilecs::testing
