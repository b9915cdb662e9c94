#pragma once

#include <functional>
#include <future>
#include <stop_token>
#include <string>
#include <thread>

#include "kafka/kafka_config.h"
#include "kafka/transaction_runner.h"

namespace mobilecs::testing {

// A transaction a writer thread keeps open until commit(), as another process still committing
// would: what it produced is on the broker, and not readable with read_committed. However the
// test ends, it is committed before the writer is joined.
class OpenTransaction {
 public:
  OpenTransaction(const kafka::KafkaConfig& config, const std::string& transactional_id,
                  std::function<void(kafka::Transaction&)> produce)
      : writer_([this, config, transactional_id, produce = std::move(produce)] {
          kafka::TransactionRunner producer(config, transactional_id, stop_.get_token());
          producer.run_until_committed("a transaction held open", [&](kafka::Transaction& t) {
            produce(t);
            commit_now_.wait();
          });
        }) {}
  ~OpenTransaction() { commit(); }  // then writer_, the last member, is joined
  OpenTransaction(const OpenTransaction&) = delete;
  OpenTransaction& operator=(const OpenTransaction&) = delete;

  void commit() {
    if (committed_) return;
    committed_ = true;
    commit_.set_value();
  }

 private:
  std::promise<void> commit_;
  std::shared_future<void> commit_now_ = commit_.get_future().share();
  bool committed_ = false;
  std::stop_source stop_;
  std::jthread writer_;
};

}  // namespace mobilecs::testing
