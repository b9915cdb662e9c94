#pragma once

#include <stop_token>
#include <string>
#include <utility>

#include "runtime/retry.h"
#include "store/data_record_store.h"
#include "store/store_error.h"

namespace mobilecs::store {

// A store whose every call is retried while it fails transiently (store::retry_while_retryable),
// for callers with no retry of their own: the backend's reads, `generate data-records`. The
// ingester retries its writes itself and uses the store directly: no retry inside a retry.
class RetryingStore final : public DataRecordStore {
 public:
  // `give_up_after`: how long one call may keep trying (an HTTP request must get its answer).
  RetryingStore(DataRecordStore& store, runtime::BackoffConfig backoff,
                std::optional<std::chrono::milliseconds> give_up_after, std::stop_token stop)
      : store_(store), backoff_(backoff), give_up_after_(give_up_after), stop_(std::move(stop)) {}

  void write(std::span<const core::DataRecord> records) override {
    retry("writing data records", [&] { store_.write(records); });
  }
  std::vector<core::DataRecord> find(const core::Uuid& agreement_id, int year, int month) override {
    return retry("reading data records", [&] { return store_.find(agreement_id, year, month); });
  }
  core::ByteTotal total_bytes(const core::Uuid& agreement_id, int year, int month) override {
    return retry("summing data records",
                 [&] { return store_.total_bytes(agreement_id, year, month); });
  }
  void write_agreements(std::span<const core::Agreement> agreements) override {
    retry("writing agreements", [&] { store_.write_agreements(agreements); });
  }
  std::optional<core::Agreement> find_agreement(const core::Uuid& id) override {
    return retry("reading an agreement", [&] { return store_.find_agreement(id); });
  }
  std::vector<core::Agreement> find_agreements_by_msisdn(std::string_view msisdn) override {
    return retry("finding agreements", [&] { return store_.find_agreements_by_msisdn(msisdn); });
  }

 private:
  template <class Call>
  auto retry(const char* what, Call&& call) -> decltype(call()) {
    return runtime::retry_with_mitigation(runtime::RetryPolicy{what, backoff_, give_up_after_},
                                          stop_, std::forward<Call>(call), retry_while_retryable);
  }

  DataRecordStore& store_;
  runtime::BackoffConfig backoff_;
  std::optional<std::chrono::milliseconds> give_up_after_;
  std::stop_token stop_;
};

}  // namespace mobilecs::store
