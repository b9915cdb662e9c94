#include "kafka/murmur2_partitioner.h"

#include <gtest/gtest.h>

namespace mobilecs::kafka {
namespace {

// Printed by Kafka's own Utils.murmur2 (kafka-clients 4.1.2, tools/reference/KafkaPartitions.java).
struct Vector {
  const char* key;
  std::int32_t hash;
  std::int32_t partition_of_6;
};

TEST(Murmur2Partitioner, MatchesKafkasJavaClient) {
  for (const Vector& v :
       {Vector{"48917846822", -1876533342, 2}, Vector{"48417390110", 248196734, 2},
        Vector{"", 275646681, 3}, Vector{"a", -1563381124, 4}, Vector{"ab", 316155434, 2},
        Vector{"abc", 479470107, 3}, Vector{"abcd", -1323649548, 2},
        Vector{"0b12c601-9287-3f5c-a78c-df508fe0f889", -1205197436, 0},
        Vector{"48111501311", -1712754984, 2}}) {
    EXPECT_EQ(murmur2(v.key), v.hash) << v.key;
    EXPECT_EQ(java_partition(v.key, 6), v.partition_of_6) << v.key;
  }
}

}  // namespace
}  // namespace mobilecs::kafka
