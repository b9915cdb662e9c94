#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kafka/admin_handle.h"
#include "kafka/ids.h"
#include "kafka/kafka_config.h"
#include "kafka/message.h"

namespace RdKafka {
class KafkaConsumer;
}

namespace mobilecs::kafka {

// What a group consumer saw, in the order it happened.
struct ConsumerEvent {
  enum class Kind {
    kMessage,
    kEndOfPartition,  // read to the end: `end` is where the next message will be
    kAssigned,        // this member reads `partitions` from now on
    kRevoked,         // this member no longer reads `partitions`
    kError,           // `error`; `fatal` ends the consumer
  };
  Kind kind = Kind::kMessage;
  std::optional<Message> message;
  TopicPartition where;  // kEndOfPartition
  Offset end;            // kEndOfPartition
  std::vector<TopicPartition> partitions;
  std::string error;
  bool fatal = false;
};

// The group membership a transaction commits consumed offsets for (exactly-once processing):
// offsets of a member that has since lost its partitions are refused.
class GroupMetadata {
 public:
  const void* handle() const { return handle_.get(); }  // an RdKafka::ConsumerGroupMetadata

 private:
  friend class GroupConsumer;
  std::shared_ptr<const void> handle_;
};

struct GroupConsumerSettings {
  std::string group;
  std::string client_id;
  std::vector<std::string> topics;
  // Topics whose newly assigned partitions start paused, until the caller resumes them.
  std::vector<std::string> paused_on_assign;
  // Static membership (group.instance.id): a member that comes back under the same id within
  // the session timeout gets its partitions back without a rebalance of the others, and one that
  // stops does not leave the group (its partitions wait for it until the session times out).
  std::optional<std::string> static_instance_id;
  // How long the group waits for a member that stopped heartbeating.
  std::chrono::milliseconds session_timeout{10'000};
};

// A member of a Kafka consumer group, reading read_committed, committing nothing itself (offsets
// go into transactions). Rebalances come out as events between the messages: the callback
// librdkafka calls only assigns, pauses and records; nothing in it blocks or throws.
//
// Revoked partitions stay this member's until release_revoked(): the group does not hand them
// on before. A transaction of this member still committing their offsets and state must end
// first, or their next owner could restore the state without it, then find its offsets
// committed (Kafka Streams commits in its revoke callback for the same reason).
class GroupConsumer {
 public:
  GroupConsumer(const KafkaConfig& config, GroupConsumerSettings settings);
  ~GroupConsumer();
  GroupConsumer(const GroupConsumer&) = delete;
  GroupConsumer& operator=(const GroupConsumer&) = delete;

  // Joins the group for the settings' topics (once they exist: a topic created later is seen at
  // librdkafka's next metadata refresh). Without I/O: the group answers in poll().
  void subscribe();
  // The next event, waiting up to `timeout`; nullopt if none came.
  std::optional<ConsumerEvent> poll(std::chrono::milliseconds timeout);

  // Lets the group hand on the partitions of the last kRevoked event (nothing if none waits).
  void release_revoked();
  void pause(const std::vector<TopicPartition>& partitions);
  void resume(const std::vector<TopicPartition>& partitions);
  // Goes back to the group's committed offsets (the beginning where none is committed).
  // Throws KafkaError if the broker does not answer within `timeout` (retriable), or if the
  // consumer failed for good (fenced by a newer member: not retriable).
  void seek_to_committed(const std::vector<TopicPartition>& partitions,
                         std::chrono::milliseconds timeout);
  // uncommitted_log_ends (kafka/log_ends.h) of `partitions`, asked on connections of their
  // own: on the consumer's, the request would wait behind its fetch, up to fetch.wait.max.ms
  // (500 ms), at every file.
  std::optional<std::vector<std::pair<TopicPartition, Offset>>> log_ends(
      const std::vector<TopicPartition>& partitions, std::chrono::milliseconds timeout);
  GroupMetadata group_metadata() const;

  // Leaves the group, waiting at most `bound` (a down broker must not hold a shutdown).
  void close(std::chrono::milliseconds bound);

 private:
  class Rebalancer;
  // A consumer of the settings' group, whose rebalances `rebalancer` receives.
  std::unique_ptr<RdKafka::KafkaConsumer> make_consumer(Rebalancer& rebalancer) const;
  void throw_if_fatal() const;
  bool fenced_after_losing_its_session() const;
  // A new consumer in the group under the same settings, the old one closed on its own.
  void rejoin();
  KafkaConfig config_;
  GroupConsumerSettings settings_;
  // Shared with a close() that may outlive this object (see close).
  std::shared_ptr<Rebalancer> rebalancer_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  AdminHandle ends_client_;  // made at the first log_ends
  bool closed_ = false;
};

}  // namespace mobilecs::kafka
