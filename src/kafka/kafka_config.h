#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/retry.h"

namespace mobilecs::kafka {

// Where the Kafka roles find their broker and topics.
struct KafkaConfig {
  std::string bootstrap_servers = "127.0.0.1:9092";
  // Prepended to every topic, consumer group and transactional id: several deployments (or
  // tests) can share one cluster. Empty in production, so topics keep the reference's names.
  std::string prefix;
  int partitions = 6;  // of the topics mobilecs creates
  // Their replication factor and min.insync.replicas; 0: chosen from the cluster's size
  // (kafka/topic_replication.h).
  int replication_factor = 0;
  int min_insync_replicas = 0;
  // librdkafka settings passed through as given (`-X key=value`): security.protocol, sasl.*,
  // ssl.*, client tuning. Applied to every client after mobilecs' own defaults.
  std::vector<std::pair<std::string, std::string>> client_settings;
  // Between the attempts of every retry of the role: the broker's and the store's.
  runtime::BackoffConfig retry_backoff;

  std::string name(std::string_view base) const { return prefix + std::string(base); }
};

// Topic names of docs/formats.md §3, and mobilecs' own.
namespace topic {
inline constexpr std::string_view kAgreements = "agreements";
inline constexpr std::string_view kIncomingDataRecords = "incoming-data-records";
inline constexpr std::string_view kDataRecordsAggregates = "data-records-aggregates";
// Usage alerts: thresholds reached, forecasts (docs/semantics.md §10).
inline constexpr std::string_view kDataUsageAlerts = "data-usage-alerts";
// Compacted: how far each incoming file has been imported.
inline constexpr std::string_view kImportProgress = "mobilecs-import-progress";
// Compacted: the ingester's state, partitioned like its inputs.
inline constexpr std::string_view kIngesterChangelog = "mobilecs-ingester-changelog";
// Records that came after their billing period closed (docs/semantics.md §8).
inline constexpr std::string_view kLateDataRecords = "mobilecs-late-data-records";
// Every change made through the API, who made it, and what it replaced (docs/security.md).
inline constexpr std::string_view kAudit = "audit";
}  // namespace topic

}  // namespace mobilecs::kafka
