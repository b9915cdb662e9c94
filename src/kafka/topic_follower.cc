#include "kafka/topic_follower.h"

#include <fmt/format.h>
#include <librdkafka/rdkafkacpp.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "kafka/client_config.h"
#include "kafka/kafka_error.h"
#include "kafka/topic_admin.h"
#include "runtime/stop.h"

namespace mobilecs::kafka {

TopicFollower::TopicFollower(KafkaConfig config, std::string topic, std::int64_t tail,
                             std::function<void(const Message&)> visit)
    : config_(std::move(config)),
      topic_(std::move(topic)),
      tail_(tail),
      visit_(std::move(visit)),
      thread_([this](std::stop_token stop) {
        pthread_setname_np(pthread_self(), "mobilecs-follow");
        while (!stop.stop_requested()) {
          try {
            follow(stop);
          } catch (const std::exception& e) {
            spdlog::debug("following {}: {}; trying again", topic_, e.what());
          }
          runtime::sleep_for(stop, std::chrono::seconds(2));
        }
      }) {}

TopicFollower::~TopicFollower() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void TopicFollower::follow(const std::stop_token& stop) {
  const int partitions = partition_count(config_, topic_);
  if (partitions == 0) return;  // not created yet: try again later
  ClientConfig client(config_, "mobilecs-follower");
  client.committed_reader(config_.name(fmt::format("mobilecs-follower-{}", ::getpid())))
      .set("fetch.wait.max.ms", "100");
  const std::unique_ptr<RdKafka::KafkaConsumer> consumer = client.create_consumer();
  std::vector<std::unique_ptr<RdKafka::TopicPartition>> owned;
  std::vector<RdKafka::TopicPartition*> assignment;
  for (int p = 0; p < partitions; ++p) {
    std::int64_t low = 0;
    std::int64_t high = 0;
    if (const auto code = consumer->query_watermark_offsets(topic_, p, &low, &high, 3000)) {
      throw KafkaError(fmt::format("reading the offsets of {}: {}", topic_, RdKafka::err2str(code)),
                       code, KafkaError::Flags{.retriable = true});
    }
    owned.emplace_back(RdKafka::TopicPartition::create(topic_, p, std::max(low, high - tail_)));
    assignment.push_back(owned.back().get());
  }
  consumer->assign(assignment);
  while (!stop.stop_requested()) {
    RdKafka::Message* m = consumer->consume(200);
    if (m->err() == RdKafka::ERR_NO_ERROR) {
      visit_(Message::adopt(m));
    } else {
      delete m;
    }
  }
  consumer->close();
}

}  // namespace mobilecs::kafka
