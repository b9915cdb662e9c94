// The distributed roles on the topology production runs (docs/deployment.md): three Kafka brokers
// and three Cassandra nodes of the test's own (scripts/stack with STACK_NODES=3), topics with three
// replicas and min.insync.replicas 2, the keyspace with three replicas read and written at
// LOCAL_QUORUM; a broker and a Cassandra node are killed while input arrives, then the whole
// Cassandra cluster is restarted.
#include <filesystem>

#include "app/test/cassandra_support.h"
#include "testing/private_stack.h"

namespace mobilecs::testing {
namespace {

class ClusterTest : public CassandraPipelineTest {
 protected:
  void SetUp() override {
    CassandraPipelineTest::SetUp();
    ASSERT_TRUE(kafka_cluster_.up()) << read_text(dir_ / "kafka" / "stack.log");
    ASSERT_TRUE(cassandra_cluster_.up()) << read_text(dir_ / "cassandra" / "stack.log");
    kafka_.bootstrap_servers = kafka_cluster_.addresses();
    cassandra_.contact_points = cassandra_cluster_.addresses();
    cassandra_.replication = "simple:3";
    use_cassandra();
  }

  // Moves the next of the staged record files into the incoming folder, as producers do.
  void deliver_next_file() {
    std::vector<std::filesystem::path> staged;
    for (const auto& entry : std::filesystem::directory_iterator(dir_ / "staged")) {
      staged.push_back(entry.path());
    }
    ASSERT_FALSE(staged.empty());
    const auto next = *std::min_element(staged.begin(), staged.end());
    std::filesystem::rename(next, incoming() / next.filename());
  }

  // Waits until every expected notification of the months up to `month` is committed. Month m
  // closes with the first record of month m + 1: those of the months after the files delivered
  // before a fault can only come from files delivered after it.
  bool await_months_through(const std::vector<KafkaMessage>& expected, int month) {
    std::size_t wanted = 0;
    for (const KafkaMessage& m : expected) {
      if (nlohmann::json::parse(m.value)["month"].get<int>() <= month) ++wanted;
    }
    return eventually([&] { return notifications().size() >= wanted; }, std::chrono::seconds(120));
  }

  PrivateStack kafka_cluster_{dir_ / "kafka", "kafka", {.nodes = 3}};
  PrivateStack cassandra_cluster_{dir_ / "cassandra", "cassandra", {.nodes = 3}};
};

TEST_F(ClusterTest, ABrokerAndACassandraNodeKilledUnderLoadLoseAndDoubleNothing) {
  constexpr int kAgreements = 400, kSubscribers = 800, kMonths = 6;
  const auto expected = sorted(embedded_notifications(kAgreements, kSubscribers, kMonths));
  const Result init =
      run(role({"init", "--replication-factor", "3", "--min-insync-replicas", "2",
                "--cassandra-keyspace", cassandra_.keyspace, "--cassandra-contact-points",
                cassandra_.contact_points, "--cassandra-replication", cassandra_.replication}),
          (dir_ / "init").string());
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_NE(init.err.find(kafka_.name("incoming-data-records") +
                          ": 6 partitions, 3 replicas, min.insync.replicas 2"),
            std::string::npos)
      << init.err;
  const Result agreements =
      run(role({"generate", "agreements", "--count", std::to_string(kAgreements), "--kafka"}),
          (dir_ / "gen-agreements").string());
  ASSERT_EQ(agreements.exit_code, 0) << agreements.err;
  const Result records =
      mobilecs({"generate", "incoming-data-records", "--subscribers", std::to_string(kSubscribers),
                "--months", std::to_string(kMonths), "--dir", (dir_ / "staged").string()},
               "gen-records");
  ASSERT_EQ(records.exit_code, 0) << records.err;
  std::filesystem::create_directories(incoming());

  Process first(ingester_args("1", false), (dir_ / "ingester-1").string());
  Process second(ingester_args("2", false), (dir_ / "ingester-2").string());
  Process importer(role({"importer", "--dir", incoming().string()}), (dir_ / "importer").string());
  deliver_next_file();
  deliver_next_file();
  ASSERT_TRUE(await_months_through(expected, 1)) << read_text(first.err_path());

  // The active controller goes, with the partitions it leads; input keeps coming.
  const int controller = kafka_cluster_.controller();
  ASSERT_GE(controller, 1) << read_text(dir_ / "kafka" / "stack.log");
  ASSERT_TRUE(kafka_cluster_.kill(controller));
  deliver_next_file();
  deliver_next_file();
  ASSERT_TRUE(await_months_through(expected, 3)) << read_text(first.err_path());

  // Then a Cassandra node: LOCAL_QUORUM still has two of three replicas.
  ASSERT_TRUE(cassandra_cluster_.kill(controller % 3 + 1));
  deliver_next_file();
  deliver_next_file();

  // Nobody restarted anything, and every notification is there exactly once.
  const auto messages = sorted(await_notifications(expected.size(), std::chrono::seconds(180)));
  EXPECT_TRUE(messages == expected) << difference(messages, expected);
  EXPECT_TRUE(read_topic(kafka_, kafka::topic::kLateDataRecords).empty())
      << "records were late: the watermark passed them before they were read";
  for (Process* p : {&importer, &first, &second}) {
    EXPECT_EQ(p->wait_for(std::chrono::seconds(0)), -1)
        << "a role exited on its own: " << read_text(p->err_path());
    p->signal(SIGTERM);
    EXPECT_EQ(p->wait_for(std::chrono::seconds(30)), 0) << read_text(p->err_path());
  }
  expect_same_rows_as_embedded(kAgreements, kMonths);

  // The whole Cassandra cluster stopped and started again on its data, node by node, as after a
  // power cut: it serves again, with every row.
  ASSERT_TRUE(cassandra_cluster_.down()) << read_text(dir_ / "cassandra" / "stack.log");
  ASSERT_TRUE(cassandra_cluster_.up()) << read_text(dir_ / "cassandra" / "stack.log");
  expect_same_rows_as_embedded(kAgreements, kMonths);
}

}  // namespace
}  // namespace mobilecs::testing
