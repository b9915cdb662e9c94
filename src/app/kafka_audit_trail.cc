#include "app/kafka_audit_trail.h"

namespace mobilecs::app {

KafkaAuditTrail::KafkaAuditTrail(const kafka::KafkaConfig& config,
                                 std::shared_ptr<KafkaPublisher> publisher)
    : topic_(config.name(kafka::topic::kAudit)), publisher_(std::move(publisher)) {
  follower_.emplace(config, topic_, static_cast<std::int64_t>(kKept),
                    [this](const kafka::Message& m) {
                      // Only events: whatever else a writer put on the topic is not shown.
                      if (!m.value() || !nlohmann::json::accept(*m.value())) return;
                      std::lock_guard lock(mutex_);
                      recent_.emplace_back(*m.value());
                      if (recent_.size() > kKept) recent_.pop_front();
                    });
}

void KafkaAuditTrail::record(const api::AuditEvent& event) {
  std::string key = event.target.is_object()   ? event.target.value("agreementId", "")
                    : event.target.is_string() ? event.target.get<std::string>()
                                               : "";
  const Outgoing message{topic_, std::move(key), api::audit_event_json(event),
                         kafka::TimestampMs{event.at_ms}};
  publisher_->publish(std::span(&message, 1));
}

std::vector<std::string> KafkaAuditTrail::recent(std::size_t limit) const {
  std::lock_guard lock(mutex_);
  const std::size_t n = std::min(limit, recent_.size());
  return {recent_.end() - static_cast<std::ptrdiff_t>(n), recent_.end()};
}

}  // namespace mobilecs::app
