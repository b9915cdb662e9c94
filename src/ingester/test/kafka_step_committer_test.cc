#include "ingester/kafka_step_committer.h"

#include <gtest/gtest.h>

#include "core/model/msisdn.h"
#include "core/processing/test/processor_test_support.h"
#include "kafka/test/mock_cluster.h"
#include "rocks/rocks_data_record_store.h"
#include "testing/log_capture.h"
#include "testing/temp_dir.h"

namespace mobilecs::ingester {
namespace {

using kafka::testing::MockCluster;

constexpr std::int64_t kPlan = 1000;
const core::PartitionId kPartition{1};

// The ingester's commit port over librdkafka's mock cluster: a step committed by one process is
// the state another process restores from the changelog.
class KafkaStepCommitterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = cluster_.config();
    for (const std::string& topic : {topics_.agreements, topics_.records, topics_.notifications,
                                     topics_.late, topics_.changelog}) {
      cluster_.create_topic(topic, 2);
    }
  }

  static kafka::GroupConsumerSettings member_settings(const std::string& id,
                                                      const std::string& topic) {
    kafka::GroupConsumerSettings settings;
    settings.group = "ingesters";
    settings.client_id = id;
    settings.topics = {topic};
    return settings;
  }

  // One ingester's commit side: its local state, store, producer and group member.
  struct Process {
    Process(KafkaStepCommitterTest& test, const std::string& id)
        : local(test.dir_ / id, rocks::Database::Options{}),
          store(local),
          transactions(test.config_, "ingester-" + id, test.stop_.get_token()),
          consumer(test.config_, member_settings(id, test.topics_.records)),
          committer(test.config_, test.topics_, store, local, transactions, consumer,
                    test.stop_.get_token()) {}
    rocks::Database local;
    rocks::RocksDataRecordStore store;
    kafka::TransactionRunner transactions;
    kafka::GroupConsumer consumer;
    KafkaStepCommitter committer;
  };

  core::UsageRecord record(std::uint8_t id, const std::string& at, std::int64_t bytes) {
    const auto r = inputs_.record(id, "48600000001", at, bytes);
    return core::UsageRecord{core::MsisdnKey::parse(r.msisdn)->packed(), r.recorded_at,
                             r.internal_id, bytes};
  }
  runtime::PartitionInput<core::UsageRecord> input() {
    runtime::PartitionInput<core::UsageRecord> in;
    in.partition = kPartition;
    return in;
  }
  // The agreement and a first record, processed and committed as one step by `process`.
  void commit_first_step(Process& process) {
    runtime::UsageOperator op{core::ProcessorConfig{}};
    op.assign_partition(kPartition);
    auto in = input();
    in.agreements.push_back(inputs_.agreement(1, "48600000001", "2020-01-01T00:00Z", kPlan));
    in.records.push_back(record(2, "2020-01-02T12:00Z", 600));
    KafkaStepCommitter::StepType step;
    std::vector<runtime::BadInput> bad;
    op.apply(in, step.output, bad);
    op.end_step(step.state, step.output, bad);
    ASSERT_TRUE(bad.empty());
    ASSERT_FALSE(step.state.empty());
    step.summary.number = 1;
    process.committer.submit(std::move(step));
    process.committer.wait();
  }

  mobilecs::testing::LogCapture log_;
  mobilecs::testing::TempDir dir_;
  MockCluster cluster_;
  kafka::KafkaConfig config_;
  IngesterTopics topics_{kafka::KafkaConfig{}};
  core::testing::Inputs inputs_;
  std::stop_source stop_;
};

TEST_F(KafkaStepCommitterTest, AnotherProcessRestoresTheCommittedStateFromTheChangelog) {
  Process first(*this, "first");
  commit_first_step(first);
  EXPECT_EQ(first.committer.committed_through(), 1u);

  // A process with nothing local takes the partition over: everything comes from the changelog.
  Process second(*this, "second");
  runtime::UsageOperator op{core::ProcessorConfig{}};
  second.committer.restore({kPartition}, op);
  op.assign_partition(kPartition);
  EXPECT_EQ(op.processor().open_windows(), 1u);
  // The restored total counts: 600 before, 500 now reaches the plan of 1000.
  core::ProcessorOutput out;
  ASSERT_TRUE(op.processor().add_record(kPartition, record(3, "2020-01-03T12:00Z", 500), out));
  ASSERT_EQ(out.notifications.size(), 1u);
  EXPECT_EQ(out.notifications[0].type, core::NotificationType::kDataPlanExceeded);
  EXPECT_EQ(out.notifications[0].total_recorded_bytes, 1100);
}

TEST_F(KafkaStepCommitterTest, ALocalStateAtItsCheckpointReplaysNothing) {
  Process process(*this, "one");
  commit_first_step(process);
  runtime::UsageOperator op{core::ProcessorConfig{}};
  process.committer.restore({kPartition}, op);
  EXPECT_EQ(log_.count("0 changelog entries replayed"), 1u);
  EXPECT_EQ(op.processor().open_windows(), 1u);
}

}  // namespace
}  // namespace mobilecs::ingester
