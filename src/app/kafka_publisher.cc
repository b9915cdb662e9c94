#include "app/kafka_publisher.h"

#include "core/codec/agreement_json.h"
#include "kafka/kafka_error.h"
#include "kafka/topic_admin.h"
#include "runtime/retry.h"

namespace mobilecs::app {

std::vector<Outgoing> agreement_messages(const kafka::KafkaConfig& config,
                                         std::span<const core::Agreement> agreements) {
  std::vector<Outgoing> out;
  const std::string topic = config.name(kafka::topic::kAgreements);
  for (const core::Agreement& a : agreements) {
    out.push_back(Outgoing{topic, a.msisdn, core::agreement_to_json(a),
                           kafka::TimestampMs{a.signed_at.instant.epoch_millis()}});
  }
  return out;
}

KafkaPublisher::KafkaPublisher(kafka::KafkaConfig config, std::string transactional_id,
                               std::stop_token stop,
                               std::optional<std::chrono::milliseconds> give_up_after)
    : config_(std::move(config)),
      give_up_after_(give_up_after),
      stop_(std::move(stop)),
      transactions_(config_, config_.name(transactional_id), stop_, give_up_after) {
  transactions_.set_topics(
      {config_.name(kafka::topic::kAgreements), config_.name(kafka::topic::kAudit)});
}

void KafkaPublisher::prepare(std::stop_token stop) {
  std::lock_guard lock(mutex_);
  connect(std::move(stop));
}

// Under mutex_. With `stop`, patient (prepare); without, as patient as a publish.
void KafkaPublisher::connect(std::optional<std::stop_token> stop) {
  if (!topics_ready_) {
    runtime::retry_with_mitigation(
        runtime::RetryPolicy{"creating the topics on " + config_.bootstrap_servers,
                             config_.retry_backoff, stop ? std::nullopt : give_up_after_},
        stop.value_or(stop_),
        [&] { kafka::ensure_topics(config_, kafka::mobilecs_topics(config_)); },
        kafka::retry_while_unreachable);
    topics_ready_ = true;
  }
  transactions_.connect(stop);
  prepared_.store(true, std::memory_order_release);
}

void KafkaPublisher::publish(std::span<const Outgoing> messages) {
  std::unique_lock lock(mutex_, std::defer_lock);
  if (!give_up_after_) {
    lock.lock();
  } else if (!lock.try_lock_for(*give_up_after_)) {
    throw kafka::KafkaError("still connecting to Kafka at " + config_.bootstrap_servers +
                                "; try again once /ready answers 200",
                            0, kafka::KafkaError::Flags{.retriable = true});
  }
  connect(std::nullopt);
  transactions_.run_until_committed(
      "publishing to Kafka at " + config_.bootstrap_servers,
      [&](kafka::Transaction& t) {
        for (const Outgoing& m : messages) {
          t.produce(m.topic, std::nullopt, m.key, m.value, m.timestamp);
        }
      },
      give_up_after_);
}

}  // namespace mobilecs::app
