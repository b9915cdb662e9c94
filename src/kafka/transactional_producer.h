#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kafka/kafka_config.h"

namespace mobilecs::kafka {

// A Kafka producer whose messages become visible to read_committed consumers all together or not
// at all, with consumer offsets committed in the same transaction (exactly-once processing).
// Keyed messages go to the partition Kafka's Java client would choose (murmur2), so topics
// written by mobilecs and by the reference's producers stay co-partitioned (SPEC §2.3).
// Failures throw KafkaError; after an abortable one, call abort() and redo the work; after a
// fatal one, replace the producer (see ProducerFencing) and redo the work.
class TransactionalProducer {
 public:
  // `transactional_id` must be stable per instance: a restarted instance fences its old self.
  TransactionalProducer(const KafkaConfig& config, const std::string& transactional_id);
  ~TransactionalProducer();

  void begin();
  // A message (or, without value, a tombstone) for the open transaction. `partition` -1: by key.
  void produce(const std::string& topic, std::int32_t partition, std::string_view key,
               std::optional<std::string_view> value, std::int64_t timestamp_ms);
  void send_offsets(RdKafka::KafkaConsumer& consumer,
                    const std::vector<RdKafka::TopicPartition*>& offsets);
  void commit();
  void abort();

  // For the last committed transaction: per partition of `topic`, the offset after its last
  // message there.
  std::map<std::int32_t, std::int64_t> next_offsets(const std::string& topic) const;

 private:
  class DeliveryReports;
  std::unique_ptr<DeliveryReports> reports_;
  std::unique_ptr<RdKafka::Producer> producer_;
};

// Decides whether a fatal producer error is survivable. The broker fences a producer when its
// transaction timed out (e.g. during a broker outage longer than the transaction timeout): a new
// producer under the same transactional id carries on. But if that keeps happening quickly,
// another live process uses the same id, and carrying on would fence it in turn.
class ProducerFencing {
 public:
  // True if a new producer should be made; false if this process should stop.
  bool survivable();

 private:
  std::vector<std::chrono::steady_clock::time_point> recent_;
};

}  // namespace mobilecs::kafka
