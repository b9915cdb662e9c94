#include "kafka/topic_replication.h"

#include <gtest/gtest.h>

namespace mobilecs::kafka {
namespace {

TEST(TopicReplication, ThreeReplicasAndMinIsrTwoOnThreeBrokersOrMore) {
  for (int brokers : {3, 5}) {
    const auto r = choose_replication(0, 0, brokers);
    EXPECT_EQ(r.factor, 3) << brokers;
    EXPECT_EQ(r.min_insync, 2) << brokers;
  }
}

TEST(TopicReplication, AsManyReplicasAsBrokersBelowThree) {
  EXPECT_EQ(choose_replication(0, 0, 1).factor, 1);
  EXPECT_EQ(choose_replication(0, 0, 1).min_insync, 1);
  EXPECT_EQ(choose_replication(0, 0, 2).factor, 2);
  // Two replicas with a min ISR of two would stop every write while one broker restarts.
  EXPECT_EQ(choose_replication(0, 0, 2).min_insync, 1);
}

TEST(TopicReplication, FlagsWin) {
  const auto r = choose_replication(5, 3, 6);
  EXPECT_EQ(r.factor, 5);
  EXPECT_EQ(r.min_insync, 3);
  EXPECT_EQ(choose_replication(3, 0, 1).min_insync, 2);  // refused below, not shrunk
}

TEST(TopicReplication, AMinIsrAboveTheFactorIsRefusedNamingBothFlags) {
  EXPECT_FALSE(replication_problem({3, 2}));
  EXPECT_FALSE(replication_problem({3, 3}));
  const auto too_strict = replication_problem({2, 3});
  ASSERT_TRUE(too_strict);
  EXPECT_NE(too_strict->find("--min-insync-replicas 3 is more than --replication-factor 2"),
            std::string::npos);
}

}  // namespace
}  // namespace mobilecs::kafka
