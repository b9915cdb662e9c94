#include "ingester/ingester.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "kafka/kafka_error.h"
#include "kafka/topic_admin.h"
#include "runtime/retry.h"
#include "store/store_error.h"

namespace mobilecs::ingester {
namespace {

// The role has one backoff, its configuration's (--retry-backoff-ms): redoing a step uses it too.
IngesterConfig with_one_backoff(IngesterConfig config) {
  config.runner.retry_backoff = config.kafka.retry_backoff;
  return config;
}

void reachable(store::DataRecordStore& store, const std::string& name,
               const runtime::BackoffConfig& backoff, const std::stop_token& stop) {
  runtime::retry_with_mitigation(
      runtime::RetryPolicy{"reaching " + name, backoff, std::nullopt}, stop,
      [&] { store.find_agreement(core::Uuid{}); }, store::retry_while_retryable);
}

}  // namespace

int Ingester::checked_partition_count(const IngesterConfig& config, const IngesterTopics& topics,
                                      const std::stop_token& stop) {
  return runtime::retry_with_mitigation(
      runtime::RetryPolicy{"preparing the topics on " + config.kafka.bootstrap_servers,
                           config.kafka.retry_backoff, std::nullopt},
      stop,
      [&] {
        kafka::ensure_topics(config.kafka, kafka::mobilecs_topics(config.kafka));
        const int agreements = kafka::partition_count(config.kafka, topics.agreements);
        const int records = kafka::partition_count(config.kafka, topics.records);
        const int changelog = kafka::partition_count(config.kafka, topics.changelog);
        if (agreements != records || records != changelog) {
          throw kafka::KafkaError::configuration(fmt::format(
              "{} has {} partitions, {} has {} and {} has {}: the ingester needs them equal, so "
              "that partition i of each holds the same subscribers. Recreate them with the same "
              "count (--partitions)",
              topics.agreements, agreements, topics.records, records, topics.changelog, changelog));
        }
        return records;
      },
      kafka::retry_while_unreachable);
}

namespace {

// The ingesters' consumer group, with partition i of agreements and records for one member.
kafka::GroupConsumerSettings member_settings(const IngesterConfig& config,
                                             const IngesterTopics& topics) {
  kafka::GroupConsumerSettings settings;
  settings.group = config.kafka.name("mobilecs-ingester");
  settings.client_id = "mobilecs-ingester-" + config.instance_id;
  settings.topics = {topics.agreements, topics.records};
  settings.paused_on_assign = {topics.records};
  if (config.static_membership) {
    settings.static_instance_id = config.kafka.name("mobilecs-ingester-" + config.instance_id);
  }
  settings.session_timeout = config.session_timeout;
  return settings;
}

}  // namespace

Ingester::Ingester(IngesterConfig config, store::DataRecordStore& store, rocks::Database& local,
                   std::stop_token soft_stop, std::stop_token hard_stop)
    : config_(with_one_backoff(std::move(config))),
      topics_(config_.kafka),
      soft_stop_(std::move(soft_stop)),
      store_(store),
      consumer_(config_.kafka, member_settings(config_, topics_)),
      transactions_(config_.kafka, config_.kafka.name("mobilecs-ingester-" + config_.instance_id),
                    hard_stop),
      source_(consumer_, topics_, /*partition_count=*/0,
              std::chrono::milliseconds(config_.processor.idle_timeout + 500),
              config_.runner.max_step_records, config_.kafka.retry_backoff, hard_stop),
      committer_(config_.kafka, topics_, store, local, transactions_, consumer_, hard_stop),
      step_metrics_(config_.metrics),
      runner_(config_.runner, config_.processor, source_, committer_, clock_, &step_metrics_) {}

Ingester::~Ingester() { consumer_.close(std::chrono::seconds(3)); }

void Ingester::prepare() {
  source_.set_partition_count(checked_partition_count(config_, topics_, soft_stop_));
  reachable(store_, config_.store_name, config_.kafka.retry_backoff, soft_stop_);
  // Fences a previous instance under this id and aborts what it left open, before reading.
  transactions_.set_topics(
      {topics_.notifications, topics_.late, topics_.alerts, topics_.changelog});
  transactions_.connect(soft_stop_);
  consumer_.subscribe();
}

void Ingester::run(bool until_idle) {
  prepare();
  runner_.run(until_idle, soft_stop_);
  step_metrics_.log_totals();
}

}  // namespace mobilecs::ingester
