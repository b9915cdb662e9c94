#include "kafka/message.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

namespace mobilecs::kafka {

Message Message::adopt(void* rdkafka_message) {
  auto* m = static_cast<RdKafka::Message*>(rdkafka_message);
  Message out;
  out.owner_ = std::shared_ptr<const void>(
      m, [](const void* p) { delete static_cast<const RdKafka::Message*>(p); });
  // topic_name() returns a copy; the topic handle's name lives as long as the message.
  const rd_kafka_message_t* c = m->c_ptr();
  out.topic_ =
      c->rkt != nullptr ? std::string_view(rd_kafka_topic_name(c->rkt)) : std::string_view();
  out.partition_ = PartitionId{m->partition()};
  out.offset_ = Offset{m->offset()};
  out.timestamp_ = TimestampMs{m->timestamp().timestamp};
  if (m->key_pointer() != nullptr) {
    out.key_ = std::string_view(static_cast<const char*>(m->key_pointer()), m->key_len());
  }
  if (m->payload() != nullptr) {
    out.value_ = std::string_view(static_cast<const char*>(m->payload()), m->len());
  }
  return out;
}

}  // namespace mobilecs::kafka
