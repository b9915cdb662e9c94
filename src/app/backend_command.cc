#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "app/agreement_publisher.h"
#include "app/commands.h"
#include "app/stop_signal.h"
#include "cassandra/cassandra_store.h"
#include "core/codec/agreement_json.h"
#include "http/api_server.h"
#include "kafka/consumer_lag.h"
#include "kafka/topic_admin.h"
#include "kafka/topic_follower.h"
#include "runtime/stop.h"

namespace mobilecs::app {

void add_backend_command(CLI::App& app, int& exit_code) {
  struct Options {
    kafka::KafkaConfig kafka;
    cassandra::CassandraConfig cassandra;
    ApiSettings api;
    std::filesystem::path incoming_dir = "/tmp/incoming-data-records";
    std::vector<std::string> roles;
    files::FolderLinks folder_links = files::FolderLinks::kRefuse;
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
  add_symlinked_folders_flag(*backend, o->folder_links);
  backend
      ->add_option("--role", o->roles,
                   "Base URL of an importer's or ingester's --metrics-port "
                   "(http://host:port), shown on the console's pipeline page; repeatable")
      ->envname("MOBILECS_ROLES")
      ->delimiter(',');
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
    // Ready for the first generate request before it comes (/ready says when).
    std::jthread prepare_publisher([publisher](std::stop_token stop) {
      try {
        publisher->prepare(stop);
      } catch (const runtime::Stopped&) {
      } catch (const std::exception& e) {
        spdlog::error("the agreement generator cannot publish to Kafka: {}", e.what());
      }
    });
    metrics::Registry registry;
    auto& write_latency = registry.histogram("mobilecs_store_write_seconds",
                                             "Latency of writes to the data-record store",
                                             metrics::latency_buckets());
    const kafka::KafkaConfig kafka = o->kafka;
    const auto lag = [kafka] {
      return kafka::consumer_lag(
          kafka, kafka.name("mobilecs-ingester"),
          {kafka.name(kafka::topic::kAgreements), kafka.name(kafka::topic::kIncomingDataRecords)});
    };
    registry.gauge_callback(
        "mobilecs_consumer_lag", "Messages the ingesters have yet to read, by input partition",
        [lag] {
          std::vector<std::pair<metrics::Registry::Labels, double>> out;
          try {
            for (const auto& p : lag()) {
              out.push_back({{{"topic", p.topic}, {"partition", std::to_string(p.partition)}},
                             static_cast<double>(p.lag)});
            }
          } catch (const std::exception& e) {
            spdlog::warn("consumer lag unknown: {}", e.what());
          }
          return out;
        });
    // The console: notifications as the ingesters publish them, the roles it is told about.
    api::NotificationFeed notifications;
    kafka::TopicFollower follower(
        kafka, kafka.name(kafka::topic::kDataRecordsAggregates), 2'000,
        [&notifications](const kafka::Message& m) {
          notifications.add(fmt::format(R"({{"timestamp":{},"key":"{}","value":{}}})",
                                        m.timestamp().value, m.key().value_or(""),
                                        m.value().value_or("null")));
        });
    std::vector<api::PipelineMonitor::Probe> probes;
    for (const std::string& url : o->roles) probes.push_back(api::PipelineMonitor::remote(url));
    api::PipelineMonitor monitor(std::move(probes), [lag] {
      auto out = nlohmann::ordered_json::array();
      for (const auto& p : lag()) {
        out.push_back({{"topic", p.topic}, {"partition", p.partition}, {"lag", p.lag}});
      }
      return out;
    });
    monitor.start();
    http::ApiServer server(
        o->api.http, o->api.generate, o->api.graphql,
        http::ApiServer::Parts{
            store,
            api::GenerateTargets{
                [publisher](std::span<const core::Agreement> a) { publisher->publish(a); },
                o->incoming_dir, &store, o->folder_links},
            {http::ReadinessCheck{"kafka",
                                  [kafka] {
                                    try {
                                      kafka::partition_count(kafka,
                                                             kafka.name(kafka::topic::kAgreements));
                                      return true;
                                    } catch (const std::exception&) {
                                      return false;
                                    }
                                  }},
             http::ReadinessCheck{"agreement-publisher",
                                  [publisher] { return publisher->prepared(); }}},
            registry,
            &write_latency,
            notifications,
            monitor,
            {}});
    server.start();
    runtime::sleep_for(StopSignals::soft(), std::chrono::hours(24 * 365 * 100));
    spdlog::info("stopping the HTTP API");
    server.stop();
    exit_code = 0;
  });
}

}  // namespace mobilecs::app
