#include "store/store_error.h"

#include <gtest/gtest.h>

namespace mobilecs::store {
namespace {

using runtime::Recovery;

// What the store's classifier tells runtime::retry_with_mitigation: the store clients keep no
// state to repair, so a failure is either tried again as it is or given up.
TEST(RetryWhileRetryable, RetriesTransientStoreErrorsOnly) {
  EXPECT_EQ(retry_while_retryable(StoreError("Cassandra: timed out", true)), Recovery::kRetry);
  EXPECT_EQ(retry_while_retryable(StoreError("Cassandra: bad credentials", false)),
            Recovery::kGiveUp);
  EXPECT_EQ(retry_while_retryable(std::runtime_error("not the store's")), Recovery::kGiveUp);
}

}  // namespace
}  // namespace mobilecs::store
