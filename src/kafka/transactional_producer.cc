#include "kafka/transactional_producer.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <thread>

#include "kafka/kafka_error.h"

namespace mobilecs::kafka {
namespace {

constexpr int kTimeoutMs = 60'000;

void set(RdKafka::Conf& conf, const std::string& name, const std::string& value) {
  std::string error;
  if (conf.set(name, value, error) != RdKafka::Conf::CONF_OK) {
    throw KafkaError(fmt::format("Kafka setting {}={}: {}", name, value, error), false, false,
                     true);
  }
}

}  // namespace

// Remembers where each message of the current transaction landed, and the first failure.
class TransactionalProducer::DeliveryReports : public RdKafka::DeliveryReportCb {
 public:
  void dr_cb(RdKafka::Message& message) override {
    std::lock_guard lock(mutex_);
    if (message.err() != RdKafka::ERR_NO_ERROR) {
      if (failure_.empty()) failure_ = message.errstr();
      return;
    }
    auto& next = next_offsets_[message.topic_name()][message.partition()];
    next = std::max(next, message.offset() + 1);
  }
  void reset() {
    std::lock_guard lock(mutex_);
    next_offsets_.clear();
    failure_.clear();
  }
  std::map<std::int32_t, std::int64_t> next_offsets(const std::string& topic) const {
    std::lock_guard lock(mutex_);
    const auto it = next_offsets_.find(topic);
    return it == next_offsets_.end() ? std::map<std::int32_t, std::int64_t>{} : it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::int32_t, std::int64_t>> next_offsets_;
  std::string failure_;
};

TransactionalProducer::TransactionalProducer(const KafkaConfig& config,
                                             const std::string& transactional_id)
    : reports_(std::make_unique<DeliveryReports>()) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  set(*conf, "bootstrap.servers", config.bootstrap_servers);
  set(*conf, "transactional.id", transactional_id);
  set(*conf, "partitioner", "murmur2_random");  // Java's default partitioner for keyed messages
  set(*conf, "linger.ms", "5");
  set(*conf, "batch.num.messages", "10000");
  set(*conf, "queue.buffering.max.messages", "1000000");
  set(*conf, "queue.buffering.max.kbytes", "1048576");
  // A crashed instance's open transaction blocks its partitions' next owner (the committed
  // offsets stay pending) until the broker aborts it: keep that short, as Kafka Streams does.
  set(*conf, "transaction.timeout.ms", "10000");
  std::string error;
  if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(reports_.get()), error) !=
      RdKafka::Conf::CONF_OK) {
    throw KafkaError("Kafka delivery reports: " + error, false, false, true);
  }
  producer_.reset(RdKafka::Producer::create(conf.get(), error));
  if (!producer_) {
    throw KafkaError("cannot create a Kafka producer: " + error, false, false, true);
  }
  // The broker may still be loading its transaction state after a restart: retry a while.
  for (int attempt = 1;; ++attempt) {
    RdKafka::Error* e = producer_->init_transactions(kTimeoutMs);
    if (e == nullptr) break;
    KafkaError failure = KafkaError::from(fmt::format("initialising transactions as {} on {}",
                                                      transactional_id, config.bootstrap_servers),
                                          e);
    if (!failure.retriable() || attempt == 10) throw failure;
    spdlog::warn("{}; retrying", failure.what());
  }
}

TransactionalProducer::~TransactionalProducer() { producer_->flush(5000); }

void TransactionalProducer::begin() {
  reports_->reset();
  if (RdKafka::Error* e = producer_->begin_transaction()) {
    throw KafkaError::from("beginning a Kafka transaction", e);
  }
}

void TransactionalProducer::produce(const std::string& topic, std::int32_t partition,
                                    std::string_view key, std::optional<std::string_view> value,
                                    std::int64_t timestamp_ms) {
  for (;;) {
    const RdKafka::ErrorCode code = producer_->produce(
        topic, partition < 0 ? RdKafka::Topic::PARTITION_UA : partition,
        RdKafka::Producer::RK_MSG_COPY, value ? const_cast<char*>(value->data()) : nullptr,
        value ? value->size() : 0, key.data(), key.size(), timestamp_ms, nullptr);
    if (code == RdKafka::ERR_NO_ERROR) return;
    if (code != RdKafka::ERR__QUEUE_FULL) {
      throw KafkaError(fmt::format("producing to {}: {}", topic, RdKafka::err2str(code)), false,
                       true, false);
    }
    producer_->poll(100);  // the local queue is full: let messages go out
  }
}

void TransactionalProducer::send_offsets(RdKafka::KafkaConsumer& consumer,
                                         const std::vector<RdKafka::TopicPartition*>& offsets) {
  std::unique_ptr<RdKafka::ConsumerGroupMetadata> metadata(consumer.groupMetadata());
  if (RdKafka::Error* e =
          producer_->send_offsets_to_transaction(offsets, metadata.get(), kTimeoutMs)) {
    throw KafkaError::from("adding consumer offsets to the transaction", e);
  }
}

void TransactionalProducer::commit() {
  for (;;) {
    RdKafka::Error* e = producer_->commit_transaction(kTimeoutMs);
    if (e == nullptr) return;
    KafkaError failure = KafkaError::from("committing a Kafka transaction", e);
    if (!failure.retriable()) throw failure;
    spdlog::warn("{}; retrying", failure.what());
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

void TransactionalProducer::abort() {
  if (RdKafka::Error* e = producer_->abort_transaction(kTimeoutMs)) {
    throw KafkaError::from("aborting a Kafka transaction", e);
  }
}

bool ProducerFencing::survivable() {
  constexpr auto kWindow = std::chrono::minutes(1);
  constexpr std::size_t kMaxInWindow = 3;
  const auto now = std::chrono::steady_clock::now();
  std::erase_if(recent_, [&](auto t) { return now - t > kWindow; });
  recent_.push_back(now);
  return recent_.size() <= kMaxInWindow;
}

std::map<std::int32_t, std::int64_t> TransactionalProducer::next_offsets(
    const std::string& topic) const {
  return reports_->next_offsets(topic);
}

}  // namespace mobilecs::kafka
