#include "ingester/kafka_source.h"

#include <gtest/gtest.h>

#include <map>

#include "core/codec/agreement_json.h"
#include "generator/agreements_generator.h"
#include "intake/record_parsers.h"
#include "kafka/murmur2_partitioner.h"
#include "kafka/test/mock_cluster.h"
#include "kafka/transaction_runner.h"
#include "testing/eventually.h"

namespace mobilecs::ingester {
namespace {

using kafka::testing::MockCluster;
using namespace std::chrono_literals;

constexpr int kPartitions = 2;

// The ingester's input port over librdkafka's mock cluster: the agreements and records topics,
// a member of the ingesters' group reading them.
class KafkaSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = cluster_.config();
    cluster_.create_topic(topics_.agreements, kPartitions);
    cluster_.create_topic(topics_.records, kPartitions);
  }

  std::unique_ptr<kafka::GroupConsumer> member(const std::string& id) {
    kafka::GroupConsumerSettings settings;
    settings.group = "ingesters";
    settings.client_id = id;
    settings.topics = {topics_.agreements, topics_.records};
    settings.paused_on_assign = {topics_.records};
    auto consumer = std::make_unique<kafka::GroupConsumer>(config_, std::move(settings));
    consumer->subscribe();
    return consumer;
  }
  KafkaSource source(kafka::GroupConsumer& consumer, std::size_t max_step_records = 100'000) {
    return KafkaSource(consumer, topics_, kPartitions, 0ms, max_step_records,
                       runtime::BackoffConfig{}, stop_.get_token());
  }

  // An agreement of the reference data set, and the partition its MSISDN hashes to.
  core::Agreement agreement() { return agreements_.next(); }
  core::PartitionId partition_of(const core::Agreement& a) {
    return core::PartitionId{kafka::java_partition(a.msisdn, kPartitions)};
  }
  void publish(const std::string& topic, core::PartitionId partition, const std::string& key,
               const std::string& value) {
    kafka::TransactionRunner producer(config_, "test-producer", stop_.get_token());
    producer.run_until_committed("publishing", [&](kafka::Transaction& t) {
      t.produce(topic, partition, key, value, kafka::TimestampMs{1'578'000'000'000});
    });
  }
  void publish_agreement(const core::Agreement& a, core::PartitionId partition) {
    publish(topics_.agreements, partition, a.msisdn, core::agreement_to_json(a));
  }
  static intake::IncomingRecordMessage record_message(const core::Agreement& a, int bytes) {
    intake::IncomingRecordMessageParser parser;
    intake::IncomingRecordMessage message;
    std::string error;
    const std::string line = "r" + std::to_string(bytes) + ";2020-01-10T00:00Z;" + a.msisdn + ";" +
                             std::to_string(bytes);
    EXPECT_TRUE(parser.parse(line, message, error)) << error;
    return message;
  }
  void publish_record(const core::Agreement& a, int bytes) {
    const auto message = record_message(a, bytes);
    publish(topics_.records, partition_of(a), message.key, message.value);
  }
  // Records of several agreements in one transaction, as the importer writes a file's.
  void publish_records_together(const std::vector<core::Agreement>& agreements) {
    kafka::TransactionRunner producer(config_, "test-producer", stop_.get_token());
    producer.run_until_committed("publishing", [&](kafka::Transaction& t) {
      for (const core::Agreement& a : agreements) {
        const auto message = record_message(a, 1);
        t.produce(topics_.records, partition_of(a), message.key, message.value,
                  kafka::TimestampMs{1'578'000'000'000});
      }
    });
  }

  // Polls until `done` says the batches so far are enough.
  template <class Done>
  std::vector<KafkaSource::Batch> poll_until(KafkaSource& source, Done&& done) {
    std::vector<KafkaSource::Batch> batches;
    const bool finished = testing::eventually(
        [&] {
          batches.push_back(
              source.poll(stop_.get_token(), std::chrono::steady_clock::now() + 50ms));
          return done(batches);
        },
        30s, 0ms);
    EXPECT_TRUE(finished) << "the source did not deliver in time";
    return batches;
  }

  // Two agreements on different partitions, whose records partitions are led by brokers 1 and 2;
  // everything else (the producer's transactions, the group) is coordinated by broker 1.
  std::pair<core::Agreement, core::Agreement> agreements_led_by_brokers_1_and_2() {
    const core::Agreement a = agreement();
    core::Agreement b = agreement();
    while (partition_of(b) == partition_of(a)) b = agreement();
    publish_agreement(a, partition_of(a));
    publish_agreement(b, partition_of(b));
    cluster_.set_leader(topics_.records, partition_of(a).value, 1);
    cluster_.set_leader(topics_.records, partition_of(b).value, 2);
    cluster_.move_transaction_coordinator("test-producer", 1);
    cluster_.move_group_coordinator("ingesters", 1);
    return {a, b};
  }
  // Polls until every records partition was read to its end.
  void await_caught_up(KafkaSource& s) {
    std::set<core::PartitionId> caught_up;
    poll_until(s, [&](const auto& batches) {
      caught_up.insert(batches.back().caught_up.begin(), batches.back().caught_up.end());
      return caught_up.size() == static_cast<std::size_t>(kPartitions);
    });
  }

  MockCluster cluster_;
  kafka::KafkaConfig config_;
  IngesterTopics topics_{kafka::KafkaConfig{}};
  generator::AgreementsGenerator agreements_;
  std::stop_source stop_;
};

bool records_of(const KafkaSource::Batch& batch, core::PartitionId p) {
  return std::any_of(batch.inputs.begin(), batch.inputs.end(), [&](const auto& input) {
    return input.partition == p && !input.records.empty();
  });
}

std::size_t count_records(const std::vector<KafkaSource::Batch>& batches) {
  std::size_t n = 0;
  for (const auto& b : batches) {
    for (const auto& input : b.inputs) n += input.records.size();
  }
  return n;
}

TEST_F(KafkaSourceTest, RecordsOfAPartitionComeOnlyAfterItsAgreementsAreReadToTheirEnd) {
  // Many agreements on one partition, read a few at a time, and records there from the start:
  // without the gate, records would come while the agreements are still being read.
  const core::Agreement first = agreement();
  const core::PartitionId p = partition_of(first);
  std::vector<core::Agreement> on_p{first};
  while (on_p.size() < 1000) {
    if (core::Agreement a = agreement(); partition_of(a) == p) on_p.push_back(a);
  }
  for (int i = 1; i <= 3; ++i) publish_record(first, i);
  kafka::TransactionRunner producer(config_, "test-agreements", stop_.get_token());
  producer.run_until_committed("publishing", [&](kafka::Transaction& t) {
    for (const core::Agreement& a : on_p) {
      t.produce(topics_.agreements, p, a.msisdn, core::agreement_to_json(a),
                kafka::TimestampMs{1'578'000'000'000});
    }
  });
  auto consumer = member("one");
  KafkaSource s = source(*consumer, /*max_step_records=*/5);
  const auto batches =
      poll_until(s, [](const auto& batches) { return count_records(batches) == 3; });
  std::size_t agreements_read = 0;
  for (const auto& batch : batches) {
    for (const auto& input : batch.inputs) {
      // Within a batch an input's agreements are applied before its records.
      agreements_read += input.agreements.size();
      if (!input.records.empty()) {
        EXPECT_EQ(agreements_read, on_p.size())
            << "records of partition " << p.value << " came before its agreements were all read";
      }
    }
  }
}

// Records committed together on two partitions whose leaders are different brokers come apart: a
// partition read to its end whose records are still on their way must not look idle, or the
// watermark could pass them before they come (docs/semantics.md §7).
TEST_F(KafkaSourceTest, APartitionWhoseRecordsAreStillOnTheirWayIsNotAtItsEnd) {
  const auto [a, b] = agreements_led_by_brokers_1_and_2();
  const core::PartitionId pa = partition_of(a), pb = partition_of(b);
  auto consumer = member("one");
  KafkaSource s = source(*consumer);
  await_caught_up(s);

  cluster_.slow_down(2, 300);  // b's leader: its fetches answer late
  publish_records_together({a, b});
  const auto batches =
      poll_until(s, [&](const auto& batches) { return records_of(batches.back(), pa); });
  const KafkaSource::Batch& first = batches.back();
  EXPECT_TRUE(records_of(first, pb) || first.resumed.contains(pb))
      << "partition " << pb.value << " looked idle while its record was on its way";
  EXPECT_FALSE(first.caught_up.contains(pb));
  // It comes, and the partition is at its end again.
  bool came = records_of(first, pb);
  poll_until(s, [&](const auto& batches) {
    came |= records_of(batches.back(), pb);
    return came && batches.back().caught_up.contains(pb);
  });

  // A partition whose end did not move stays at its end.
  cluster_.slow_down(2, 0);
  publish_record(a, 2);
  const auto later =
      poll_until(s, [&](const auto& batches) { return records_of(batches.back(), pa); });
  EXPECT_FALSE(later.back().resumed.contains(pb));
}

// Without an answer from a partition's leader, nobody can tell whether records are on their way:
// the partition holds the watermark, and is released once an answer says its end did not move.
TEST_F(KafkaSourceTest, APartitionWhoseLeaderDoesNotAnswerHoldsTheWatermarkUntilItDoes) {
  const auto [a, b] = agreements_led_by_brokers_1_and_2();
  const core::PartitionId pa = partition_of(a), pb = partition_of(b);
  auto consumer = member("one");
  KafkaSource s = source(*consumer);
  await_caught_up(s);

  cluster_.broker_down(2);
  publish_record(a, 1);
  bool held = false;
  poll_until(s, [&](const auto& batches) {
    held |= batches.back().resumed.contains(pb);
    return std::any_of(batches.back().inputs.begin(), batches.back().inputs.end(),
                       [&](const auto& input) { return input.partition == pa; });
  });
  EXPECT_TRUE(held) << "partition " << pb.value << " stayed idle though its leader was away";

  cluster_.broker_up(2);
  poll_until(s, [&](const auto& batches) { return batches.back().caught_up.contains(pb); });
}

TEST_F(KafkaSourceTest, AnAgreementOnAnotherPartitionThanItsMsisdnsIsABadInputWithTheReason) {
  const core::Agreement a = agreement();
  const core::PartitionId wrong{(partition_of(a).value + 1) % kPartitions};
  publish_agreement(a, wrong);
  auto consumer = member("one");
  KafkaSource s = source(*consumer);
  const auto batches = poll_until(s, [](const auto& batches) {
    return std::any_of(batches.begin(), batches.end(),
                       [](const auto& b) { return !b.bad.empty(); });
  });
  for (const auto& batch : batches) {
    for (const auto& input : batch.inputs) EXPECT_TRUE(input.agreements.empty());
    for (const auto& bad : batch.bad) {
      EXPECT_NE(bad.reason.find("hashes to partition " + std::to_string(partition_of(a).value)),
                std::string::npos)
          << bad.reason;
      EXPECT_EQ(bad.origin, topics_.agreements + "[" + std::to_string(wrong.value) + "]");
    }
  }
}

TEST_F(KafkaSourceTest, ASecondMemberTakesPartitionsOverAndTheFirstIsToldWhichItLost) {
  auto first_consumer = member("first");
  KafkaSource first = source(*first_consumer);
  std::set<core::PartitionId> first_has;
  auto follow = [](std::set<core::PartitionId>& has, const KafkaSource::Batch& b) {
    for (const auto p : b.revoked) has.erase(p);
    has.insert(b.assigned.begin(), b.assigned.end());
  };
  ASSERT_TRUE(testing::eventually(
      [&] {
        follow(first_has, first.poll(stop_.get_token(), std::chrono::steady_clock::now() + 50ms));
        return first_has.size() == static_cast<std::size_t>(kPartitions);
      },
      30s, 0ms));
  auto second_consumer = member("second");
  KafkaSource second = source(*second_consumer);
  std::set<core::PartitionId> second_has;
  bool first_told = false;
  ASSERT_TRUE(testing::eventually(
      [&] {
        const auto a = first.poll(stop_.get_token(), std::chrono::steady_clock::now() + 20ms);
        first_told |= !a.revoked.empty();
        follow(first_has, a);
        follow(second_has, second.poll(stop_.get_token(), std::chrono::steady_clock::now() + 20ms));
        return first_has.size() == 1 && second_has.size() == 1;
      },
      60s, 0ms))
      << "first has " << first_has.size() << ", second " << second_has.size();
  EXPECT_TRUE(first_told) << "the first member was never told it lost a partition";
  EXPECT_NE(*first_has.begin(), *second_has.begin());
}

TEST_F(KafkaSourceTest, AMemberKeepsReadingWhenTheGroupCoordinatorMoves) {
  const core::Agreement a = agreement();
  publish_agreement(a, partition_of(a));
  publish_record(a, 1);
  auto consumer = member("one");
  KafkaSource s = source(*consumer);
  poll_until(s, [](const auto& batches) { return count_records(batches) == 1; });
  for (int broker = 1; broker <= MockCluster::kBrokers; ++broker) {
    cluster_.move_group_coordinator("ingesters", broker);
    publish_record(a, broker + 1);
    // The new record comes (after a revocation and a new assignment, perhaps with records read
    // again from the committed offsets: the runner handles both).
    poll_until(s, [&](const auto& batches) {
      for (const auto& b : batches) {
        for (const auto& input : b.inputs) {
          for (const auto& r : input.records) {
            if (r.recorded_bytes == broker + 1) return true;
          }
        }
      }
      return false;
    });
  }
}

}  // namespace
}  // namespace mobilecs::ingester
