#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "app/agreement_publisher.h"
#include "app/commands.h"
#include "app/stop_signal.h"
#include "cassandra/cassandra_store.h"
#include "core/codec/agreement_json.h"
#include "http/api_server.h"
#include "kafka/consumer_lag.h"
#include "kafka/topic_admin.h"
#include "runtime/stop.h"

namespace mobilecs::app {

void add_backend_command(CLI::App& app, int& exit_code) {
  struct Options {
    kafka::KafkaConfig kafka;
    cassandra::CassandraConfig cassandra;
    ApiSettings api;
    std::filesystem::path incoming_dir = "/tmp/incoming-data-records";
  };
  auto o = std::make_shared<Options>();
  auto* backend = app.add_subcommand(
      "backend",
      "The HTTP API (REST, GraphQL, generate endpoints, health, metrics) over Kafka and "
      "Cassandra");
  backend->add_option("--port", o->api.http.port, "HTTP port")
      ->envname("MOBILECS_HTTP_PORT")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  backend
      ->add_option("--incoming-dir", o->incoming_dir,
                   "Where GET /api/incoming-data-records/generate writes its files")
      ->envname("MOBILECS_INCOMING_DATA_RECORDS_DIR")
      ->capture_default_str();
  add_api_options(*backend, o->api);
  add_kafka_options(*backend, o->kafka);
  add_cassandra_options(*backend, o->cassandra);
  backend->callback([o, &exit_code] {
    cassandra::DataRecordStore store(o->cassandra);
    std::stop_callback interrupt_store(StopSignals::hard(), [&store] { store.interrupt(); });
    char host[256] = "";
    ::gethostname(host, sizeof host - 1);
    // A generate request must get its answer: give up on Kafka after a few seconds (503).
    auto publisher = std::make_shared<AgreementPublisher>(
        o->kafka, fmt::format("mobilecs-backend-generator-{}-{}", host, ::getpid()),
        StopSignals::hard(), std::chrono::seconds(5));
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
        o->api.http, o->api.generate, o->api.graphql,
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
    runtime::sleep_for(StopSignals::soft(), std::chrono::hours(24 * 365 * 100));
    spdlog::info("stopping the HTTP API");
    server.stop();
    exit_code = 0;
  });
}

}  // namespace mobilecs::app
