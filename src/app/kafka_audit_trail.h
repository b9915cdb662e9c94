#pragma once

#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "api/audit_trail.h"
#include "app/kafka_publisher.h"
#include "kafka/topic_follower.h"

namespace mobilecs::app {

// The distributed roles' audit trail: the Kafka topic `audit` (key: the agreement or folder the
// change is about), each event in a transaction of its own, committed before the change is
// applied. recent() shows what the topic holds, read_committed, from every writer.
class KafkaAuditTrail : public api::AuditTrail {
 public:
  KafkaAuditTrail(const kafka::KafkaConfig& config, std::shared_ptr<KafkaPublisher> publisher);

  void record(const api::AuditEvent& event) override;
  std::vector<std::string> recent(std::size_t limit) const override;

 private:
  static constexpr std::size_t kKept = 10'000;

  std::string topic_;
  std::shared_ptr<KafkaPublisher> publisher_;
  mutable std::mutex mutex_;
  std::deque<std::string> recent_;
  std::optional<kafka::TopicFollower> follower_;  // last: stops before what it fills
};

}  // namespace mobilecs::app
