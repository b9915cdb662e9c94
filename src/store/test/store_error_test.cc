#include "store/store_error.h"

#include <gtest/gtest.h>

#include "store/retrying_store.h"

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

// A store whose reads fail `failures` times first, transiently or not.
class FlakyStore final : public DataRecordStore {
 public:
  FlakyStore(int failures, bool retryable) : failures_(failures), retryable_(retryable) {}
  void write(std::span<const core::DataRecord>) override {}
  std::vector<core::DataRecord> find(const core::Uuid&, int, int) override { return {}; }
  core::ByteTotal total_bytes(const core::Uuid&, int, int) override { return {}; }
  void write_agreements(std::span<const core::Agreement>) override {}
  std::optional<core::Agreement> find_agreement(const core::Uuid&) override {
    ++calls;
    if (failures_-- > 0) throw StoreError("Cassandra: timed out", retryable_);
    return core::Agreement{};
  }
  std::vector<core::Agreement> find_agreements_by_msisdn(std::string_view) override { return {}; }
  int calls = 0;

 private:
  int failures_;
  bool retryable_;
};

TEST(RetryingStore, RetriesTransientFailuresAndGivesTheRestToTheCaller) {
  using namespace std::chrono_literals;
  std::stop_source stop;
  FlakyStore flaky(2, true);
  RetryingStore retrying(flaky, runtime::BackoffConfig{1ms, 2ms}, std::nullopt, stop.get_token());
  EXPECT_TRUE(retrying.find_agreement(core::Uuid{}).has_value());
  EXPECT_EQ(flaky.calls, 3);

  FlakyStore broken(1, false);
  RetryingStore not_retried(broken, runtime::BackoffConfig{1ms, 2ms}, std::nullopt,
                            stop.get_token());
  EXPECT_THROW(not_retried.find_agreement(core::Uuid{}), StoreError);
  EXPECT_EQ(broken.calls, 1);

  FlakyStore down(1000, true);
  RetryingStore bounded(down, runtime::BackoffConfig{1ms, 2ms}, 20ms, stop.get_token());
  EXPECT_THROW(bounded.find_agreement(core::Uuid{}), StoreError);
}

}  // namespace
}  // namespace mobilecs::store
