#include "kafka/transactional_producer.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <functional>
#include <future>
#include <thread>

#include "kafka/client_config.h"
#include "kafka/kafka_error.h"
#include "runtime/stop.h"

namespace mobilecs::kafka {
namespace {

// Each call to librdkafka waits at most this long: a stop request is noticed in between.
constexpr int kOperationTimeoutMs = 2000;
// A commit or abort is called again until it completes (librdkafka resumes it), in slices this
// long: a stop is noticed within them, and the role still leaves its consumer group in time.
constexpr int kResumedCallSliceMs = 500;
constexpr int kLookUpTimeoutMs = 500;
// The broker has answered a message it refused: the transaction's other reports follow at once.
constexpr auto kReportsLimit = std::chrono::seconds(2);
// An abort that has not completed by then is given up: a new producer fences the old one, which
// aborts its transaction as well.
constexpr auto kAbortLimit = std::chrono::seconds(10);
// A call still unanswered by then, long past its own timeout, waits for a coordinator that is
// down (confluentinc/librdkafka#5456): it is given up with its producer, which a new one fences.
constexpr auto kUnansweredCallLimit = std::chrono::seconds(10);

KafkaError error_from(std::string_view doing, RdKafka::Error* error) {
  std::unique_ptr<RdKafka::Error> owned(error);
  return KafkaError(
      fmt::format("{}: {}", doing, owned->str()), owned->code(),
      KafkaError::Flags{owned->is_retriable(), owned->txn_requires_abort(), owned->is_fatal()});
}

// Refused for what the message holds: sending it again cannot help.
bool refused_for_content(RdKafka::ErrorCode code) {
  return code == RdKafka::ERR_INVALID_TIMESTAMP || code == RdKafka::ERR_MSG_SIZE_TOO_LARGE ||
         code == RdKafka::ERR_INVALID_RECORD || code == RdKafka::ERR_RECORD_LIST_TOO_LARGE;
}

// A transactional call that may time out before it completes: librdkafka resumes it when it is
// called again with the same arguments. Called again (each call waits kResumedCallSliceMs at
// most, so a stop is noticed) until it completes, fails for good, or `deadline` passes; the
// failure as a KafkaError. Not a retry: nothing is attempted twice.
void complete(std::string_view doing, const std::function<RdKafka::Error*()>& call,
              const std::stop_token& stop,
              std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt) {
  for (;;) {
    RdKafka::Error* e = call();
    if (e == nullptr) return;
    KafkaError failure = error_from(doing, e);
    if (!failure.retriable() || (deadline && std::chrono::steady_clock::now() >= *deadline)) {
      throw failure;
    }
    runtime::throw_if_stopped(stop);
  }
}

void* as_opaque(std::uint64_t tag) {
  return reinterpret_cast<void*>(static_cast<std::uintptr_t>(tag));
}

}  // namespace

TransactionalProducer::TransactionalProducer(const KafkaConfig& config,
                                             const std::string& transactional_id,
                                             std::stop_token stop)
    : stop_(std::move(stop)) {
  ClientConfig client(config, transactional_id);
  client.require("transactional.id", transactional_id)
      .require("partitioner", "murmur2_random")  // Java's default for keyed messages
      .set("linger.ms", "5")
      .set("batch.num.messages", "10000")
      .set("queue.buffering.max.messages", "1000000")
      .set("queue.buffering.max.kbytes", "1048576")
      // A crashed instance's open transaction blocks its partitions' next owner until the
      // broker aborts it: keep that short, as Kafka Streams does.
      .set("transaction.timeout.ms", "10000");
  std::unique_ptr<RdKafka::Conf> conf = client.build();
  std::string error;
  conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(this), error);
  producer_.reset(RdKafka::Producer::create(conf.get(), error));
  if (!producer_) throw KafkaError::configuration("cannot create a Kafka producer: " + error);
}

TransactionalProducer::~TransactionalProducer() {
  // An open transaction is aborted by the broker, or by the next producer under this id.
  producer_->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
  producer_->flush(0);
}

void TransactionalProducer::dr_cb(RdKafka::Message& message) {
  std::lock_guard lock(mutex_);
  if (message.err() != RdKafka::ERR_NO_ERROR) {
    if (refused_for_content(message.err())) {
      refused_.push_back(RefusedMessage{
          static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(message.msg_opaque())),
          fmt::format("the broker refused it for {}: {}", message.topic_name(), message.errstr())});
    } else {
      ++undelivered_;
    }
    return;
  }
  auto& next = next_offsets_[message.topic_name()][PartitionId{message.partition()}];
  next = std::max(next, Offset{message.offset() + 1});
}

void TransactionalProducer::begin() {
  {
    std::lock_guard lock(mutex_);
    next_offsets_.clear();
    refused_.clear();
    undelivered_ = 0;
  }
  if (RdKafka::Error* e = producer_->begin_transaction()) {
    throw error_from("beginning a Kafka transaction", e);
  }
}

void TransactionalProducer::produce(const std::string& topic, std::optional<PartitionId> partition,
                                    std::string_view key, std::optional<std::string_view> value,
                                    TimestampMs timestamp, std::uint64_t tag) {
  for (;;) {
    const RdKafka::ErrorCode code = producer_->produce(
        topic, partition ? partition->value : RdKafka::Topic::PARTITION_UA,
        RdKafka::Producer::RK_MSG_COPY, value ? const_cast<char*>(value->data()) : nullptr,
        value ? value->size() : 0, key.data(), key.size(), timestamp.value, as_opaque(tag));
    if (code == RdKafka::ERR_NO_ERROR) return;
    if (code == RdKafka::ERR__QUEUE_FULL) {
      producer_->poll(100);              // the local queue is full: let messages go out
      runtime::throw_if_stopped(stop_);  // they may not, with the broker down
      continue;
    }
    if (refused_for_content(code)) {
      std::lock_guard lock(mutex_);
      refused_.push_back(RefusedMessage{
          tag, fmt::format("Kafka refuses it for {}: {}", topic, RdKafka::err2str(code))});
    }
    throw KafkaError(fmt::format("producing to {}: {}", topic, RdKafka::err2str(code)), code,
                     KafkaError::Flags{.abortable = true});
  }
}

void TransactionalProducer::add_offsets(
    const std::vector<std::pair<TopicPartition, Offset>>& offsets, const GroupMetadata& group) {
  std::vector<std::unique_ptr<RdKafka::TopicPartition>> owned;
  std::vector<RdKafka::TopicPartition*> list;
  for (const auto& [tp, offset] : offsets) {
    owned.emplace_back(RdKafka::TopicPartition::create(tp.topic, tp.partition.value, offset.value));
    list.push_back(owned.back().get());
  }
  auto* metadata = const_cast<RdKafka::ConsumerGroupMetadata*>(
      static_cast<const RdKafka::ConsumerGroupMetadata*>(group.handle()));
  // The transaction's messages are delivered first (the commit waits for them anyway), in
  // slices a stop can cut: a broker that went down shows here, and fails the transaction.
  deliver_all();
  // librdkafka (2.8 too) can block in send_offsets_to_transaction past its timeout while the
  // group coordinator is down (confluentinc/librdkafka#5456), until the coordinator is back. So
  // the call runs on a thread of its own, which keeps this producer alive until it returns, and
  // is waited for in slices a stop can cut; one unanswered for long is given up with the
  // producer.
  auto answer = std::make_shared<std::promise<std::unique_ptr<RdKafka::Error>>>();
  std::future<std::unique_ptr<RdKafka::Error>> answered = answer->get_future();
  std::thread([self = shared_from_this(), answer, owned = std::move(owned), list, metadata,
               group]() mutable {
    answer->set_value(std::unique_ptr<RdKafka::Error>(
        self->producer_->send_offsets_to_transaction(list, metadata, kOperationTimeoutMs)));
  }).detach();
  const auto give_up_at = std::chrono::steady_clock::now() + kUnansweredCallLimit;
  while (answered.wait_for(std::chrono::milliseconds(200)) != std::future_status::ready) {
    runtime::throw_if_stopped(stop_);
    if (std::chrono::steady_clock::now() >= give_up_at) {
      throw KafkaError(
          fmt::format(
              "adding consumer offsets to the transaction: no answer within {} s (is "
              "the group coordinator down?)",
              std::chrono::duration_cast<std::chrono::seconds>(kUnansweredCallLimit).count()),
          RdKafka::ERR__TIMED_OUT, KafkaError::Flags{.fatal = true});
    }
  }
  if (std::unique_ptr<RdKafka::Error> e = answered.get()) {
    throw error_from("adding consumer offsets to the transaction", e.release());
  }
}

// In slices a stop can cut.
void TransactionalProducer::deliver_all() {
  while (producer_->outq_len() > 0) {
    producer_->flush(200);
    runtime::throw_if_stopped(stop_);
  }
}

void TransactionalProducer::init() {
  if (RdKafka::Error* e = producer_->init_transactions(kOperationTimeoutMs)) {
    throw error_from("initialising transactions", e);
  }
}

void TransactionalProducer::commit() {
  complete(
      "committing a Kafka transaction",
      [&] { return producer_->commit_transaction(kResumedCallSliceMs); }, stop_);
}

void TransactionalProducer::abort() {
  complete(
      "aborting a Kafka transaction",
      [&] { return producer_->abort_transaction(kResumedCallSliceMs); }, stop_,
      std::chrono::steady_clock::now() + kAbortLimit);
}

void TransactionalProducer::look_up(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    runtime::throw_if_stopped(stop_);
    std::string error;
    std::unique_ptr<RdKafka::Topic> topic(
        RdKafka::Topic::create(producer_.get(), name, nullptr, error));
    if (!topic) continue;
    RdKafka::Metadata* metadata = nullptr;
    const RdKafka::ErrorCode code =
        producer_->metadata(false, topic.get(), &metadata, kLookUpTimeoutMs);
    delete metadata;
    if (code != RdKafka::ERR_NO_ERROR) {
      spdlog::debug("looking up topic {}: {}", name, RdKafka::err2str(code));
    }
    topics_.push_back(std::move(topic));  // librdkafka keeps what it learnt with the handle
  }
}

std::vector<RefusedMessage> TransactionalProducer::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

std::vector<RefusedMessage> TransactionalProducer::refused_after(const KafkaError& failure) {
  // A commit can fail on a refused message before that message's delivery report is served
  // (seen in 7 of 100 runs once commits were resumed in short slices).
  if (refused_for_content(static_cast<RdKafka::ErrorCode>(failure.code()))) {
    const auto until = std::chrono::steady_clock::now() + kReportsLimit;
    while (producer_->outq_len() > 0 && !stop_.stop_requested() &&
           std::chrono::steady_clock::now() < until) {
      producer_->flush(100);
    }
  }
  return refused();
}

std::size_t TransactionalProducer::undelivered() const {
  std::lock_guard lock(mutex_);
  return undelivered_;
}

std::map<std::string, std::map<PartitionId, Offset>> TransactionalProducer::next_offsets() const {
  std::lock_guard lock(mutex_);
  return next_offsets_;
}

}  // namespace mobilecs::kafka
