#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "app/commands.h"
#include "app/stop_signal.h"
#include "cassandra/cassandra_store.h"
#include "core/codec/agreement_json.h"
#include "http/api_server.h"
#include "kafka/consumer_lag.h"
#include "kafka/topic_admin.h"
#include "kafka/transactional_producer.h"

namespace mobilecs::app {
namespace {

// Publishes generated agreements to the `agreements` topic, one transaction per call. The
// producer is made on first use (the backend starts while Kafka is down) and again after a
// failure.
class AgreementPublisher {
 public:
  explicit AgreementPublisher(kafka::KafkaConfig config) : config_(std::move(config)) {}

  void publish(std::span<const core::Agreement> agreements) {
    std::lock_guard lock(mutex_);
    try {
      if (!producer_) {
        kafka::ensure_topics(config_, kafka::mobilecs_topics(config_));
        char host[256] = "";
        ::gethostname(host, sizeof host - 1);
        producer_ = std::make_unique<kafka::TransactionalProducer>(
            config_,
            config_.name(fmt::format("mobilecs-backend-generator-{}-{}", host, ::getpid())));
      }
      const std::string topic = config_.name(kafka::topic::kAgreements);
      producer_->begin();
      for (const auto& a : agreements) {
        producer_->produce(topic, -1, a.msisdn, core::agreement_to_json(a),
                           a.signed_at.instant.epoch_millis());
      }
      producer_->commit();
    } catch (...) {
      producer_.reset();  // aborts what was open; the next call starts afresh
      throw;
    }
  }

 private:
  kafka::KafkaConfig config_;
  std::mutex mutex_;
  std::unique_ptr<kafka::TransactionalProducer> producer_;
};

}  // namespace

void add_backend_command(CLI::App& app, int& exit_code) {
  struct Options {
    kafka::KafkaConfig kafka;
    cassandra::CassandraConfig cassandra;
    http::HttpConfig http;
    api::GenerateConfig generate;
    std::filesystem::path incoming_dir = "/tmp/incoming-data-records";
  };
  auto o = std::make_shared<Options>();
  auto* backend = app.add_subcommand(
      "backend",
      "The HTTP API (REST, GraphQL, generate endpoints, health, metrics) over Kafka and "
      "Cassandra");
  backend->add_option("--port", o->http.port, "HTTP port")
      ->envname("MOBILECS_HTTP_PORT")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  backend
      ->add_option("--incoming-dir", o->incoming_dir,
                   "Where GET /api/incoming-data-records/generate writes its files")
      ->envname("MOBILECS_INCOMING_DATA_RECORDS_DIR")
      ->capture_default_str();
  add_api_options(*backend, o->http, o->generate);
  add_kafka_options(*backend, o->kafka);
  add_cassandra_options(*backend, o->cassandra);
  backend->callback([o, &exit_code] {
    const auto& stop = install_stop_signal_handlers();
    cassandra::DataRecordStore store(o->cassandra);
    auto publisher = std::make_shared<AgreementPublisher>(o->kafka);
    metrics::Registry registry;
    auto& write_latency = registry.histogram("mobilecs_store_write_seconds",
                                             "Latency of writes to the data-record store",
                                             metrics::latency_buckets());
    const kafka::KafkaConfig kafka = o->kafka;
    registry.gauge_callback(
        "mobilecs_consumer_lag", "Messages the ingesters have yet to read, by input partition",
        [kafka] {
          std::vector<std::pair<metrics::Registry::Labels, double>> out;
          try {
            for (const auto& p :
                 kafka::consumer_lag(kafka, kafka.name("mobilecs-ingester"),
                                     {kafka.name(kafka::topic::kAgreements),
                                      kafka.name(kafka::topic::kIncomingDataRecords)})) {
              out.push_back({{{"topic", p.topic}, {"partition", std::to_string(p.partition)}},
                             static_cast<double>(p.lag)});
            }
          } catch (const std::exception& e) {
            spdlog::warn("consumer lag unknown: {}", e.what());
          }
          return out;
        });
    http::ApiServer server(
        o->http, o->generate,
        http::ApiServer::Parts{
            store,
            api::GenerateTargets{
                [publisher](std::span<const core::Agreement> a) { publisher->publish(a); },
                o->incoming_dir, &store},
            {http::ReadinessCheck{"kafka",
                                  [kafka] {
                                    try {
                                      kafka::partition_count(kafka,
                                                             kafka.name(kafka::topic::kAgreements));
                                      return true;
                                    } catch (const std::exception&) {
                                      return false;
                                    }
                                  }}},
            registry,
            &write_latency});
    server.start();
    while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    spdlog::info("stopping the HTTP API");
    server.stop();
    exit_code = 0;
  });
}

}  // namespace mobilecs::app
