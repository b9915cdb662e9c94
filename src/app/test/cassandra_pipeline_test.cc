// The distributed roles with data records in the real Cassandra (scripts/stack up).
#include "app/test/cassandra_support.h"
#include "cassandra/cassandra_data_record_store.h"
#include "testing/free_port.h"
#include "testing/private_stack.h"

namespace mobilecs::testing {
namespace {

TEST_F(CassandraPipelineTest, TheReferenceDataSetLeavesExactlyTheExpectedRows) {
  const auto expected = embedded_notifications(1, 1, 1);
  publish_inputs(1, 1, 1);
  ASSERT_EQ(run(importer_args(), (dir_ / "importer").string()).exit_code, 0);
  const Result ingested = run(ingester_args(), (dir_ / "ingester").string());
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  EXPECT_EQ(notifications(), expected);
  cassandra::CassandraDataRecordStore stored(cassandra_);
  const core::Uuid agreement = *core::Uuid::parse("0b12c601-9287-3f5c-a78c-df508fe0f889");
  const auto january = stored.find(agreement, 2020, 1);
  ASSERT_EQ(january.size(), 30u);
  EXPECT_EQ(january.front().recorded_at, 1580425200000);  // 2020-01-31T00:00+01:00, newest
  EXPECT_EQ(january.back().recorded_at, 1577919600000);   // 2020-01-02T00:00+01:00
  EXPECT_EQ(stored.total_bytes(agreement, 2020, 1), 13559994361);
  // 2020-02-01T00:00+01:00 is January 31 in UTC, yet February in Warsaw (docs/formats.md §4).
  EXPECT_EQ(stored.find(agreement, 2020, 2).size(), 1u);
  expect_same_rows_as_embedded(1, 1);

  // The clean-up command drops them all, and only when the keyspace is named.
  const Result unnamed =
      mobilecs({"keyspace", "drop", "--cassandra-contact-points", cassandra_.contact_points},
               "drop-unnamed");
  EXPECT_EQ(unnamed.exit_code, 2);
  EXPECT_NE(unnamed.err.find("--cassandra-keyspace"), std::string::npos) << unnamed.err;
  EXPECT_EQ(stored.find(agreement, 2020, 1).size(), 30u);
  const Result dropped = mobilecs({"keyspace", "drop", "--cassandra-keyspace", cassandra_.keyspace,
                                   "--cassandra-contact-points", cassandra_.contact_points},
                                  "drop");
  ASSERT_EQ(dropped.exit_code, 0) << dropped.err;
  EXPECT_TRUE(cassandra::CassandraDataRecordStore(cassandra_).find(agreement, 2020, 1).empty());
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
  void SetUp() override {
    CassandraPipelineTest::SetUp();
    ASSERT_TRUE(cassandra_node_.up()) << read_text(dir_ / "cassandra" / "stack.log");
    cassandra_.contact_points = cassandra_node_.address();
    use_cassandra();
  }

  PrivateStack cassandra_node_{dir_ / "cassandra", "cassandra"};
};

TEST_F(CassandraRestartTest, CassandraStoppedMidRunHoldsTheIngesterWhichStillStopsWhenAsked) {
  using namespace std::chrono_literals;
  const auto expected = sorted(embedded_notifications(1500, 2000, 3));
  publish_inputs(1500, 2000, 3);
  {
    const int port = free_port();
    auto args = ingester_args("1", false);
    args.insert(args.end(), {"--metrics-port", std::to_string(port)});
    Process ingester(args, (dir_ / "ingester").string());
    // It stores the agreements; then Cassandra goes, and the records come.
    const std::string stored = "mobilecs_agreements_imported_total 1500";
    ASSERT_NE(await_metrics(port, {stored}).find(stored), std::string::npos)
        << read_text(ingester.err_path());
    ASSERT_TRUE(cassandra_node_.down());
    ASSERT_EQ(run(importer_args(), (dir_ / "importer").string()).exit_code, 0);
    // It must hold its offsets and wait.
    ASSERT_TRUE(await_log(ingester, "(Kafka offsets held until then) failed"))
        << read_text(ingester.err_path());
    ingester.signal(SIGTERM);
    EXPECT_EQ(ingester.wait_for(10s), 0) << read_text(ingester.err_path());
  }
  ASSERT_TRUE(cassandra_node_.up());
  const Result ingested = run(ingester_args(), (dir_ / "ingester-again").string());
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  const auto actual = sorted(notifications());
  EXPECT_TRUE(actual == expected) << difference(actual, expected);
  expect_same_rows_as_embedded(1500, 3);
}

TEST_F(CassandraPipelineTest, AnIngesterWithoutCassandraSaysSoAndStopsWhenAsked) {
  using namespace std::chrono_literals;
  cassandra_.contact_points = "127.0.0.1:" + std::to_string(free_port());  // nobody there
  use_cassandra();
  Process ingester(ingester_args("1", false), (dir_ / "ingester").string());
  ASSERT_TRUE(await_log(ingester, "reaching Cassandra at " + cassandra_.contact_points))
      << read_text(ingester.err_path());
  ingester.signal(SIGTERM);
  EXPECT_EQ(ingester.wait_for(10s), 0) << read_text(ingester.err_path());
}

}  // namespace
}  // namespace mobilecs::testing
