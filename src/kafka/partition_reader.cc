#include "kafka/partition_reader.h"

#include <fmt/format.h>
#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <memory>
#include <set>

#include "kafka/client_config.h"
#include "kafka/kafka_error.h"
#include "kafka/log_ends.h"
#include "runtime/stop.h"

namespace mobilecs::kafka {
namespace {
// Short, so that a caller retrying while the broker is away notices a stop request in time.
constexpr int kAnswerMs = 2'000;
}  // namespace

std::map<PartitionId, Offset> read_partitions_to_end(
    const KafkaConfig& config, const std::string& topic,
    const std::map<PartitionId, Offset>& from_offsets,
    const std::function<void(const Message&)>& visit, const std::stop_token& stop) {
  std::map<PartitionId, Offset> next;
  if (from_offsets.empty()) return next;
  ClientConfig client(config, "mobilecs-partition-reader");
  client
      .committed_reader(config.name("mobilecs-partition-reader"))  // never commits
      .require("enable.partition.eof", "true")
      .set("fetch.wait.max.ms", "50");
  const std::unique_ptr<RdKafka::KafkaConsumer> consumer = client.create_consumer();
  // Where each log ends now, uncommitted records included: a partition is read until there, so
  // that a transaction still open on it (its producer finishing a commit, or one that died)
  // holds the read until it ends, committed or aborted. A committed reader's own "end" would
  // stop before it: without an answer (a leader moving), the read fails and is tried again.
  std::map<std::int32_t, std::int64_t> ends;
  {
    std::vector<TopicPartition> asked;
    for (const auto& [partition, offset] : from_offsets) asked.push_back({topic, partition});
    if (const auto answer =
            uncommitted_log_ends(consumer->c_ptr(), asked, std::chrono::milliseconds(kAnswerMs))) {
      for (const auto& [where, end] : *answer) ends[where.partition.value] = end.value;
    }
    for (const TopicPartition& where : asked) {
      if (ends.contains(where.partition.value)) continue;
      consumer->close();
      throw KafkaError(
          fmt::format("reading {} to its end: no broker said where it ends", to_string(where)),
          RdKafka::ERR__TIMED_OUT, KafkaError::Flags{.retriable = true});
    }
  }
  std::vector<std::unique_ptr<RdKafka::TopicPartition>> owned;
  std::vector<RdKafka::TopicPartition*> assignment;
  std::set<std::int32_t> reading;
  bool starts_known = true;
  for (const auto& [partition, offset] : from_offsets) {
    // A partition with nothing past `offset` is not read at all, and the others start at an
    // offset, not at "beginning": librdkafka asks the broker for the beginning only after a
    // 500 ms timer, which every reader paid (docs/benchmarks.md). Without an answer, the
    // partition starts at "beginning", and so do the rest, rather than wait partition by
    // partition.
    runtime::throw_if_stopped(stop);
    std::int64_t low = 0, high = 0;
    if (offset.value < 0) {
      starts_known =
          starts_known && consumer->query_watermark_offsets(topic, partition.value, &low, &high,
                                                            kAnswerMs) == RdKafka::ERR_NO_ERROR;
    }
    const std::int64_t start = offset.value >= 0 ? offset.value
                               : starts_known    ? low
                                                 : RdKafka::Topic::OFFSET_BEGINNING;
    if (start == ends.at(partition.value)) {
      next[partition] = Offset{start};
      continue;
    }
    owned.emplace_back(RdKafka::TopicPartition::create(topic, partition.value, start));
    assignment.push_back(owned.back().get());
    reading.insert(partition.value);
  }
  if (assignment.empty()) {
    consumer->close();
    return next;
  }
  consumer->assign(assignment);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  std::string last_error;
  while (!reading.empty()) {
    runtime::throw_if_stopped(stop);
    RdKafka::Message* m = consumer->consume(200);
    if (m->err() == RdKafka::ERR_NO_ERROR) {
      visit(Message::adopt(m));
    } else {
      std::unique_ptr<RdKafka::Message> done(m);
      if (m->err() == RdKafka::ERR__PARTITION_EOF) {
        const std::int64_t end = ends.at(m->partition());
        if (m->offset() >= end) {
          reading.erase(m->partition());
        } else {
          last_error = fmt::format(
              "partition {} is read to {} of {}: a transaction still open there has not ended",
              m->partition(), m->offset(), end);
        }
      } else if (m->err() != RdKafka::ERR__TIMED_OUT) {
        last_error = m->errstr();
      }
    }
    if (std::chrono::steady_clock::now() > deadline) {
      consumer->close();
      throw KafkaError(fmt::format("reading {} to its end timed out{}", topic,
                                   last_error.empty() ? "" : ": " + last_error),
                       RdKafka::ERR__TIMED_OUT, KafkaError::Flags{.retriable = true});
    }
  }
  consumer->position(assignment);
  for (const auto* tp : assignment) {
    next[PartitionId{tp->partition()}] = Offset{tp->offset() < 0 ? 0 : tp->offset()};
  }
  consumer->close();
  return next;
}

}  // namespace mobilecs::kafka
