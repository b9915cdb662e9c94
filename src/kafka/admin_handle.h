#pragma once

#include <memory>
#include <string>

#include "kafka/kafka_config.h"

struct rd_kafka_s;

namespace mobilecs::kafka {

// A librdkafka client for administrative requests (topics, offsets), with connections of its
// own: a request sent on a consumer's connection waits behind that consumer's fetch, which the
// broker may hold for fetch.wait.max.ms.
struct AdminHandleDeleter {
  void operator()(rd_kafka_s* rk) const;
};
using AdminHandle = std::unique_ptr<rd_kafka_s, AdminHandleDeleter>;

// Throws KafkaError (configuration) if librdkafka refuses the settings.
AdminHandle admin_handle(const KafkaConfig& config,
                         const std::string& client_id = "mobilecs-admin");

}  // namespace mobilecs::kafka
