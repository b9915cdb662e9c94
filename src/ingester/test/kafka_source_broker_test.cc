#include <gtest/gtest.h>

#include <iostream>

#include "ingester/kafka_source.h"
#include "intake/record_parsers.h"
#include "kafka/murmur2_partitioner.h"
#include "kafka/topic_admin.h"
#include "kafka/transaction_runner.h"
#include "testing/eventually.h"
#include "testing/kafka_topics.h"
#include "testing/open_transaction.h"

namespace mobilecs::ingester {
namespace {

using namespace std::chrono_literals;

constexpr int kPartitions = 2;

// The ingester's input port on the real broker (scripts/stack up), for what librdkafka's mock
// cluster cannot show: it makes every record readable at once, transaction open or not.
class KafkaSourceBrokerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kafka::ensure_topics(config_, {{topics_.agreements, kPartitions, true, false},
                                   {topics_.records, kPartitions, false, true}});
  }
  void TearDown() override {
    try {
      kafka::delete_topics(config_, kafka::list_topics(config_, config_.prefix));
    } catch (const std::exception& e) {
      std::cerr << "could not delete the test's topics: " << e.what() << "\n";
    }
  }

  std::unique_ptr<kafka::GroupConsumer> member(const std::string& id = "one") {
    kafka::GroupConsumerSettings settings;
    settings.group = config_.prefix + "ingesters";
    settings.client_id = id;
    settings.topics = {topics_.agreements, topics_.records};
    settings.paused_on_assign = {topics_.records};
    auto consumer = std::make_unique<kafka::GroupConsumer>(config_, std::move(settings));
    consumer->subscribe();
    return consumer;
  }
  KafkaSource source(kafka::GroupConsumer& consumer) {
    return KafkaSource(consumer, topics_, kPartitions, 0ms, 100'000, runtime::BackoffConfig{},
                       stop_.get_token());
  }

  // Polls until `done` says the batch just read is enough.
  template <class Done>
  void poll_until(KafkaSource& source, Done&& done) {
    const bool finished = testing::eventually(
        [&] {
          return done(source.poll(stop_.get_token(), std::chrono::steady_clock::now() + 50ms));
        },
        30s, 0ms);
    ASSERT_TRUE(finished) << "the source did not deliver in time";
  }

  kafka::KafkaConfig config_ =
      testing::test_kafka(::testing::UnitTest::GetInstance()->current_test_info()->name());
  IngesterTopics topics_{config_};
  std::stop_source stop_;
};

bool came_on(const KafkaSource::Batch& batch, core::PartitionId p) {
  return !batch.bad.empty() ||
         std::any_of(batch.inputs.begin(), batch.inputs.end(), [&](const auto& input) {
           return input.partition == p && !input.records.empty();
         });
}

// An importer slow to commit (a busy broker, a stalled process) leaves every partition quiet
// while its records wait in a transaction still open. Were the partitions counted idle, the
// watermark would pass those records before they come, and they would be late (docs/semantics.md
// §7). So a partition whose log holds records not yet readable is not at its end.
TEST_F(KafkaSourceBrokerTest, APartitionWithRecordsInATransactionStillOpenIsNotAtItsEnd) {
  const std::string msisdn = "48500000001";
  const core::PartitionId p{kafka::java_partition(msisdn, kPartitions)};
  auto consumer = member();
  KafkaSource source = this->source(*consumer);
  std::set<core::PartitionId> caught_up;
  poll_until(source, [&](const KafkaSource::Batch& batch) {
    caught_up.insert(batch.caught_up.begin(), batch.caught_up.end());
    return caught_up.size() == kPartitions;
  });

  intake::IncomingRecordMessageParser parser;
  intake::IncomingRecordMessage record;
  std::string error;
  ASSERT_TRUE(parser.parse("r1;2020-01-10T00:00Z;" + msisdn + ";1", record, error)) << error;

  testing::OpenTransaction importer(config_, config_.prefix + "importer",
                                    [&](kafka::Transaction& t) {
                                      t.produce(topics_.records, p, record.key, record.value,
                                                kafka::TimestampMs{record.timestamp_ms});
                                    });
  bool came_first = false;
  poll_until(source, [&](const KafkaSource::Batch& batch) {
    came_first = came_on(batch, p);
    return came_first || batch.resumed.contains(p);
  });
  EXPECT_FALSE(came_first) << "partition " << p.value
                           << " stayed at its end while its record waited for a commit";

  importer.commit();
  bool came = came_first;
  poll_until(source, [&](const KafkaSource::Batch& batch) {
    came |= came_on(batch, p);
    return came && batch.caught_up.contains(p);
  });
}

// The runner polls again only once the step it was committing has ended: until then, what that
// step commits for the revoked partitions (offsets, changelog) could reach their next owner after
// it restored their state, which it would then lack.
TEST_F(KafkaSourceBrokerTest, RevokedPartitionsGoToTheNextMemberOnlyWhenTheFirstPollsAgain) {
  auto first_consumer = member("first");
  KafkaSource first = source(*first_consumer);
  std::size_t first_has = 0;
  ASSERT_TRUE(testing::eventually(
      [&] {
        first_has +=
            first.poll(stop_.get_token(), std::chrono::steady_clock::now() + 50ms).assigned.size();
        return first_has == static_cast<std::size_t>(kPartitions);
      },
      30s, 0ms));
  auto second_consumer = member("second");
  KafkaSource second = source(*second_consumer);
  ASSERT_TRUE(testing::eventually(
      [&] {
        return !first.poll(stop_.get_token(), std::chrono::steady_clock::now() + 50ms)
                    .revoked.empty();
      },
      30s, 0ms));
  // The first member is busy (committing); the second waits, however long it polls.
  const auto busy_until = std::chrono::steady_clock::now() + 3s;
  while (std::chrono::steady_clock::now() < busy_until) {
    ASSERT_TRUE(
        second.poll(stop_.get_token(), std::chrono::steady_clock::now() + 50ms).assigned.empty())
        << "the second member got partitions while the first had not let them go";
  }
  bool second_assigned = false;
  ASSERT_TRUE(testing::eventually(
      [&] {
        first.poll(stop_.get_token(), std::chrono::steady_clock::now() + 20ms);
        second_assigned |= !second.poll(stop_.get_token(), std::chrono::steady_clock::now() + 20ms)
                                .assigned.empty();
        return second_assigned;
      },
      60s, 0ms));
}

}  // namespace
}  // namespace mobilecs::ingester
