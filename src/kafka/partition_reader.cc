#include "kafka/partition_reader.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <set>

#include "kafka/kafka_error.h"

namespace mobilecs::kafka {

std::map<std::int32_t, std::int64_t> read_partitions_to_end(
    const KafkaConfig& config, const std::string& topic,
    const std::map<std::int32_t, std::int64_t>& from_offsets,
    const std::function<void(const RdKafka::Message&)>& visit) {
  std::map<std::int32_t, std::int64_t> next;
  if (from_offsets.empty()) return next;
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  conf->set("bootstrap.servers", config.bootstrap_servers, error);
  conf->set("group.id", config.name("mobilecs-partition-reader"), error);  // never commits
  conf->set("enable.auto.commit", "false", error);
  conf->set("isolation.level", "read_committed", error);
  conf->set("enable.partition.eof", "true", error);
  conf->set("fetch.wait.max.ms", "50", error);
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) {
    throw KafkaError("cannot create a Kafka consumer: " + error, false, false, true);
  }
  std::vector<std::unique_ptr<RdKafka::TopicPartition>> owned;
  std::vector<RdKafka::TopicPartition*> assignment;
  std::set<std::int32_t> reading;
  for (const auto& [partition, offset] : from_offsets) {
    owned.emplace_back(RdKafka::TopicPartition::create(
        topic, partition, offset < 0 ? RdKafka::Topic::OFFSET_BEGINNING : offset));
    assignment.push_back(owned.back().get());
    reading.insert(partition);
  }
  consumer->assign(assignment);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  std::string last_error;
  while (!reading.empty()) {
    std::unique_ptr<RdKafka::Message> message(consumer->consume(200));
    if (message->err() == RdKafka::ERR_NO_ERROR) {
      visit(*message);
    } else if (message->err() == RdKafka::ERR__PARTITION_EOF) {
      reading.erase(message->partition());
    } else if (message->err() != RdKafka::ERR__TIMED_OUT) {
      last_error = message->errstr();
    }
    if (std::chrono::steady_clock::now() > deadline) {
      consumer->close();
      throw KafkaError(fmt::format("reading {} to its end timed out{}", topic,
                                   last_error.empty() ? "" : ": " + last_error),
                       true, false, false);
    }
  }
  consumer->position(assignment);
  for (const auto* tp : assignment) {
    next[tp->partition()] = tp->offset() < 0 ? 0 : tp->offset();
  }
  consumer->close();
  return next;
}

}  // namespace mobilecs::kafka
