// Reading partitions to their ends, against librdkafka's in-process mock cluster: each from
// where it is asked to, the empty ones and the ones already read to their end not at all, and
// the offsets to go on from for every partition asked about; a read whose ends cannot be asked
// fails, to be tried again (stopping at what is committed could miss a transaction still open).
#include "kafka/partition_reader.h"

#include <gtest/gtest.h>

#include "kafka/kafka_error.h"
#include "kafka/test/mock_cluster.h"
#include "kafka/transaction_runner.h"

namespace mobilecs::kafka {
namespace {

constexpr const char* kTopic = "compacted";

class PartitionReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_.create_topic(kTopic, 3);
    config_ = cluster_.config();
  }

  // Commits `values` to `partition`, in one transaction.
  void put(int partition, const std::vector<std::string>& values) {
    TransactionRunner runner(config_, "writer", stop_.get_token());
    ASSERT_TRUE(runner
                    .run([&](Transaction& t) {
                      for (const std::string& v : values) {
                        t.produce(kTopic, PartitionId{partition}, v, v, TimestampMs{0});
                      }
                    })
                    .committed);
  }

  // What reading from `from` visits, as "partition:value", in order per partition.
  std::vector<std::string> read(const std::map<PartitionId, Offset>& from,
                                std::map<PartitionId, Offset>& next) {
    std::vector<std::string> seen;
    next = read_partitions_to_end(config_, kTopic, from, [&](const Message& m) {
      seen.push_back(std::to_string(m.partition().value) + ":" + std::string(*m.value()));
    });
    std::sort(seen.begin(), seen.end());
    return seen;
  }

  testing::MockCluster cluster_;
  KafkaConfig config_;
  std::stop_source stop_;
};

TEST_F(PartitionReaderTest, ReadsEachPartitionFromItsOffsetAndSaysWhereToGoOn) {
  put(0, {"a", "b", "c"});
  put(1, {"d", "e"});
  std::map<PartitionId, Offset> next;
  const auto seen = read(
      {{PartitionId{0}, Offset{-1}}, {PartitionId{1}, Offset{1}}, {PartitionId{2}, Offset{-1}}},
      next);
  EXPECT_EQ(seen, (std::vector<std::string>{"0:a", "0:b", "0:c", "1:e"}));
  // Past each one's last message (and its transaction's commit marker); 0 for the empty one.
  EXPECT_GE(next.at(PartitionId{0}).value, 3);
  EXPECT_GE(next.at(PartitionId{1}).value, 2);
  EXPECT_EQ(next.at(PartitionId{2}).value, 0);
}

TEST_F(PartitionReaderTest, PartitionsReadToTheirEndsBeforeGiveNothingAndKeepTheirOffsets) {
  put(0, {"a"});
  std::map<PartitionId, Offset> first;
  read({{PartitionId{0}, Offset{-1}}, {PartitionId{2}, Offset{-1}}}, first);
  std::map<PartitionId, Offset> again;
  EXPECT_TRUE(read(first, again).empty());
  EXPECT_EQ(again, first);

  put(0, {"b"});  // only what came since is read
  EXPECT_EQ(read(first, again), (std::vector<std::string>{"0:b"}));
  EXPECT_GT(again.at(PartitionId{0}).value, first.at(PartitionId{0}).value);
}

TEST_F(PartitionReaderTest, AReadWhoseEndsCannotBeAskedFailsToBeTriedAgain) {
  put(0, {"a"});
  put(1, {"b"});
  cluster_.fail_next(testing::api::kListOffsets,
                     {RD_KAFKA_RESP_ERR_UNKNOWN, RD_KAFKA_RESP_ERR_UNKNOWN});
  std::map<PartitionId, Offset> next;
  try {
    read({{PartitionId{0}, Offset{-1}}, {PartitionId{1}, Offset{-1}}}, next);
    ADD_FAILURE() << "read to a committed end without knowing where the logs end";
  } catch (const KafkaError& e) {
    EXPECT_TRUE(e.retriable()) << e.what();
    EXPECT_NE(std::string(e.what()).find(std::string(kTopic) + "["), std::string::npos) << e.what();
  }
  EXPECT_EQ(read({{PartitionId{0}, Offset{-1}}, {PartitionId{1}, Offset{-1}}}, next),
            (std::vector<std::string>{"0:a", "1:b"}));
}

}  // namespace
}  // namespace mobilecs::kafka
