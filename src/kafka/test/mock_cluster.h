#pragma once

// A Kafka cluster inside the test process (librdkafka's mock cluster): brokers that can be taken
// down and up, requests that can be made to fail, coordinators that can be moved.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <stdexcept>
#include <string>

#include "kafka/kafka_config.h"

namespace mobilecs::kafka::testing {

// Kafka protocol API keys, for failing requests of one kind.
namespace api {
inline constexpr std::int16_t kProduce = 0;
inline constexpr std::int16_t kListOffsets = 2;
inline constexpr std::int16_t kMetadata = 3;
inline constexpr std::int16_t kHeartbeat = 12;
inline constexpr std::int16_t kInitProducerId = 22;
inline constexpr std::int16_t kAddPartitionsToTxn = 24;
inline constexpr std::int16_t kAddOffsetsToTxn = 25;
inline constexpr std::int16_t kEndTxn = 26;
inline constexpr std::int16_t kTxnOffsetCommit = 28;
}  // namespace api

class MockCluster {
 public:
  static constexpr int kBrokers = 3;

  MockCluster() {
    char error[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "0", error, sizeof error);
    handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (handle_ == nullptr) throw std::runtime_error(error);
    cluster_ = rd_kafka_mock_cluster_new(handle_, kBrokers);
    if (cluster_ == nullptr) throw std::runtime_error("cannot start a mock cluster");
  }
  ~MockCluster() {
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(handle_);
  }
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  KafkaConfig config() const {
    KafkaConfig config;
    config.bootstrap_servers = rd_kafka_mock_cluster_bootstraps(cluster_);
    config.partitions = 3;
    return config;
  }
  void create_topic(const std::string& name, int partitions) {
    rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, 1);
  }
  void set_leader(const std::string& topic, int partition, int broker) {
    rd_kafka_mock_partition_set_leader(cluster_, topic.c_str(), partition, broker);
  }
  // Every answer of broker `id` comes `ms` late: a busy or distant broker.
  void slow_down(int id, int ms) { rd_kafka_mock_broker_set_rtt(cluster_, id, ms); }
  void broker_down(int id) { rd_kafka_mock_broker_set_down(cluster_, id); }
  void broker_up(int id) { rd_kafka_mock_broker_set_up(cluster_, id); }
  void all_brokers(bool up) {
    for (int id = 1; id <= kBrokers; ++id) up ? broker_up(id) : broker_down(id);
  }
  // The next `errors.size()` requests of kind `api_key` fail with these errors, in order.
  void fail_next(std::int16_t api_key, std::initializer_list<rd_kafka_resp_err_t> errors) {
    rd_kafka_mock_push_request_errors_array(cluster_, api_key, errors.size(), errors.begin());
  }
  void move_transaction_coordinator(const std::string& transactional_id, int broker) {
    rd_kafka_mock_coordinator_set(cluster_, "transaction", transactional_id.c_str(), broker);
  }
  void move_group_coordinator(const std::string& group, int broker) {
    rd_kafka_mock_coordinator_set(cluster_, "group", group.c_str(), broker);
  }

 private:
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

}  // namespace mobilecs::kafka::testing
