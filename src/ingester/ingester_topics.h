#pragma once

#include <string>

#include "kafka/kafka_config.h"

namespace mobilecs::ingester {

// The topics an ingester reads and writes, with the deployment's prefix.
struct IngesterTopics {
  explicit IngesterTopics(const kafka::KafkaConfig& config)
      : agreements(config.name(kafka::topic::kAgreements)),
        records(config.name(kafka::topic::kIncomingDataRecords)),
        notifications(config.name(kafka::topic::kDataRecordsAggregates)),
        late(config.name(kafka::topic::kLateDataRecords)),
        alerts(config.name(kafka::topic::kDataUsageAlerts)),
        changelog(config.name(kafka::topic::kIngesterChangelog)) {}

  std::string agreements;
  std::string records;
  std::string
      notifications;  // data-records-aggregates: the notifications (its name is the reference's)
  std::string late;
  std::string alerts;  // data-usage-alerts
  std::string changelog;
};

}  // namespace mobilecs::ingester
