// The transaction runner's recovery, against librdkafka's in-process mock cluster: each fault
// is recovered from by itself, and what was committed is there exactly once.
#include "kafka/transaction_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <future>
#include <iostream>
#include <memory>
#include <thread>

#include "kafka/kafka_error.h"
#include "kafka/partition_reader.h"
#include "kafka/test/mock_cluster.h"
#include "runtime/stop.h"
#include "testing/eventually.h"
#include "testing/log_capture.h"

namespace mobilecs::kafka {
namespace {

using namespace std::chrono_literals;
using testing::MockCluster;
namespace api = testing::api;

constexpr const char* kTopic = "out";

class TransactionRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_.create_topic(kTopic, 3);
    config_ = cluster_.config();
  }

  // Produces `values` (key = value) in one transaction.
  TransactionOutcome produce(TransactionRunner& runner, std::vector<std::string> values) {
    return runner.run([&](Transaction& t) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        t.produce(kTopic, std::nullopt, values[i], values[i], TimestampMs{1'600'000'000'000}, i);
      }
    });
  }
  // Runs until it commits, as the roles do.
  void produce_until_committed(TransactionRunner& runner, std::vector<std::string> values) {
    runner.run_until_committed("producing", [&](Transaction& t) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        t.produce(kTopic, std::nullopt, values[i], values[i], TimestampMs{1'600'000'000'000}, i);
      }
    });
  }
  // What a read_committed consumer sees, sorted.
  std::vector<std::string> committed_values() {
    std::vector<std::string> values;
    read_partitions_to_end(
        config_, kTopic,
        {{PartitionId{0}, Offset{-1}}, {PartitionId{1}, Offset{-1}}, {PartitionId{2}, Offset{-1}}},
        [&](const Message& m) { values.emplace_back(m.value().value_or("")); });
    std::sort(values.begin(), values.end());
    return values;
  }

  // The runner saying a Kafka call failed and will be tried again: the outage has been met.
  std::size_t failures_logged() const {
    return log_.count("retrying in") + log_.count("aborting the transaction");
  }
  // Waits (on another thread) until the runner has met the outage, then ends it; met_outage_
  // says whether it had (else the outage ended after 60 s regardless).
  std::thread end_outage_once_met(std::size_t failures_before) {
    return std::thread([this, failures_before] {
      met_outage_ = mobilecs::testing::eventually(
          [&] { return failures_logged() > failures_before; }, std::chrono::seconds(60));
      cluster_.all_brokers(true);
    });
  }
  std::atomic<bool> met_outage_{false};

  // Commits offset 1 of the topic's partition 0 for a member of "group" in a transaction on
  // another thread, calling `before` in it first; the caller waits for the outcome.
  std::future<TransactionOutcome> commit_offsets(TransactionRunner& runner,
                                                 const std::function<void()>& before) {
    if (!member_) {
      GroupConsumerSettings settings;
      settings.group = "group";
      settings.client_id = "member";
      settings.topics = {kTopic};
      member_ = std::make_unique<GroupConsumer>(config_, settings);
    }
    return std::async(std::launch::async, [&runner, before, this] {
      return runner.run([&](Transaction& t) {
        before();
        t.add_offsets({{TopicPartition{kTopic, PartitionId{0}}, Offset{1}}},
                      member_->group_metadata());
      });
    });
  }
  // A connected runner whose transaction coordinator is up and the group's coordinator down.
  std::unique_ptr<TransactionRunner> connected_while_the_group_coordinator_is_down() {
    cluster_.move_group_coordinator("group", 3);
    cluster_.move_transaction_coordinator("txn", 1);
    auto runner = std::make_unique<TransactionRunner>(config_, "txn", stop_.get_token());
    runner->connect();
    cluster_.broker_down(3);
    return runner;
  }
  // The transaction still waits for a call to librdkafka that no stop or timeout ends: it
  // cannot be joined, so the test ends here.
  static void end_if_hung(const std::future<TransactionOutcome>& transaction) {
    if (transaction.wait_for(60s) == std::future_status::ready) return;
    std::cerr << "the transaction still waits after 60 s\n";
    std::abort();
  }

  mobilecs::testing::LogCapture log_;  // first: it outlives every thread that logs
  MockCluster cluster_;
  KafkaConfig config_;
  std::stop_source stop_;
  std::unique_ptr<GroupConsumer> member_;  // of "group", made by the tests that need it
};

TEST_F(TransactionRunnerTest, CommitsWhatItProducedAndSaysWhereItLanded) {
  TransactionRunner runner(config_, "txn", stop_.get_token());
  const TransactionOutcome outcome = produce(runner, {"a", "b", "c"});
  ASSERT_TRUE(outcome.committed);
  std::size_t placed = 0;
  for (const auto& [partition, next] : outcome.next_offsets.at(kTopic)) placed += next.value;
  EXPECT_EQ(placed, 3u);
  EXPECT_EQ(committed_values(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(TransactionRunnerTest, TopicsLookedUpAheadNeitherBlockNorFailWhenTheLookUpDoes) {
  TransactionRunner runner(config_, "txn", stop_.get_token());
  runner.set_topics({kTopic, "not-there"});
  cluster_.fail_next(api::kMetadata, {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                      RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION});
  runner.connect();
  EXPECT_TRUE(produce(runner, {"a"}).committed);
  EXPECT_EQ(committed_values(), (std::vector<std::string>{"a"}));
}

TEST_F(TransactionRunnerTest, ACommitThatFailsTransientlyIsRetried) {
  TransactionRunner runner(config_, "txn", stop_.get_token());
  runner.connect();
  cluster_.fail_next(api::kEndTxn, {RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
                                    RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS});
  EXPECT_TRUE(produce(runner, {"a"}).committed);
  EXPECT_EQ(committed_values(), (std::vector<std::string>{"a"}));
}

TEST_F(TransactionRunnerTest, AnAbortedTransactionLeavesNothingAndTheNextOneCommits) {
  TransactionRunner runner(config_, "txn", stop_.get_token());
  runner.connect();
  cluster_.fail_next(api::kAddPartitionsToTxn, {RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED});
  EXPECT_FALSE(produce(runner, {"lost"}).committed);
  produce_until_committed(runner, {"kept"});
  EXPECT_EQ(committed_values(), (std::vector<std::string>{"kept"}));
}

TEST_F(TransactionRunnerTest, AFencedProducerIsReplacedAndItsTransactionRedone) {
  TransactionRunner runner(config_, "txn", stop_.get_token());
  ASSERT_TRUE(produce(runner, {"1"}).committed);
  // After a broker outage longer than the transaction timeout, the coordinator fences the
  // producer: its transaction is gone, and only a new producer can go on.
  cluster_.fail_next(api::kEndTxn, {RD_KAFKA_RESP_ERR_PRODUCER_FENCED});
  EXPECT_FALSE(produce(runner, {"fenced"}).committed);
  produce_until_committed(runner, {"2"});
  cluster_.fail_next(api::kAddPartitionsToTxn, {RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH});
  EXPECT_FALSE(produce(runner, {"stale epoch"}).committed);
  produce_until_committed(runner, {"3"});
  const auto values = committed_values();
  for (const char* expected : {"1", "2", "3"}) {
    EXPECT_EQ(std::count(values.begin(), values.end(), expected), 1) << expected;
  }
  EXPECT_EQ(std::count(values.begin(), values.end(), "stale epoch"), 0);
  // (The mock cluster keeps what the fenced producer had written: unlike a broker, it does not
  // abort it. The chaos run against the real broker checks that nothing is doubled.)
}

TEST_F(TransactionRunnerTest, AMovedCoordinatorIsFollowed) {
  TransactionRunner runner(config_, "txn", stop_.get_token());
  ASSERT_TRUE(produce(runner, {"a"}).committed);
  for (int broker = 1; broker <= MockCluster::kBrokers; ++broker) {
    cluster_.move_transaction_coordinator("txn", broker);
    produce_until_committed(runner, {"at-" + std::to_string(broker)});
  }
  EXPECT_EQ(committed_values(), (std::vector<std::string>{"a", "at-1", "at-2", "at-3"}));
}

TEST_F(TransactionRunnerTest, AClusterOutageIsRiddenOutAndCommitsOnce) {
  TransactionRunner runner(config_, "txn", stop_.get_token());
  ASSERT_TRUE(produce(runner, {"before"}).committed);
  cluster_.all_brokers(false);
  std::thread back = end_outage_once_met(failures_logged());  // the runner must wait it out
  produce_until_committed(runner, {"during"});
  back.join();
  EXPECT_TRUE(met_outage_) << "the runner never said it failed: the outage was not met";
  EXPECT_EQ(committed_values(), (std::vector<std::string>{"before", "during"}));
}

TEST_F(TransactionRunnerTest, ConnectingAheadOutwaitsTheGiveUpOfARun) {
  cluster_.all_brokers(false);
  TransactionRunner runner(config_, "txn", stop_.get_token(), 100ms);
  // A run is one attempt: it does not wait for the broker.
  EXPECT_FALSE(produce(runner, {"gave up"}).committed);
  // The outage goes on until connecting has itself failed once: past the give-up of a run.
  std::thread back = end_outage_once_met(failures_logged());
  EXPECT_NO_THROW(runner.connect(stop_.get_token()));
  back.join();
  EXPECT_TRUE(met_outage_) << "the runner never said it failed: the outage was not met";
  EXPECT_TRUE(produce(runner, {"after"}).committed);
  EXPECT_EQ(committed_values(), (std::vector<std::string>{"after"}));
}

TEST_F(TransactionRunnerTest, RunningUntilCommittedGivesUpOnRefusedMessages) {
  TransactionRunner runner(config_, "txn", stop_.get_token());
  runner.connect();
  cluster_.fail_next(api::kProduce, {RD_KAFKA_RESP_ERR_INVALID_TIMESTAMP});
  try {
    produce_until_committed(runner, {"refused"});
    FAIL() << "a refused message was retried";
  } catch (const KafkaError& e) {
    EXPECT_TRUE(e.is_configuration());
    EXPECT_NE(std::string(e.what()).find("refused"), std::string::npos) << e.what();
  }
  produce_until_committed(runner, {"after"});
  EXPECT_EQ(committed_values(), (std::vector<std::string>{"after"}));
}

// (That a probe writes nothing a read_committed consumer sees is checked on the real broker, by
// DistributedTest.ALineTheBrokerRefusesIsSetAsideAndTheRestOfTheFileImported: the mock cluster
// keeps what aborted transactions wrote.)
TEST_F(TransactionRunnerTest, AProbeFindsTheRefusedMessage) {
  TransactionRunner runner(config_, "txn", stop_.get_token());
  runner.connect();
  const auto accepted =
      runner.probe([](Transaction& t) { t.produce(kTopic, std::nullopt, "k", "v", {}); });
  ASSERT_TRUE(accepted.has_value());
  EXPECT_TRUE(accepted->empty());
  cluster_.fail_next(api::kProduce, {RD_KAFKA_RESP_ERR_INVALID_TIMESTAMP});
  const auto refused =
      runner.probe([](Transaction& t) { t.produce(kTopic, std::nullopt, "k", "bad", {}, 7); });
  ASSERT_TRUE(refused.has_value());
  ASSERT_EQ(refused->size(), 1u);
  EXPECT_EQ((*refused)[0].tag, 7u);
  produce_until_committed(runner, {"after"});  // the producer goes on after a probe
  cluster_.all_brokers(false);
  EXPECT_FALSE(runner.probe([](Transaction& t) { t.produce(kTopic, std::nullopt, "k", "v", {}); })
                   .has_value())
      << "a broker that did not answer said nothing was refused";
}

TEST_F(TransactionRunnerTest, MessagesTheBrokerRefusesAreNamedNotRetried) {
  TransactionRunner runner(config_, "txn", stop_.get_token());
  runner.connect();
  cluster_.fail_next(api::kProduce, {RD_KAFKA_RESP_ERR_INVALID_TIMESTAMP});
  const TransactionOutcome outcome = produce(runner, {"only"});
  EXPECT_FALSE(outcome.committed);
  ASSERT_EQ(outcome.refused.size(), 1u);
  EXPECT_EQ(outcome.refused[0].tag, 0u);
  EXPECT_NE(outcome.refused[0].reason.find("refused"), std::string::npos)
      << outcome.refused[0].reason;
  EXPECT_TRUE(committed_values().empty());
}

TEST_F(TransactionRunnerTest, AStopEndsTheWaitForABrokerThatDoesNotCome) {
  cluster_.all_brokers(false);
  TransactionRunner runner(config_, "txn", stop_.get_token());
  std::thread stopper([&] {
    met_outage_ = mobilecs::testing::eventually([&] { return failures_logged() > 0; },
                                                std::chrono::seconds(60));
    stop_.request_stop();  // while it waits for the broker
  });
  EXPECT_THROW(produce_until_committed(runner, {"never"}), runtime::Stopped);
  stopper.join();
  EXPECT_TRUE(met_outage_) << "stopped before the runner said it was waiting";
}

// librdkafka waits past its timeout for a group coordinator that is down
// (confluentinc/librdkafka#5456; the mock cluster shows it: without the thread of its own, the
// call below was still waiting after 20 s): a stop must still end the transaction.
TEST_F(TransactionRunnerTest, AStopEndsTheWaitForAGroupCoordinatorThatIsDown) {
  auto runner = connected_while_the_group_coordinator_is_down();
  auto transaction = commit_offsets(*runner, [&] { stop_.request_stop(); });
  end_if_hung(transaction);
  EXPECT_THROW(transaction.get(), runtime::Stopped);
}

TEST_F(TransactionRunnerTest, OffsetsLeftUnansweredAreGivenUpWithTheProducerAndRedone) {
  auto runner = connected_while_the_group_coordinator_is_down();
  auto unanswered = commit_offsets(*runner, [] {});
  end_if_hung(unanswered);
  const TransactionOutcome outcome = unanswered.get();
  EXPECT_FALSE(outcome.committed);
  EXPECT_NE(outcome.failure.find("no answer"), std::string::npos) << outcome.failure;
  EXPECT_EQ(log_.count("replacing the producer"), 1u);
  cluster_.broker_up(3);
  auto redone = commit_offsets(*runner, [] {});
  end_if_hung(redone);
  EXPECT_TRUE(redone.get().committed);
}

}  // namespace
}  // namespace mobilecs::kafka
