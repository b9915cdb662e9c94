// Reading partitions to their ends on the real broker (scripts/stack up), for what librdkafka's
// mock cluster cannot show: records of a transaction still open, which a committed reader does
// not see yet.
#include <gtest/gtest.h>

#include <future>
#include <iostream>

#include "kafka/group_consumer.h"
#include "kafka/partition_reader.h"
#include "kafka/topic_admin.h"
#include "kafka/transaction_runner.h"
#include "testing/eventually.h"
#include "testing/kafka_topics.h"
#include "testing/open_transaction.h"

namespace mobilecs::kafka {
namespace {

using namespace std::chrono_literals;

class PartitionReaderBrokerTest : public ::testing::Test {
 protected:
  void SetUp() override { ensure_topics(config_, {{topic_, 1, true, false}}); }
  void TearDown() override {
    try {
      delete_topics(config_, list_topics(config_, config_.prefix));
    } catch (const std::exception& e) {
      std::cerr << "could not delete the test's topics: " << e.what() << "\n";
    }
  }

  // Where partition 0's log ends, uncommitted records included.
  std::int64_t log_end() {
    GroupConsumerSettings settings;
    settings.group = config_.prefix + "asker";
    settings.client_id = "asker";
    GroupConsumer asker(config_, settings);
    const auto ends = asker.log_ends({{topic_, PartitionId{0}}}, 2s);
    return ends && !ends->empty() ? ends->front().second.value : -1;
  }

  KafkaConfig config_ =
      testing::test_kafka(::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::string topic_ = config_.name("changelog");
  std::stop_source stop_;
};

// A role taking partitions over reads their changelog while the previous owner may still be
// committing its last step. Stopping at what is committed would rebuild the state without that
// step, whose consumed offsets are then committed all the same: its input would be lost.
TEST_F(PartitionReaderBrokerTest, ATransactionStillOpenIsWaitedForAndItsRecordsRead) {
  // Open longer than the test can take on a busy machine: the broker must not abort it.
  KafkaConfig writer = config_;
  writer.client_settings.emplace_back("transaction.timeout.ms", "120000");
  testing::OpenTransaction previous_owner(
      writer, config_.prefix + "previous-owner", [&](Transaction& t) {
        t.produce(topic_, PartitionId{0}, "key", "last step", TimestampMs::now());
      });
  ASSERT_TRUE(testing::eventually([&] { return log_end() > 0; }, 30s))
      << "the open transaction's record never reached the broker";

  std::vector<std::string> seen;
  auto reading = std::async(std::launch::async, [&] {
    return read_partitions_to_end(
        config_, topic_, {{PartitionId{0}, Offset{-1}}},
        [&](const Message& m) { seen.emplace_back(m.value().value_or("")); }, stop_.get_token());
  });
  // The previous owner is still committing: the read waits, however long that takes.
  EXPECT_EQ(reading.wait_for(3s), std::future_status::timeout)
      << "the read ended with a transaction still open on the partition";

  previous_owner.commit();
  ASSERT_EQ(reading.wait_for(60s), std::future_status::ready);
  const auto next = reading.get();
  EXPECT_EQ(seen, std::vector<std::string>{"last step"});
  EXPECT_GE(next.at(PartitionId{0}).value, 2);  // past the record and its commit marker
}

}  // namespace
}  // namespace mobilecs::kafka
