#pragma once

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <thread>

#include "kafka/kafka_config.h"
#include "kafka/message.h"

namespace mobilecs::kafka {

// Follows every partition of a topic with read_committed, starting about `tail` messages before
// each partition's end, and calls `visit` for each message (on a thread of its own) until
// destroyed. Waits for the topic to exist and for the broker to come back, by itself. For
// showing what is published (the console's notification feed), not for processing: nothing is
// committed.
class TopicFollower {
 public:
  TopicFollower(KafkaConfig config, std::string topic, std::int64_t tail,
                std::function<void(const Message&)> visit);
  ~TopicFollower();
  TopicFollower(const TopicFollower&) = delete;
  TopicFollower& operator=(const TopicFollower&) = delete;

 private:
  void follow(const std::stop_token& stop);

  KafkaConfig config_;
  std::string topic_;
  std::int64_t tail_;
  std::function<void(const Message&)> visit_;
  std::jthread thread_;
};

}  // namespace mobilecs::kafka
