#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "core/model/agreement.h"
#include "kafka/kafka_config.h"
#include "kafka/transaction_runner.h"

namespace mobilecs::app {

// A message to publish.
struct Outgoing {
  std::string topic;
  std::string key;
  std::string value;
  kafka::TimestampMs timestamp;
};

// Agreements as the `agreements` topic holds them (key msisdn, timestamp signedAt,
// docs/formats.md §3).
std::vector<Outgoing> agreement_messages(const kafka::KafkaConfig& config,
                                         std::span<const core::Agreement> agreements);

// Publishes messages to mobilecs' topics (the agreements the generators make, audit events),
// each call in one transaction. Creates the topics first if needed. Thread-safe.
class KafkaPublisher {
 public:
  // With `give_up_after`, a publish that cannot reach the broker for that long throws
  // kafka::KafkaError (an HTTP request must get its answer); without, it waits until the
  // broker answers or `stop` is requested.
  KafkaPublisher(kafka::KafkaConfig config, std::string transactional_id, std::stop_token stop,
                 std::optional<std::chrono::milliseconds> give_up_after = std::nullopt);

  // Creates the topics and initialises the transactions ahead of the first publish (on a new
  // cluster Kafka creates its transaction log then, which can take longer than a request
  // waits), waiting for the broker until `stop`. A publish meanwhile waits its turn, at most
  // `give_up_after`.
  void prepare(std::stop_token stop);
  // Whether prepare() or a publish has connected: the next publish starts at once.
  bool prepared() const { return prepared_.load(std::memory_order_acquire); }

  void publish(std::span<const Outgoing> messages);

 private:
  void connect(std::optional<std::stop_token> stop);

  kafka::KafkaConfig config_;
  std::optional<std::chrono::milliseconds> give_up_after_;
  std::stop_token stop_;
  std::timed_mutex mutex_;
  bool topics_ready_ = false;
  std::atomic<bool> prepared_ = false;
  kafka::TransactionRunner transactions_;
};

}  // namespace mobilecs::app
