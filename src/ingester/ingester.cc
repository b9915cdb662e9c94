#include "ingester/ingester.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <thread>

#include "core/codec/agreement_json.h"
#include "core/codec/notification_json.h"
#include "core/processing/byte_codec.h"
#include "core/processing/state_codec.h"
#include "kafka/kafka_error.h"
#include "kafka/murmur2_partitioner.h"
#include "kafka/partition_reader.h"
#include "kafka/topic_admin.h"
#include "store/store_error.h"

namespace mobilecs::ingester {
namespace {

constexpr std::uint64_t kBadMessagesLogged = 20;
constexpr auto kStoreRetryMax = std::chrono::seconds(5);

core::EpochMillis wall_clock_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string checkpoint_key(core::PartitionId partition) {
  return fmt::format("changelog/{}", partition);
}

// The processor's state changes go to the changelog (in the open transaction) and, once that
// commits, to the local store.
class ChangelogSink final : public core::StateChangeSink {
 public:
  ChangelogSink(kafka::TransactionalProducer& producer, const std::string& topic,
                rocks::Database& local, rocksdb::WriteBatch& batch)
      : producer_(producer),
        topic_(topic),
        family_(local.family(rocks::Database::Family::kState)),
        batch_(batch),
        now_(wall_clock_millis()) {}

  void put(core::PartitionId partition, std::string_view key, std::string_view value) override {
    producer_.produce(topic_, partition, key, value, now_);
    batch_.Put(family_, rocksdb::Slice(key.data(), key.size()),
               rocksdb::Slice(value.data(), value.size()));
  }
  void erase(core::PartitionId partition, std::string_view key) override {
    producer_.produce(topic_, partition, key, std::nullopt, now_);
    batch_.Delete(family_, rocksdb::Slice(key.data(), key.size()));
  }

 private:
  kafka::TransactionalProducer& producer_;
  const std::string& topic_;
  rocksdb::ColumnFamilyHandle* family_;
  rocksdb::WriteBatch& batch_;
  core::EpochMillis now_;
};

std::vector<std::unique_ptr<RdKafka::TopicPartition>> topic_partitions(
    const std::string& topic, const std::set<core::PartitionId>& partitions) {
  std::vector<std::unique_ptr<RdKafka::TopicPartition>> result;
  for (const core::PartitionId p : partitions) {
    result.emplace_back(RdKafka::TopicPartition::create(topic, p));
  }
  return result;
}

std::vector<RdKafka::TopicPartition*> raw(
    const std::vector<std::unique_ptr<RdKafka::TopicPartition>>& owned) {
  std::vector<RdKafka::TopicPartition*> result;
  for (const auto& p : owned) result.push_back(p.get());
  return result;
}

void set_paused(RdKafka::KafkaConsumer& consumer, const std::string& topic,
                const std::set<core::PartitionId>& partitions, bool paused) {
  auto owned = topic_partitions(topic, partitions);
  std::vector<RdKafka::TopicPartition*> list = raw(owned);
  if (paused) {
    consumer.pause(list);
  } else {
    consumer.resume(list);
  }
}

// Thrown out of a store retry when the partitions being stored were taken away meanwhile.
struct StoreAbandoned {};

}  // namespace

class Ingester::Rebalancer : public RdKafka::RebalanceCb {
 public:
  explicit Rebalancer(Ingester& ingester) : ingester_(ingester) {}
  void rebalance_cb(RdKafka::KafkaConsumer*, RdKafka::ErrorCode err,
                    std::vector<RdKafka::TopicPartition*>& partitions) override {
    // Exceptions must not unwind through librdkafka's C frames: keep one for after consume().
    try {
      if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
        ingester_.on_assign(partitions);
      } else {
        ingester_.on_revoke();
      }
    } catch (...) {
      failure_ = std::current_exception();
    }
  }
  void rethrow() {
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  }

 private:
  Ingester& ingester_;
  std::exception_ptr failure_;
};

Ingester::Ingester(IngesterConfig config, store::DataRecordStore& store, rocks::Database& local)
    : config_(std::move(config)),
      store_(store),
      local_(local),
      agreements_topic_(config_.kafka.name(kafka::topic::kAgreements)),
      records_topic_(config_.kafka.name(kafka::topic::kIncomingDataRecords)),
      aggregates_topic_(config_.kafka.name(kafka::topic::kDataRecordsAggregates)),
      late_topic_(config_.kafka.name(kafka::topic::kLateDataRecords)),
      changelog_topic_(config_.kafka.name(kafka::topic::kIngesterChangelog)),
      rebalancer_(std::make_unique<Rebalancer>(*this)),
      processor_(std::make_unique<core::UsageProcessor>(config_.processor)),
      last_message_(std::chrono::steady_clock::now()) {
  kafka::ensure_topics(config_.kafka, kafka::mobilecs_topics(config_.kafka));
  partition_count_ = check_partition_counts();
  producer_ = std::make_unique<kafka::TransactionalProducer>(
      config_.kafka, config_.kafka.name("mobilecs-ingester-" + config_.instance_id));
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  const std::pair<const char*, std::string> settings[] = {
      {"bootstrap.servers", config_.kafka.bootstrap_servers},
      {"group.id", config_.kafka.name("mobilecs-ingester")},
      {"client.id", "mobilecs-ingester-" + config_.instance_id},
      {"partition.assignment.strategy", "range"},  // partition i of both topics together
      {"isolation.level", "read_committed"},
      {"enable.auto.commit", "false"},
      {"enable.partition.eof", "true"},
      {"auto.offset.reset", "earliest"},
      {"session.timeout.ms", "10000"},  // a dead member's partitions move within seconds
      {"heartbeat.interval.ms", "2000"},
  };
  for (const auto& [name, value] : settings) {
    if (conf->set(name, value, error) != RdKafka::Conf::CONF_OK) {
      throw kafka::KafkaError(fmt::format("Kafka setting {}: {}", name, error), false, false, true);
    }
  }
  conf->set("rebalance_cb", static_cast<RdKafka::RebalanceCb*>(rebalancer_.get()), error);
  consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer_) {
    throw kafka::KafkaError("cannot create a Kafka consumer: " + error, false, false, true);
  }
  if (const auto code = consumer_->subscribe({agreements_topic_, records_topic_})) {
    throw kafka::KafkaError::from("subscribing", code);
  }
}

Ingester::~Ingester() {
  if (consumer_) consumer_->close();
}

int Ingester::check_partition_counts() const {
  const int agreements = kafka::partition_count(config_.kafka, agreements_topic_);
  const int records = kafka::partition_count(config_.kafka, records_topic_);
  const int changelog = kafka::partition_count(config_.kafka, changelog_topic_);
  if (agreements != records || records != changelog) {
    throw kafka::KafkaError(
        fmt::format("{} has {} partitions, {} has {} and {} has {}: the ingester needs them "
                    "equal, so that partition i of each holds the same subscribers. Recreate "
                    "them with the same count (--partitions)",
                    agreements_topic_, agreements, records_topic_, records, changelog_topic_,
                    changelog),
        false, false, true);
  }
  return records;
}

void Ingester::restore_partitions(const std::set<core::PartitionId>& partitions) {
  std::map<std::int32_t, std::int64_t> from;
  for (const core::PartitionId p : partitions) {
    from[p] = -1;
    if (const auto saved = local_.get(rocks::Database::Family::kMeta, checkpoint_key(p))) {
      core::ByteReader in(*saved, "changelog checkpoint");
      from[p] = in.integer<std::int64_t>();
    }
  }
  rocksdb::WriteBatch batch;
  auto* state = local_.family(rocks::Database::Family::kState);
  std::uint64_t replayed = 0;
  const auto next = kafka::read_partitions_to_end(
      config_.kafka, changelog_topic_, from, [&](const RdKafka::Message& m) {
        ++replayed;
        const std::string& k = *m.key();
        if (m.payload() == nullptr) {
          batch.Delete(state, k);
        } else {
          batch.Put(state, k, rocksdb::Slice(static_cast<const char*>(m.payload()), m.len()));
        }
      });
  for (const auto& [p, offset] : next) {
    std::string checkpoint;
    core::ByteWriter(checkpoint).integer<std::int64_t>(offset);
    batch.Put(local_.family(rocks::Database::Family::kMeta), checkpoint_key(p), checkpoint);
  }
  local_.write(batch);
  for (const core::PartitionId p : partitions) {
    for (const auto kind : {core::StateEntryKind::kSubscriber, core::StateEntryKind::kPending,
                            core::StateEntryKind::kPartition}) {
      local_.for_each(rocks::Database::Family::kState, core::state_key_prefix(kind, p),
                      [&](std::string_view k, std::string_view v) { processor_->restore(k, v); });
    }
    processor_->assign_partition(p);
  }
  spdlog::info("partitions {}: state restored, {} changelog entries replayed",
               fmt::join(partitions, ", "), replayed);
}

void Ingester::on_assign(const std::vector<RdKafka::TopicPartition*>& partitions) {
  processor_->set_processing_time(wall_clock_millis());
  last_message_ = std::chrono::steady_clock::now();  // quiet is measured from here
  std::set<core::PartitionId> inputs;
  for (const auto* tp : partitions) inputs.insert(tp->partition());
  restore_partitions(inputs);
  for (const core::PartitionId p : inputs) {
    assigned_.insert(p);
    positions_[{agreements_topic_, p}] = Position{};
    positions_[{records_topic_, p}] = Position{};
  }
  consumer_->assign(partitions);
  // Agreements first (SPEC §3.2): a partition's records wait until its agreements are read.
  set_paused(*consumer_, records_topic_, inputs, true);
  paused_ = inputs;
  spdlog::info("assigned partitions {}", fmt::join(inputs, ", "));
}

void Ingester::on_revoke() {
  if (!assigned_.empty()) {
    try {
      commit();
    } catch (const StoreAbandoned&) {
      // Nothing of this batch was committed: the next owner reads it again.
    }
  }
  for (const core::PartitionId p : assigned_) processor_->revoke_partition(p);
  spdlog::info("revoked partitions {}", fmt::join(assigned_, ", "));
  assigned_.clear();
  paused_.clear();
  positions_.clear();
  output_.clear();
  dirty_ = false;
  consumer_->unassign();
}

void Ingester::handle(const RdKafka::Message& m) {
  const core::PartitionId p = m.partition();
  const bool is_agreement = m.topic_name() == agreements_topic_;
  Position& position = positions_[{m.topic_name(), p}];
  position.next_offset = m.offset() + 1;
  if (position.at_end) {
    position.at_end = false;
    if (!is_agreement) processor_->set_caught_up(p, false, output_);
  }
  dirty_ = true;
  ++stats_.messages;
  const std::string_view payload(static_cast<const char*>(m.payload()), m.len());
  std::string error;
  bool ok = false;
  if (is_agreement) {
    core::Agreement agreement;
    ok = core::parse_agreement_json(payload, zones_, agreement, error);
    if (ok && kafka::java_partition(agreement.msisdn, partition_count_) != p) {
      ok = false;
      error = fmt::format(
          "agreement {} for msisdn {} is on partition {}, but its msisdn hashes to partition {}: "
          "its producer must key agreements by msisdn (SPEC §2.3)",
          agreement.id.to_string(), agreement.msisdn, p,
          kafka::java_partition(agreement.msisdn, partition_count_));
    }
    ok = ok && processor_->add_agreement(p, agreement, output_, error);
  } else {
    core::IncomingDataRecord record;
    ok = record_parser_.parse(payload, zones_, record, error) &&
         processor_->add_record(p, record, output_, error);
  }
  if (!is_agreement) ++uncommitted_records_;
  if (!ok) ++uncommitted_bad_;
  if (!ok && stats_.bad_messages++ < kBadMessagesLogged) {
    spdlog::warn("{} partition {} offset {}: skipped: {}", m.topic_name(), p, m.offset(), error);
  }
}

void Ingester::gate_records_behind_agreements() {
  for (const core::PartitionId p : assigned_) {
    const bool agreements_behind = !positions_[{agreements_topic_, p}].at_end;
    if (agreements_behind == paused_.contains(p)) continue;
    set_paused(*consumer_, records_topic_, {p}, agreements_behind);
    if (agreements_behind) {
      paused_.insert(p);
    } else {
      paused_.erase(p);
    }
  }
}

bool Ingester::idle() const {
  if (assigned_.empty()) {
    return false;  // not before the group gave this member its partitions
  }
  for (const auto& [key, position] : positions_) {
    if (!position.at_end) return false;
  }
  const auto quiet = std::chrono::steady_clock::now() - last_message_;
  return !dirty_ && output_.empty() &&
         quiet >= std::chrono::milliseconds(config_.processor.idle_timeout + 500);
}

void Ingester::run(bool until_idle, const std::atomic<bool>& stop) {
  auto last_commit = std::chrono::steady_clock::now();
  std::uint64_t messages_at_commit = stats_.messages;
  std::uint64_t errors_logged = 0;
  std::uint64_t messages_seen = stats_.messages;
  constexpr int kMaxMessagesPerPoll = 10'000;
  while (!stop.load()) {
    // A burst of what is already fetched, then the time-driven work once per burst.
    for (int n = 0; n < kMaxMessagesPerPoll; ++n) {
      std::unique_ptr<RdKafka::Message> m(consumer_->consume(n == 0 ? 100 : 0));
      rebalancer_->rethrow();
      if (m->err() == RdKafka::ERR__TIMED_OUT) break;
      switch (m->err()) {
        case RdKafka::ERR_NO_ERROR:
          handle(*m);
          break;
        case RdKafka::ERR__PARTITION_EOF: {
          Position& position = positions_[{m->topic_name(), m->partition()}];
          if (!position.at_end) {
            position.at_end = true;
            if (m->topic_name() == records_topic_) {
              processor_->set_caught_up(m->partition(), true, output_);
            }
          }
          break;
        }
        case RdKafka::ERR__FATAL:
          throw kafka::KafkaError("Kafka consumer: " + m->errstr(), false, false, true);
        default:
          if (errors_logged++ % 100 == 0) spdlog::warn("Kafka: {}", m->errstr());
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (stats_.messages != messages_seen) {
      messages_seen = stats_.messages;
      last_message_ = now;
    }
    processor_->on_processing_time(wall_clock_millis(), output_);
    gate_records_behind_agreements();
    if ((dirty_ || !output_.empty()) &&
        (now - last_commit >= config_.max_batch_delay ||
         stats_.messages - messages_at_commit >= config_.max_batch_messages)) {
      try {
        commit();
      } catch (const StoreAbandoned&) {
      }
      last_commit = now;
      messages_at_commit = stats_.messages;
    }
    if (until_idle && idle()) break;
  }
  try {
    commit();
  } catch (const StoreAbandoned&) {
  }
  const auto& c = processor_->counters();
  spdlog::info(
      "ingested {} messages ({} skipped) in {} transactions: {} records, {} agreements, "
      "{} waiting, {} late, {} + {} notifications",
      stats_.messages, stats_.bad_messages, stats_.transactions, c.records, c.agreements,
      processor_->waiting_records(), c.late, c.data_plan_exceeded, c.billing_period_closed);
}

void Ingester::write_to_store() {
  auto backoff = std::chrono::milliseconds(100);
  bool paused_everything = false;
  const std::set<core::PartitionId> owned = assigned_;
  for (std::uint64_t attempt = 0;; ++attempt) {
    try {
      const auto started = std::chrono::steady_clock::now();
      store_.write(output_.data_records);
      store_.write_agreements(output_.agreements);
      if (config_.metrics != nullptr) {
        config_.metrics->store_write_seconds.observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      }
      break;
    } catch (const store::StoreError& e) {
      if (!e.retryable()) throw;
      if (attempt % 10 == 0) {
        spdlog::warn("data-record store: {}; holding Kafka offsets, retrying", e.what());
      }
    }
    // Backpressure: read nothing more, but stay in the consumer group meanwhile.
    if (!paused_everything) {
      set_paused(*consumer_, agreements_topic_, owned, true);
      set_paused(*consumer_, records_topic_, owned, true);
      paused_everything = true;
    }
    const auto until = std::chrono::steady_clock::now() + backoff;
    while (std::chrono::steady_clock::now() < until) {
      std::unique_ptr<RdKafka::Message> ignored(consumer_->consume(100));
      if (assigned_ != owned) throw StoreAbandoned{};  // partitions moved away meanwhile
    }
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, kStoreRetryMax);
  }
  if (paused_everything) {
    std::set<core::PartitionId> open;
    for (const core::PartitionId p : owned) {
      if (!paused_.contains(p)) open.insert(p);
    }
    set_paused(*consumer_, agreements_topic_, owned, false);
    set_paused(*consumer_, records_topic_, open, false);
    spdlog::info("data-record store is back; resuming");
  }
}

bool Ingester::commit() {
  if (!dirty_ && output_.empty()) {
    return true;
  }
  const auto started = std::chrono::steady_clock::now();
  write_to_store();
  try {
    producer_->begin();
    for (const core::Notification& n : output_.notifications) {
      producer_->produce(aggregates_topic_, -1, n.agreement_id.to_string(),
                         core::notification_to_json(n), n.timestamp);
    }
    for (const core::LateRecord& late : output_.late_records) {
      producer_->produce(late_topic_, -1, late.record.agreement_id.to_string(),
                         core::late_record_to_json(late), late.record.recorded_at);
    }
    rocksdb::WriteBatch local_batch;
    ChangelogSink changelog(*producer_, changelog_topic_, local_, local_batch);
    processor_->flush_state_changes(changelog);
    std::vector<std::unique_ptr<RdKafka::TopicPartition>> offsets;
    for (const auto& [key, position] : positions_) {
      if (position.next_offset >= 0) {
        offsets.emplace_back(
            RdKafka::TopicPartition::create(key.first, key.second, position.next_offset));
      }
    }
    if (!offsets.empty()) {
      std::vector<RdKafka::TopicPartition*> list = raw(offsets);
      producer_->send_offsets(*consumer_, list);
    }
    producer_->commit();
    for (const auto& [partition, next] : producer_->next_offsets(changelog_topic_)) {
      std::string checkpoint;
      core::ByteWriter(checkpoint).integer<std::int64_t>(next);
      local_batch.Put(local_.family(rocks::Database::Family::kMeta), checkpoint_key(partition),
                      checkpoint);
    }
    local_.write(local_batch);
  } catch (const kafka::KafkaError& e) {
    if (e.fatal()) {
      replace_producer(e);
      return false;
    }
    spdlog::warn("{}; aborting the transaction and going back to what is committed", e.what());
    if (e.abortable()) {
      try {
        producer_->abort();
      } catch (const kafka::KafkaError& abort_error) {
        if (abort_error.fatal()) throw;
      }
    }
    reset_to_committed();
    return false;
  }
  if (!output_.late_records.empty()) {
    spdlog::warn("{} late record(s) stored but not counted in their closed billing periods",
                 output_.late_records.size());
  }
  ++stats_.transactions;
  publish_metrics();
  spdlog::debug("transaction {}: {} data records, {} notifications, watermark {}, {} ms",
                stats_.transactions, output_.data_records.size(), output_.notifications.size(),
                processor_->watermark(),
                std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - started)
                    .count());
  output_.clear();
  dirty_ = false;
  return true;
}

void Ingester::replace_producer(const kafka::KafkaError& error) {
  if (!fencing_.survivable()) {
    throw kafka::KafkaError(std::string(error.what()) +
                                " (repeatedly: is another ingester running with --instance-id " +
                                config_.instance_id + "?)",
                            false, false, true);
  }
  spdlog::warn("{}; starting a new producer and going back to what is committed", error.what());
  producer_.reset();
  producer_ = std::make_unique<kafka::TransactionalProducer>(
      config_.kafka, config_.kafka.name("mobilecs-ingester-" + config_.instance_id));
  reset_to_committed();
}

void Ingester::publish_metrics() {
  if (config_.metrics != nullptr) {
    auto& m = *config_.metrics;
    m.agreements_imported.add(output_.agreements.size());
    m.records_imported.add(uncommitted_records_);
    m.records_matched.add(output_.data_records.size());
    m.records_late.add(output_.late_records.size());
    m.records_malformed.add(uncommitted_bad_);
    for (const core::Notification& n : output_.notifications) {
      (n.type == core::NotificationType::kDataPlanExceeded ? m.data_plan_exceeded
                                                           : m.billing_period_closed)
          .add();
    }
    m.records_waiting.set(static_cast<double>(processor_->waiting_records()));
  }
  uncommitted_records_ = 0;
  uncommitted_bad_ = 0;
}

void Ingester::reset_to_committed() {
  uncommitted_records_ = 0;
  uncommitted_bad_ = 0;
  output_.clear();
  dirty_ = false;
  processor_ = std::make_unique<core::UsageProcessor>(config_.processor);
  processor_->set_processing_time(wall_clock_millis());
  restore_partitions(assigned_);
  auto agreements = topic_partitions(agreements_topic_, assigned_);
  auto records = topic_partitions(records_topic_, assigned_);
  std::vector<RdKafka::TopicPartition*> all = raw(agreements);
  for (auto* tp : raw(records)) all.push_back(tp);
  consumer_->committed(all, 30'000);
  for (auto* tp : all) {
    if (tp->offset() < 0) tp->set_offset(RdKafka::Topic::OFFSET_BEGINNING);
    consumer_->seek(*tp, 30'000);
    positions_[{tp->topic(), tp->partition()}] = Position{};
  }
}

}  // namespace mobilecs::ingester
