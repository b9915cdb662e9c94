#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "kafka/ids.h"

namespace mobilecs::kafka {

// A message read from Kafka. The views stay valid as long as the Message (or a copy) lives.
class Message {
 public:
  std::string_view topic() const { return topic_; }
  PartitionId partition() const { return partition_; }
  Offset offset() const { return offset_; }
  TimestampMs timestamp() const { return timestamp_; }
  std::optional<std::string_view> key() const { return key_; }
  std::optional<std::string_view> value() const { return value_; }  // nullopt: a tombstone

  // Takes ownership of a librdkafka message (an RdKafka::Message*); for the adapter only.
  static Message adopt(void* rdkafka_message);

 private:
  std::shared_ptr<const void> owner_;
  std::string_view topic_;
  PartitionId partition_;
  Offset offset_;
  TimestampMs timestamp_;
  std::optional<std::string_view> key_;
  std::optional<std::string_view> value_;
};

}  // namespace mobilecs::kafka
