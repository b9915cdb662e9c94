#include "kafka/consumer_lag.h"

#include <librdkafka/rdkafkacpp.h>

#include <memory>

#include "kafka/client_config.h"
#include "kafka/kafka_error.h"
#include "kafka/topic_admin.h"

namespace mobilecs::kafka {
namespace {
constexpr int kTimeoutMs = 1500;

KafkaError unanswered(const std::string& what, RdKafka::ErrorCode code) {
  return KafkaError(what + ": " + RdKafka::err2str(code), code,
                    KafkaError::Flags{.retriable = true});
}
}  // namespace

std::vector<PartitionLag> consumer_lag(const KafkaConfig& config, const std::string& group,
                                       const std::vector<std::string>& topics) {
  ClientConfig client(config, "mobilecs-lag");
  client
      .require("group.id", group)  // only reads the group's offsets; never joins it
      .require("enable.auto.commit", "false");
  const std::unique_ptr<RdKafka::KafkaConsumer> consumer = client.create_consumer();

  std::vector<std::unique_ptr<RdKafka::TopicPartition>> owned;
  std::vector<RdKafka::TopicPartition*> partitions;
  for (const auto& topic : topics) {
    const int count = partition_count(config, topic);
    for (int p = 0; p < count; ++p) {
      owned.emplace_back(RdKafka::TopicPartition::create(topic, p));
      partitions.push_back(owned.back().get());
    }
  }
  if (const auto err = consumer->committed(partitions, kTimeoutMs); err != RdKafka::ERR_NO_ERROR) {
    throw unanswered("cannot read the committed offsets of group " + group, err);
  }
  std::vector<PartitionLag> out;
  for (const RdKafka::TopicPartition* tp : partitions) {
    std::int64_t low = 0;
    std::int64_t high = 0;
    const auto err =
        consumer->query_watermark_offsets(tp->topic(), tp->partition(), &low, &high, kTimeoutMs);
    if (err != RdKafka::ERR_NO_ERROR) {
      throw unanswered("cannot read the end offset of " + tp->topic(), err);
    }
    const std::int64_t from = tp->offset() >= 0 ? tp->offset() : low;
    out.push_back(
        PartitionLag{tp->topic(), tp->partition(), std::max<std::int64_t>(0, high - from)});
  }
  consumer->close();
  return out;
}

}  // namespace mobilecs::kafka
