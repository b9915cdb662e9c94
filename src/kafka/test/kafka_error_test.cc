#include "kafka/kafka_error.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace mobilecs::kafka {
namespace {

using runtime::Recovery;

// What the Kafka adapter's classifier tells runtime::retry_with_mitigation.
TEST(RetryWhileUnreachable, RetriesWhatTheBrokerMightNotRepeatAndNothingElse) {
  EXPECT_EQ(retry_while_unreachable(KafkaError("timed out", -185, {.retriable = true})),
            Recovery::kRetry);
  EXPECT_EQ(retry_while_unreachable(KafkaError("transport", -195, {})), Recovery::kRetry);
  EXPECT_EQ(retry_while_unreachable(KafkaError::configuration("bad setting")), Recovery::kGiveUp);
  EXPECT_EQ(retry_while_unreachable(KafkaError("fenced", -144, {.fatal = true})),
            Recovery::kGiveUp);
  EXPECT_EQ(retry_while_unreachable(std::runtime_error("not Kafka's")), Recovery::kGiveUp);
}

}  // namespace
}  // namespace mobilecs::kafka
