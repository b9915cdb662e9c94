#include "app/agreement_publisher.h"

#include "core/codec/agreement_json.h"
#include "kafka/kafka_error.h"
#include "kafka/topic_admin.h"
#include "runtime/retry.h"

namespace mobilecs::app {

AgreementPublisher::AgreementPublisher(kafka::KafkaConfig config, std::string transactional_id,
                                       std::stop_token stop,
                                       std::optional<std::chrono::milliseconds> give_up_after)
    : config_(std::move(config)),
      give_up_after_(give_up_after),
      stop_(std::move(stop)),
      transactions_(config_, config_.name(transactional_id), stop_, give_up_after) {}

void AgreementPublisher::publish(std::span<const core::Agreement> agreements) {
  std::lock_guard lock(mutex_);
  const auto started = std::chrono::steady_clock::now();
  if (!topics_ready_) {
    runtime::retry_with_mitigation(
        runtime::RetryPolicy{"creating the topics on " + config_.bootstrap_servers,
                             std::chrono::milliseconds(200), std::chrono::seconds(5),
                             give_up_after_},
        stop_, [&] { kafka::ensure_topics(config_, kafka::mobilecs_topics(config_)); },
        kafka::retry_while_unreachable);
    topics_ready_ = true;
  }
  const std::string topic = config_.name(kafka::topic::kAgreements);
  for (;;) {
    const kafka::TransactionOutcome outcome = transactions_.run([&](kafka::Transaction& t) {
      for (const core::Agreement& a : agreements) {
        t.produce(topic, std::nullopt, a.msisdn, core::agreement_to_json(a),
                  kafka::TimestampMs{a.signed_at.instant.epoch_millis()});
      }
    });
    if (outcome.committed) return;
    if (!outcome.refused.empty()) throw kafka::KafkaError::configuration(outcome.refused[0].reason);
    if (give_up_after_ && std::chrono::steady_clock::now() - started >= *give_up_after_) {
      throw kafka::KafkaError("publishing agreements to " + topic + " did not succeed in time", 0,
                              kafka::KafkaError::Flags{.retriable = true});
    }
  }
}

}  // namespace mobilecs::app
