#include "kafka/transaction_runner.h"

#include <fmt/format.h>
#include <librdkafka/rdkafkacpp.h>
#include <spdlog/spdlog.h>

#include "kafka/kafka_error.h"
#include "kafka/transactional_producer.h"
#include "runtime/stop.h"

namespace mobilecs::kafka {

void Transaction::produce(const std::string& topic, std::optional<PartitionId> partition,
                          std::string_view key, std::optional<std::string_view> value,
                          TimestampMs timestamp, std::uint64_t tag) {
  producer_.produce(topic, partition, key, value, timestamp, tag);
}

void Transaction::add_offsets(const std::vector<std::pair<TopicPartition, Offset>>& offsets,
                              const GroupMetadata& group) {
  producer_.add_offsets(offsets, group);
}

TransactionRunner::TransactionRunner(const KafkaConfig& config, std::string transactional_id,
                                     std::stop_token stop,
                                     std::optional<std::chrono::milliseconds> give_up_after)
    : config_(config),
      transactional_id_(std::move(transactional_id)),
      stop_(std::move(stop)),
      give_up_after_(give_up_after) {}

TransactionRunner::~TransactionRunner() = default;

void TransactionRunner::initialise() {
  producer_ = std::make_shared<TransactionalProducer>(config_, transactional_id_, stop_);
  try {
    producer_->init();
    producer_->look_up(topics_);
  } catch (...) {
    producer_.reset();  // a producer is kept only initialised: the next attempt starts over
    throw;
  }
}

void TransactionRunner::connect(std::optional<std::stop_token> stop) {
  if (producer_) return;
  const runtime::RetryPolicy policy{fmt::format("initialising Kafka transactions as {} on {}",
                                                transactional_id_, config_.bootstrap_servers),
                                    config_.retry_backoff, stop ? std::nullopt : give_up_after_};
  runtime::retry_with_mitigation(
      policy, stop.value_or(stop_), [&] { initialise(); },
      [](const std::exception& failure) {
        const auto* kafka = dynamic_cast<const KafkaError*>(&failure);
        return kafka == nullptr || kafka->is_configuration() ? runtime::Recovery::kGiveUp
                                                             : runtime::Recovery::kRetry;
      });
}

TransactionOutcome TransactionRunner::run(const std::function<void(Transaction&)>& fill) {
  TransactionOutcome outcome;
  if (!producer_) {
    try {
      initialise();
    } catch (const KafkaError& failure) {
      if (failure.is_configuration()) throw;
      outcome.failure = failure.what();
      return outcome;
    }
  }
  try {
    producer_->begin();
    Transaction transaction(*producer_);
    fill(transaction);
    producer_->commit();
    outcome.committed = true;
    outcome.next_offsets = producer_->next_offsets();
    replacements_in_a_row_ = 0;
    return outcome;
  } catch (const KafkaError& failure) {
    if (failure.is_configuration()) throw;
    outcome.failure = failure.what();
    outcome.refused = producer_->refused_after(failure);
    recover(failure);
  } catch (const runtime::Stopped&) {
    producer_.reset();  // the open transaction is aborted by the broker or our next start
    throw;
  }
  return outcome;
}

void TransactionRunner::run_until_committed(
    std::string what, const std::function<void(Transaction&)>& fill,
    std::optional<std::chrono::milliseconds> give_up_after) {
  runtime::retry_with_mitigation(
      runtime::RetryPolicy{std::move(what), config_.retry_backoff, give_up_after}, stop_,
      [&] {
        const TransactionOutcome outcome = run(fill);
        if (!outcome.refused.empty()) {
          throw KafkaError::configuration(outcome.refused.front().reason);
        }
        if (!outcome.committed) {
          throw KafkaError(outcome.failure, 0, KafkaError::Flags{.retriable = true});
        }
      },
      retry_while_unreachable);
}

std::optional<std::vector<RefusedMessage>> TransactionRunner::probe(
    const std::function<void(Transaction&)>& fill) {
  // The first transaction after one the broker refused fails while librdkafka bumps the
  // producer's epoch ("skipped sequence numbers"): a probe that got no answer is sent once more.
  std::optional<std::vector<RefusedMessage>> answer = probe_once(fill);
  return answer ? answer : probe_once(fill);
}

std::optional<std::vector<RefusedMessage>> TransactionRunner::probe_once(
    const std::function<void(Transaction&)>& fill) {
  std::optional<std::vector<RefusedMessage>> answer;
  try {
    if (!producer_) initialise();
    producer_->begin();
    Transaction transaction(*producer_);
    fill(transaction);
    producer_->deliver_all();
    if (producer_->undelivered() == 0) answer = producer_->refused();
    abort_or_replace();
  } catch (const KafkaError& failure) {
    if (failure.is_configuration()) throw;
    if (!producer_) return answer;  // no producer could be made: no answer
    if (const auto refused = producer_->refused_after(failure); !refused.empty()) answer = refused;
    recover(failure);
  } catch (const runtime::Stopped&) {
    producer_.reset();
    throw;
  }
  return answer;
}

void TransactionRunner::recover(const KafkaError& failure) {
  const bool needs_new_producer = failure.fatal() || failure.code() == RdKafka::ERR__FENCED ||
                                  failure.code() == RdKafka::ERR__STATE ||
                                  failure.code() == RdKafka::ERR_PRODUCER_FENCED;
  if (needs_new_producer) {
    replace_producer(failure.what());
    return;
  }
  spdlog::warn("{}; aborting the transaction", failure.what());
  abort_or_replace();
}

void TransactionRunner::abort_or_replace() {
  try {
    producer_->abort();
  } catch (const KafkaError& failure) {
    replace_producer(failure.what());
  } catch (const runtime::Stopped&) {
    producer_.reset();
    throw;
  }
}

void TransactionRunner::replace_producer(std::string_view why) {
  ++replacements_in_a_row_;
  spdlog::warn(
      "{}; replacing the producer of {} (it fences the old one and aborts what it left "
      "open){}",
      why, transactional_id_,
      replacements_in_a_row_ >= 3
          ? fmt::format(" — {} times in a row: if the broker is up, is another process "
                        "running with the same instance id?",
                        replacements_in_a_row_)
          : "");
  producer_.reset();
}

}  // namespace mobilecs::kafka
