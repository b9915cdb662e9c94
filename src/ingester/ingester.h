#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <stop_token>
#include <string>

#include "ingester/ingester_topics.h"
#include "ingester/kafka_source.h"
#include "ingester/kafka_step_committer.h"
#include "kafka/group_consumer.h"
#include "kafka/kafka_config.h"
#include "kafka/transaction_runner.h"
#include "metrics/pipeline_metrics.h"
#include "rocks/database.h"
#include "runtime/clock.h"
#include "runtime/step_metrics.h"
#include "runtime/step_runner.h"
#include "store/data_record_store.h"

namespace mobilecs::ingester {

struct IngesterConfig {
  kafka::KafkaConfig kafka;
  std::filesystem::path state_dir = "mobilecs-ingester";  // local state (a cache of the changelog)
  std::string instance_id = "1";  // stable per process: its transactional id
  // Join the group as a static member under the instance id (--instance-id given): a restart
  // within the session timeout keeps the partitions without a rebalance.
  bool static_membership = false;
  std::chrono::milliseconds session_timeout{10'000};
  core::ProcessorConfig processor;
  // The step: smaller and more frequent than embedded, each one a Kafka transaction whose
  // notifications consumers wait for.
  runtime::RunnerConfig runner = step_defaults();

  static runtime::RunnerConfig step_defaults() {
    runtime::RunnerConfig runner;
    runner.max_step_records = 200'000;
    runner.max_step_delay = std::chrono::milliseconds(200);
    runner.idle_wait = std::chrono::milliseconds(100);
    return runner;
  }
  std::string store_name = "the data-record store";  // for the log: "Cassandra at host"
  metrics::PipelineMetrics* metrics = nullptr;  // counts what each transaction commits, when set
};

// `mobilecs ingester`: the step runner over Kafka. A member of the ingesters' consumer group
// (KafkaSource) whose steps are committed as Kafka transactions after their records are stored
// (KafkaStepCommitter). Partition i of `agreements` and `incoming-data-records` go to the same
// member; a partition taken over from another member is rebuilt from the state changelog.
// Scale out by starting more.
class Ingester {
 public:
  // Talks to no server yet. `soft_stop` ends the run after the step in hand; `hard_stop` cuts
  // every later wait short.
  Ingester(IngesterConfig config, store::DataRecordStore& store, rocks::Database& local,
           std::stop_token soft_stop, std::stop_token hard_stop);
  ~Ingester();

  // First waits, saying why, until the topics, the store and the broker's transactions are
  // ready (or the soft stop), then joins the group. Runs until the soft stop, or with
  // `until_idle` until every assigned partition has been read to its end and stayed quiet for
  // the idle timeout.
  void run(bool until_idle);

  const core::UsageProcessor& processor() const { return runner_.op().processor(); }
  const runtime::StepMetrics& step_metrics() const { return step_metrics_; }

 private:
  static int checked_partition_count(const IngesterConfig& config, const IngesterTopics& topics,
                                     const std::stop_token& stop);

  void prepare();

  IngesterConfig config_;
  IngesterTopics topics_;
  std::stop_token soft_stop_;
  store::DataRecordStore& store_;
  kafka::GroupConsumer consumer_;
  kafka::TransactionRunner transactions_;
  KafkaSource source_;
  KafkaStepCommitter committer_;
  runtime::SystemClock clock_;
  runtime::StepMetrics step_metrics_;
  runtime::StepRunner<KafkaSource, runtime::UsageOperator, KafkaStepCommitter> runner_;
};

}  // namespace mobilecs::ingester
