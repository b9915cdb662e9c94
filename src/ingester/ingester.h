#pragma once

#include <librdkafka/rdkafkacpp.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "core/codec/incoming_record_json.h"
#include "core/processing/usage_processor.h"
#include "core/time/time_zones.h"
#include "kafka/kafka_config.h"
#include "kafka/kafka_error.h"
#include "kafka/transactional_producer.h"
#include "metrics/pipeline_metrics.h"
#include "rocks/database.h"
#include "store/data_record_store.h"

namespace mobilecs::ingester {

struct IngesterConfig {
  kafka::KafkaConfig kafka;
  std::filesystem::path state_dir = "mobilecs-ingester";  // local state (a cache of the changelog)
  std::string instance_id = "1";  // stable per process: its transactional id
  core::ProcessorConfig processor;
  std::chrono::milliseconds max_batch_delay{200};
  std::size_t max_batch_messages = 200'000;
  metrics::PipelineMetrics* metrics = nullptr;  // counts what each transaction commits, when set
};

struct IngestStats {
  std::uint64_t messages = 0;
  std::uint64_t bad_messages = 0;
  std::uint64_t transactions = 0;
};

// `mobilecs ingester`: the UsageProcessor over Kafka. One consumer group reads `agreements` and
// `incoming-data-records`; partition i of both goes to the same member (range assignment over
// equal partition counts). Per batch, the matched records go to the data-record store first
// (idempotent upserts), then notifications, late-record reports, state changes (a compacted
// changelog, partitioned like the inputs) and the consumer offsets are committed in one Kafka
// transaction: read_committed consumers see every notification exactly once. Local RocksDB
// keeps the state between restarts, checkpointed against the changelog, so a partition taken
// over from another member is rebuilt from the changelog. Scale out by starting more.
class Ingester {
 public:
  Ingester(IngesterConfig config, store::DataRecordStore& store, rocks::Database& local);
  ~Ingester();

  // Runs until `stop`, or with `until_idle` until every assigned partition has been read to its
  // end and stayed quiet for the idle timeout.
  void run(bool until_idle, const std::atomic<bool>& stop);

  const IngestStats& stats() const { return stats_; }
  const core::UsageProcessor& processor() const { return *processor_; }

 private:
  class Rebalancer;
  struct Position {
    std::int64_t next_offset = -1;  // to commit; -1: nothing consumed yet
    bool at_end = false;
  };

  int check_partition_counts() const;
  void on_assign(const std::vector<RdKafka::TopicPartition*>& partitions);
  void on_revoke();
  // Brings the local state of `partitions` up to the changelog and loads it into the processor.
  void restore_partitions(const std::set<core::PartitionId>& partitions);
  void handle(const RdKafka::Message& message);
  void gate_records_behind_agreements();
  bool idle() const;
  // Commits what was consumed since the last commit; false if the transaction had to be aborted
  // (the in-memory state was then rebuilt from what is committed).
  bool commit();
  void write_to_store();
  void reset_to_committed();
  void publish_metrics();
  // After a fatal producer error: a new producer, if that is safe, and back to what is committed.
  void replace_producer(const kafka::KafkaError& error);

  IngesterConfig config_;
  store::DataRecordStore& store_;
  rocks::Database& local_;
  std::string agreements_topic_;
  std::string records_topic_;
  std::string aggregates_topic_;
  std::string late_topic_;
  std::string changelog_topic_;
  std::unique_ptr<Rebalancer> rebalancer_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::unique_ptr<kafka::TransactionalProducer> producer_;
  kafka::ProducerFencing fencing_;
  std::unique_ptr<core::UsageProcessor> processor_;
  int partition_count_ = 0;
  std::set<core::PartitionId> assigned_;
  std::set<core::PartitionId> paused_;
  std::map<std::pair<std::string, core::PartitionId>, Position> positions_;
  core::ProcessorOutput output_;
  bool dirty_ = false;  // consumed or changed anything since the last commit
  core::TimeZones zones_;
  core::IncomingRecordJsonParser record_parser_;
  std::chrono::steady_clock::time_point last_message_;
  IngestStats stats_;
  // Consumed since the last commit, for the metrics.
  std::uint64_t uncommitted_records_ = 0;
  std::uint64_t uncommitted_bad_ = 0;
};

}  // namespace mobilecs::ingester
