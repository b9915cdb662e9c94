#include "kafka/group_consumer.h"

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>
#include <thread>

#include "kafka/admin_handle.h"
#include "kafka/client_config.h"
#include "kafka/kafka_error.h"
#include "kafka/log_ends.h"

namespace mobilecs::kafka {
namespace {

struct OwnedPartitions {
  std::vector<std::unique_ptr<RdKafka::TopicPartition>> owned;
  std::vector<RdKafka::TopicPartition*> list;
};

OwnedPartitions rdkafka_partitions(const std::vector<TopicPartition>& partitions) {
  OwnedPartitions out;
  for (const TopicPartition& tp : partitions) {
    out.owned.emplace_back(RdKafka::TopicPartition::create(tp.topic, tp.partition.value));
    out.list.push_back(out.owned.back().get());
  }
  return out;
}

std::vector<TopicPartition> ours(const std::vector<RdKafka::TopicPartition*>& partitions) {
  std::vector<TopicPartition> out;
  for (const auto* tp : partitions) out.push_back({tp->topic(), PartitionId{tp->partition()}});
  return out;
}

// Closes `consumer` on a thread of its own, which keeps it and the rebalance callback it calls
// (`rebalancer`) alive until it is closed; the future says when.
template <class Rebalancer>
std::future<void> close_in_background(std::shared_ptr<RdKafka::KafkaConsumer> consumer,
                                      std::shared_ptr<Rebalancer> rebalancer) {
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> closed = done->get_future();
  std::thread([consumer = std::move(consumer), rebalancer = std::move(rebalancer), done]() mutable {
    consumer->close();
    consumer.reset();  // before the rebalancer it calls back
    done->set_value();
  }).detach();
  return closed;
}

}  // namespace

// Runs inside consume() (and close()), on the thread calling them; records what happened as
// events for poll() to return.
class GroupConsumer::Rebalancer final : public RdKafka::RebalanceCb {
 public:
  explicit Rebalancer(std::vector<std::string> paused_on_assign)
      : paused_on_assign_(std::move(paused_on_assign)) {}

  void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                    std::vector<RdKafka::TopicPartition*>& partitions) override {
    ConsumerEvent event;
    event.partitions = ours(partitions);
    if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
      event.kind = ConsumerEvent::Kind::kAssigned;
      lost = false;
      member_at_assign = consumer->memberid();
      consumer->assign(partitions);
      std::vector<RdKafka::TopicPartition*> paused;
      for (auto* tp : partitions) {
        if (std::find(paused_on_assign_.begin(), paused_on_assign_.end(), tp->topic()) !=
            paused_on_assign_.end()) {
          paused.push_back(tp);
        }
      }
      if (!paused.empty()) consumer->pause(paused);
    } else {
      event.kind = ConsumerEvent::Kind::kRevoked;
      // Lost by a session that timed out, which clears the member id; not by a fence, which
      // loses it too but keeps the id (and may come before this callback runs).
      lost = consumer->assignment_lost() && consumer->memberid() != member_at_assign;
      // The group waits for this member's unassign before it hands the partitions on: made
      // at release_revoked(), once the caller has finished what it still does with them.
      if (closing) {
        consumer->unassign();
      } else {
        revoke_pending = true;
      }
    }
    pending.push_back(std::move(event));
  }

  std::deque<ConsumerEvent> pending;
  bool revoke_pending = false;
  bool closing = false;  // close() revokes: nobody would release it
  bool lost = false;     // the last assignment was lost (the session timed out), not handed on
  std::string member_at_assign;

 private:
  std::vector<std::string> paused_on_assign_;
};

GroupConsumer::GroupConsumer(const KafkaConfig& config, GroupConsumerSettings settings)
    : config_(config),
      settings_(std::move(settings)),
      rebalancer_(std::make_shared<Rebalancer>(settings_.paused_on_assign)),
      consumer_(make_consumer(*rebalancer_)) {}

std::unique_ptr<RdKafka::KafkaConsumer> GroupConsumer::make_consumer(Rebalancer& rebalancer) const {
  ClientConfig client(config_, settings_.client_id);
  client.committed_reader(settings_.group)
      .require("enable.partition.eof", "true")
      // The eager protocol: the rebalance callback assigns and unassigns whole assignments.
      .require("partition.assignment.strategy", "range,roundrobin")
      .set("auto.offset.reset", "earliest")
      .set("session.timeout.ms", std::to_string(settings_.session_timeout.count()))
      // Heartbeats often enough for a short session (a third of it, as Kafka advises).
      .set("heartbeat.interval.ms",
           std::to_string(std::min<std::int64_t>(2000, settings_.session_timeout.count() / 3)));
  if (settings_.static_instance_id) client.set("group.instance.id", *settings_.static_instance_id);
  std::unique_ptr<RdKafka::Conf> conf = client.build();
  std::string error;
  conf->set("rebalance_cb", static_cast<RdKafka::RebalanceCb*>(&rebalancer), error);
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) throw KafkaError::configuration("cannot create a Kafka consumer: " + error);
  return consumer;
}

void GroupConsumer::subscribe() {
  if (const RdKafka::ErrorCode code = consumer_->subscribe(settings_.topics)) {
    throw KafkaError::configuration(fmt::format(
        "subscribing to {}: {}", fmt::join(settings_.topics, ", "), RdKafka::err2str(code)));
  }
}

GroupConsumer::~GroupConsumer() { close(std::chrono::seconds(5)); }

std::optional<ConsumerEvent> GroupConsumer::poll(std::chrono::milliseconds timeout) {
  if (fenced_after_losing_its_session()) rejoin();
  std::deque<ConsumerEvent>& pending_ = rebalancer_->pending;
  if (pending_.empty()) {
    std::unique_ptr<RdKafka::Message> m(consumer_->consume(static_cast<int>(timeout.count())));
    // The rebalance callback may have run inside consume(): its events come first.
    ConsumerEvent event;
    switch (m->err()) {
      case RdKafka::ERR__TIMED_OUT:
        break;
      case RdKafka::ERR_NO_ERROR:
        event.kind = ConsumerEvent::Kind::kMessage;
        event.message = Message::adopt(m.release());
        pending_.push_back(std::move(event));
        break;
      case RdKafka::ERR__PARTITION_EOF:
        event.kind = ConsumerEvent::Kind::kEndOfPartition;
        event.where = TopicPartition{m->topic_name(), PartitionId{m->partition()}};
        event.end = Offset{m->offset()};
        pending_.push_back(std::move(event));
        break;
      default:
        if (fenced_after_losing_its_session()) break;  // joins again at the next poll
        event.kind = ConsumerEvent::Kind::kError;
        event.error = m->errstr();
        event.fatal = m->err() == RdKafka::ERR__FATAL;
        pending_.push_back(std::move(event));
    }
  }
  if (pending_.empty()) return std::nullopt;
  ConsumerEvent next = std::move(pending_.front());
  pending_.pop_front();
  return next;
}

void GroupConsumer::release_revoked() {
  if (!rebalancer_->revoke_pending) return;
  rebalancer_->revoke_pending = false;
  consumer_->unassign();
}

void GroupConsumer::pause(const std::vector<TopicPartition>& partitions) {
  auto p = rdkafka_partitions(partitions);
  consumer_->pause(p.list);
}

void GroupConsumer::resume(const std::vector<TopicPartition>& partitions) {
  auto p = rdkafka_partitions(partitions);
  consumer_->resume(p.list);
}

void GroupConsumer::seek_to_committed(const std::vector<TopicPartition>& partitions,
                                      std::chrono::milliseconds timeout) {
  auto p = rdkafka_partitions(partitions);
  if (const auto code = consumer_->committed(p.list, static_cast<int>(timeout.count()))) {
    throw_if_fatal();
    throw KafkaError(fmt::format("reading the committed offsets: {}", RdKafka::err2str(code)), code,
                     KafkaError::Flags{.retriable = true});
  }
  for (auto* tp : p.list) {
    if (tp->offset() < 0) tp->set_offset(RdKafka::Topic::OFFSET_BEGINNING);
    if (const auto code = consumer_->seek(*tp, static_cast<int>(timeout.count()))) {
      throw_if_fatal();
      throw KafkaError(
          fmt::format("seeking {}[{}]: {}", tp->topic(), tp->partition(), RdKafka::err2str(code)),
          code, KafkaError::Flags{.retriable = true});
    }
  }
  // What was fetched before the seek is dropped by librdkafka; EOF state starts afresh.
  std::erase_if(rebalancer_->pending, [](const ConsumerEvent& e) {
    return e.kind == ConsumerEvent::Kind::kMessage ||
           e.kind == ConsumerEvent::Kind::kEndOfPartition;
  });
}

void GroupConsumer::throw_if_fatal() const {
  if (fenced_after_losing_its_session()) {
    throw KafkaError("the Kafka consumer is joining its group again", RdKafka::ERR__FATAL,
                     KafkaError::Flags{.retriable = true});
  }
  // Fenced by a newer member under the same group.instance.id, say: trying again would loop for
  // ever, and keep the process from the consumer's fatal error event.
  std::string reason;
  if (consumer_->fatal_error(reason) != RdKafka::ERR_NO_ERROR) {
    throw KafkaError::configuration("Kafka consumer: " + reason);
  }
}

std::optional<std::vector<std::pair<TopicPartition, Offset>>> GroupConsumer::log_ends(
    const std::vector<TopicPartition>& partitions, std::chrono::milliseconds timeout) {
  if (!ends_client_) ends_client_ = admin_handle(config_, settings_.client_id + "-ends");
  auto ends = uncommitted_log_ends(ends_client_.get(), partitions, timeout);
  // Serves its error callback: a refused credential is logged.
  rd_kafka_poll(ends_client_.get(), 0);
  return ends;
}

// librdkafka rejoins a static member whose session timed out (the broker away for longer) under
// a new member id; a request still on its way under the old one is then answered "fenced by
// another consumer with the same group.instance.id", which librdkafka makes a fatal error
// (confluentinc/librdkafka#3437). So a member fenced after it lost its assignment by a session
// timeout, and got none since, joins again (a newer instance that took over meanwhile is then
// fenced in turn, as by a restart). A fence while it holds partitions is a newer instance's,
// and stays fatal.
bool GroupConsumer::fenced_after_losing_its_session() const {
  std::string reason;
  return rebalancer_->lost && consumer_->fatal_error(reason) == RdKafka::ERR_FENCED_INSTANCE_ID;
}

void GroupConsumer::rejoin() {
  spdlog::warn(
      "the Kafka consumer was fenced under its own group.instance.id after its session timed out "
      "(confluentinc/librdkafka#3437): joining the group again with a new one");
  auto rebalancer = std::make_shared<Rebalancer>(settings_.paused_on_assign);
  std::unique_ptr<RdKafka::KafkaConsumer> consumer = make_consumer(*rebalancer);
  // What the old consumer read is not this member's any more; its revoke still has to be said.
  for (ConsumerEvent& event : rebalancer_->pending) {
    if (event.kind == ConsumerEvent::Kind::kRevoked)
      rebalancer->pending.push_back(std::move(event));
  }
  rebalancer_->pending.clear();
  rebalancer_->revoke_pending = false;
  rebalancer_->closing = true;
  close_in_background(std::shared_ptr<RdKafka::KafkaConsumer>(consumer_.release()),
                      std::move(rebalancer_));
  rebalancer_ = std::move(rebalancer);
  consumer_ = std::move(consumer);
  subscribe();
}

GroupMetadata GroupConsumer::group_metadata() const {
  GroupMetadata metadata;
  RdKafka::ConsumerGroupMetadata* raw = consumer_->groupMetadata();
  metadata.handle_ = std::shared_ptr<const void>(
      raw, [](const void* p) { delete static_cast<const RdKafka::ConsumerGroupMetadata*>(p); });
  return metadata;
}

void GroupConsumer::close(std::chrono::milliseconds bound) {
  if (closed_) return;
  closed_ = true;
  release_revoked();
  rebalancer_->closing = true;
  // close() leaves the group; with the broker down it can block for long. Give it `bound`,
  // then let it finish (or not) on its own thread: the process is on its way out.
  std::future<void> closed = close_in_background(
      std::shared_ptr<RdKafka::KafkaConsumer>(consumer_.release()), rebalancer_);
  if (closed.wait_for(bound) != std::future_status::ready) {
    spdlog::warn("the Kafka consumer did not leave its group within {} ms; going on",
                 bound.count());
  }
}

}  // namespace mobilecs::kafka
