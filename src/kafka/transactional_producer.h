#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "kafka/group_consumer.h"
#include "kafka/ids.h"
#include "kafka/kafka_config.h"
#include "kafka/transaction_runner.h"

namespace mobilecs::kafka {

// A transactional librdkafka producer and what its delivery reports said in the transaction
// open on it; TransactionRunner's, inside this folder only. Every call waits in slices a stop
// can cut (runtime::Stopped), and fails as a KafkaError carrying librdkafka's flags. Shared: a
// call to librdkafka that cannot be cut keeps it alive until it returns.
class TransactionalProducer final : public RdKafka::DeliveryReportCb,
                                    public std::enable_shared_from_this<TransactionalProducer> {
 public:
  TransactionalProducer(const KafkaConfig& config, const std::string& transactional_id,
                        std::stop_token stop);
  ~TransactionalProducer() override;
  TransactionalProducer(const TransactionalProducer&) = delete;
  TransactionalProducer& operator=(const TransactionalProducer&) = delete;

  void dr_cb(RdKafka::Message& message) override;

  // Fences a previous producer under this transactional id and aborts what it left open.
  void init();
  // Asks for the topics' partitions and leaders now. Best effort: a topic that cannot be looked
  // up is looked up again by librdkafka when it is first written, as without this.
  void look_up(const std::vector<std::string>& names);

  void begin();
  void produce(const std::string& topic, std::optional<PartitionId> partition, std::string_view key,
               std::optional<std::string_view> value, TimestampMs timestamp, std::uint64_t tag);
  void add_offsets(const std::vector<std::pair<TopicPartition, Offset>>& offsets,
                   const GroupMetadata& group);
  // Waits until every message produced is delivered or failed.
  void deliver_all();
  void commit();
  // Gives up after kAbortLimit (a KafkaError): a new producer then fences this one.
  void abort();

  std::vector<RefusedMessage> refused() const;
  // What the broker refused, once `failure` of this transaction is known: a failure that names a
  // refusal can come before the refused message's delivery report, so its reports are served
  // first.
  std::vector<RefusedMessage> refused_after(const KafkaError& failure);
  // Messages of this transaction that failed for another reason than their content.
  std::size_t undelivered() const;
  std::map<std::string, std::map<PartitionId, Offset>> next_offsets() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::map<PartitionId, Offset>> next_offsets_;
  std::vector<RefusedMessage> refused_;
  std::size_t undelivered_ = 0;
  std::stop_token stop_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::vector<std::unique_ptr<RdKafka::Topic>> topics_;  // destroyed before the producer
};

}  // namespace mobilecs::kafka
