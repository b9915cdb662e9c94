#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "kafka/group_consumer.h"
#include "kafka/ids.h"
#include "kafka/kafka_config.h"
#include "runtime/retry.h"

namespace mobilecs::kafka {

// A message the broker refused for what it holds (a timestamp outside the topic's limits, too
// large): producing it again cannot succeed. `tag` is the one given to Transaction::produce.
struct RefusedMessage {
  std::uint64_t tag = 0;
  std::string reason;
};

class TransactionalProducer;

// The open transaction, inside TransactionRunner::run.
class Transaction {
 public:
  // A message, or without value a tombstone. Without a partition it goes where Kafka's Java
  // client would put its key (murmur2), so topics stay co-partitioned whoever wrote them.
  void produce(const std::string& topic, std::optional<PartitionId> partition, std::string_view key,
               std::optional<std::string_view> value, TimestampMs timestamp, std::uint64_t tag = 0);
  // Commits these consumed offsets of `group`'s member with the transaction (exactly once).
  void add_offsets(const std::vector<std::pair<TopicPartition, Offset>>& offsets,
                   const GroupMetadata& group);

 private:
  friend class TransactionRunner;
  explicit Transaction(TransactionalProducer& producer) : producer_(producer) {}
  TransactionalProducer& producer_;
};

struct TransactionOutcome {
  bool committed = false;
  // When not committed: why, for the caller's log.
  std::string failure;
  // When not committed because the broker refused messages for their content.
  std::vector<RefusedMessage> refused;
  // When committed: per topic and partition, the offset after the last message written there.
  std::map<std::string, std::map<PartitionId, Offset>> next_offsets;
};

// Runs Kafka transactions under one transactional id, and owns their mitigation, the same for
// every role: an abortable failure aborts the transaction, a fatal one (fenced after a broker
// outage, an invalid producer state) replaces the producer, which fences its predecessor. run()
// is one attempt that never leaves a transaction open: it commits, or returns committed=false
// at once (the caller redoes its work from what is committed, backing off as its retry policy
// says: the step runner's, or run_until_committed's). Every wait ends at a stop request
// (runtime::Stopped).
class TransactionRunner {
 public:
  // `transactional_id` must be stable per instance: a restarted instance fences its old self.
  // With `give_up_after`, connecting stops trying after that long (a KafkaError) instead of
  // waiting for the broker as long as it takes.
  TransactionRunner(const KafkaConfig& config, std::string transactional_id, std::stop_token stop,
                    std::optional<std::chrono::milliseconds> give_up_after = std::nullopt);
  ~TransactionRunner();

  TransactionOutcome run(const std::function<void(Transaction&)>& fill);
  // run() under runtime::retry_with_mitigation, with the configuration's backoff, until a
  // transaction commits: for work that needs no redoing from committed state in between.
  // Messages the broker refuses are not retried (a configuration KafkaError naming the first);
  // with `give_up_after`, the last failure goes to the caller after that long.
  void run_until_committed(std::string what, const std::function<void(Transaction&)>& fill,
                           std::optional<std::chrono::milliseconds> give_up_after = std::nullopt);
  // Sends what `fill` produces in a transaction that is then aborted, and says which messages
  // the broker refused for their content (none: all were accepted); nullopt when the broker did
  // not answer for all of them. Finds the one message that made the broker refuse a whole
  // batch, without writing anything.
  std::optional<std::vector<RefusedMessage>> probe(const std::function<void(Transaction&)>& fill);

  // Creates the producer and initialises its transactions now rather than at the first run(),
  // waiting for the broker: given a `stop`, until it is requested; without, for `give_up_after`
  // at most (then a KafkaError), or as long as it takes.
  void connect(std::optional<std::stop_token> stop = std::nullopt);
  const std::string& transactional_id() const { return transactional_id_; }
  // The topics the transactions write. Each new producer looks their partitions up as it starts:
  // a topic first named in a transaction waits for librdkafka's next metadata scan, up to a
  // second, before its messages can go (the first file after a start took 0.8 s longer).
  void set_topics(std::vector<std::string> topics) { topics_ = std::move(topics); }

 private:
  // One attempt at a producer with its transactions initialised (a KafkaError if not).
  void initialise();
  std::optional<std::vector<RefusedMessage>> probe_once(
      const std::function<void(Transaction&)>& fill);
  void recover(const class KafkaError& failure);
  void replace_producer(std::string_view why);
  void abort_or_replace();

  const KafkaConfig& config_;
  std::string transactional_id_;
  std::stop_token stop_;
  std::optional<std::chrono::milliseconds> give_up_after_;
  std::vector<std::string> topics_;
  // Shared with a call still waiting for the broker when the producer was given up.
  std::shared_ptr<TransactionalProducer> producer_;
  int replacements_in_a_row_ = 0;
};

}  // namespace mobilecs::kafka
