#pragma once

#include <chrono>
#include <map>
#include <set>
#include <stop_token>
#include <string>

#include "core/codec/incoming_record_json.h"
#include "core/time/time_zones.h"
#include "ingester/ingester_topics.h"
#include "kafka/group_consumer.h"
#include "runtime/input_batch.h"
#include "runtime/retry.h"

namespace mobilecs::ingester {

// The input port of the ingester: a member of the ingesters' consumer group reading
// `agreements` and `incoming-data-records`, partition i of both together (the inputs' partition
// i). Progress is the offset to commit per topic partition; read to its end, that is the end
// offset itself, transaction markers included, so a caught-up group shows no lag. A partition's
// records are held back (paused) until its agreements are read to their end (docs/semantics.md §2).
class KafkaSource {
 public:
  using Progress = std::map<kafka::TopicPartition, kafka::Offset>;
  using Record = core::UsageRecord;
  using Batch = runtime::InputBatch<Progress, Record>;

  // rewind() retries with `retry_backoff` while the broker is away, until `stop`.
  KafkaSource(kafka::GroupConsumer& consumer, IngesterTopics topics, int partition_count,
              std::chrono::milliseconds quiet_before_idle, std::size_t max_step_records,
              runtime::BackoffConfig retry_backoff, std::stop_token stop);
  // How many partitions the input topics have, once known (agreements are checked against it).
  void set_partition_count(int partition_count) { partition_count_ = partition_count; }

  Batch poll(const std::stop_token& stop, std::chrono::steady_clock::time_point until);
  // Every assigned partition read to its end, and nothing came for a while.
  bool exhausted() const;
  // Back to the committed offsets of what is assigned (after an aborted step).
  void rewind();
  void after_commit() {}

 private:
  struct Position {
    bool at_end = false;
    kafka::Offset end;  // where it was read to its end, when at_end
  };
  // Applies one event; false when the batch must end with it (a rebalance).
  bool take(kafka::ConsumerEvent& event, Batch& batch);
  void take_message(const kafka::Message& message, Batch& batch);
  runtime::PartitionInput<Record>& input_for(core::PartitionId p, Batch& batch);
  void recheck_ends(Batch& batch);
  void hold(core::PartitionId p, Batch& batch);
  void gate_records_behind_agreements(Batch& batch);
  std::vector<kafka::TopicPartition> both_topics(const std::set<core::PartitionId>& ps) const;

  kafka::GroupConsumer& consumer_;
  IngesterTopics topics_;
  int partition_count_;
  std::chrono::milliseconds quiet_before_idle_;
  std::size_t max_step_records_;
  runtime::BackoffConfig retry_backoff_;
  std::stop_token stop_;
  std::set<core::PartitionId> assigned_;
  std::set<core::PartitionId> records_paused_;
  std::map<kafka::TopicPartition, Position> positions_;
  // Records partitions held because no broker said where their log ends: asked again each poll.
  std::set<core::PartitionId> unconfirmed_;
  // Time spent polling without a message since the last one: a commit that holds the runner up
  // is not quiet (the messages that came meanwhile are not read yet).
  std::chrono::steady_clock::duration quiet_for_{};
  // The partitions at their end are asked where their logs end at least this often.
  static constexpr std::chrono::steady_clock::duration kEndCheckEvery = std::chrono::seconds(1);
  std::chrono::steady_clock::time_point last_end_check_;
  core::TimeZones zones_;
  core::IncomingRecordJsonParser record_parser_;
  std::uint64_t errors_seen_ = 0;
};

}  // namespace mobilecs::ingester
