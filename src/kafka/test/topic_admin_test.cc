#include "kafka/topic_admin.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "kafka/test/mock_cluster.h"

namespace mobilecs::kafka {
namespace {

using testing::MockCluster;

TEST(TopicAdmin, APartitionWithoutALeaderIsCountedUntilABrokerLeadsIt) {
  MockCluster cluster;
  cluster.create_topic("agreements", 3);
  cluster.set_leader("agreements", 2, -1);
  EXPECT_EQ(topic_layout(cluster.config(), "agreements").partitions, 3);
  EXPECT_EQ(topic_layout(cluster.config(), "agreements").without_leader, 1);
  cluster.set_leader("agreements", 2, 3);
  EXPECT_EQ(topic_layout(cluster.config(), "agreements").without_leader, 0);
}

// A transaction writing to a partition whose leader is not elected yet can time out: the first
// publish of a backend started right after `init` on a three-broker cluster did.
TEST(TopicAdmin, TopicsAreReadyOnceEveryPartitionHasALeader) {
  MockCluster cluster;
  const KafkaConfig config = cluster.config();
  cluster.create_topic("agreements", 3);
  cluster.set_leader("agreements", 1, -1);
  auto ensured = std::async(std::launch::async, [&] { await_leaders(config, {"agreements"}); });
  EXPECT_EQ(ensured.wait_for(std::chrono::milliseconds(1000)), std::future_status::timeout);
  cluster.set_leader("agreements", 1, 2);
  ASSERT_EQ(ensured.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  ensured.get();
}

}  // namespace
}  // namespace mobilecs::kafka
