#pragma once

#include <set>
#include <stop_token>
#include <string>

#include "ingester/ingester_topics.h"
#include "ingester/kafka_source.h"
#include "kafka/group_consumer.h"
#include "kafka/kafka_config.h"
#include "kafka/transaction_runner.h"
#include "rocks/database.h"
#include "runtime/background_task.h"
#include "runtime/step.h"
#include "runtime/usage_operator.h"
#include "store/data_record_store.h"

namespace mobilecs::ingester {

// The commit port of the ingester. A step's matched records and agreements go to the
// data-record store first (idempotent upserts, retried while the store is away); then its
// notifications, late-record reports, state changes (to the compacted changelog, partitioned
// like the inputs) and consumed offsets are committed in one Kafka transaction, so
// read_committed consumers see each notification exactly once; then the local RocksDB cache of
// the state follows. Runs on a thread of its own while the next step is processed. A
// transaction that could not commit surfaces as runtime::StepAborted (the runner redoes it).
class KafkaStepCommitter {
 public:
  using StepType = runtime::Step<KafkaSource::Progress, core::ProcessorOutput>;

  KafkaStepCommitter(const kafka::KafkaConfig& kafka, IngesterTopics topics,
                     store::DataRecordStore& store, rocks::Database& local,
                     kafka::TransactionRunner& transactions, kafka::GroupConsumer& consumer,
                     std::stop_token stop);

  void submit(StepType&& step);
  bool busy() const { return committer_.busy(); }
  void wait() { committer_.wait(); }
  std::uint64_t committed_through() const { return durable_.through(); }
  // Brings the local state of `partitions` up to the changelog and feeds it to `processor`.
  void restore(const std::set<core::PartitionId>& partitions, runtime::UsageOperator& op);

 private:
  void commit(StepType& step, const kafka::GroupMetadata& group);
  void write_to_store(const StepType& step);

  const kafka::KafkaConfig& kafka_;
  IngesterTopics topics_;
  store::DataRecordStore& store_;
  rocks::Database& local_;
  kafka::TransactionRunner& transactions_;
  kafka::GroupConsumer& consumer_;
  std::stop_token stop_;
  runtime::DurableSteps durable_;
  runtime::BackgroundTask committer_{"mobilecs-commit"};
};

}  // namespace mobilecs::ingester
