#include "kafka/admin_handle.h"

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>

#include "kafka/client_config.h"
#include "kafka/kafka_error.h"

namespace mobilecs::kafka {

void AdminHandleDeleter::operator()(rd_kafka_s* rk) const {
  rd_kafka_poll(rk, 0);  // serves the error callback: a refused credential is noted
  rd_kafka_destroy(rk);
}

AdminHandle admin_handle(const KafkaConfig& config, const std::string& client_id) {
  char error[512];
  rd_kafka_conf_t* conf = ClientConfig(config, client_id).build_c();
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw KafkaError::configuration(fmt::format("cannot create a Kafka client: {}", error));
  }
  return AdminHandle(rk);
}

}  // namespace mobilecs::kafka
