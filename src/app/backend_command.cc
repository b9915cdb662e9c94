#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "app/commands.h"
#include "app/kafka_audit_trail.h"
#include "app/kafka_publisher.h"
#include "app/stop_signal.h"
#include "cassandra/cassandra_data_record_store.h"
#include "core/codec/agreement_json.h"
#include "http/api_server.h"
#include "http/http_client.h"
#include "kafka/consumer_lag.h"
#include "kafka/topic_admin.h"
#include "kafka/topic_follower.h"
#include "metrics/process_counters.h"
#include "runtime/stop.h"
#include "store/retrying_store.h"

namespace mobilecs::app {
namespace {

// A role serving GET /status at `base_url` (http://host:port), asked with the token the roles
// accept: MOBILECS_ROLE_TOKEN, or this process's own (MOBILECS_API_TOKEN(_FILE)).
api::PipelineMonitor::Probe role_probe(const std::string& base_url) {
  const char* role_token = std::getenv("MOBILECS_ROLE_TOKEN");
  const std::string token =
      role_token != nullptr && *role_token != '\0' ? role_token : environment_api_token();
  std::vector<std::pair<std::string, std::string>> headers;
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  return {base_url, base_url, [base_url, headers]() -> std::optional<nlohmann::ordered_json> {
            try {
              const auto res = http::http_get(base_url + "/status", headers,
                                              http::ClientOptions{std::chrono::seconds(1), {}});
              if (res.status != 200) return std::nullopt;
              return nlohmann::ordered_json::parse(res.body);
            } catch (const std::exception&) {
              return std::nullopt;
            }
          }};
}

}  // namespace

void add_backend_command(CLI::App& app, int& exit_code) {
  struct Options {
    kafka::KafkaConfig kafka;
    cassandra::CassandraConfig cassandra;
    ApiSettings api;
    std::filesystem::path incoming_dir = "/tmp/incoming-data-records";
    std::vector<std::string> roles;
    files::FolderLinks folder_links = files::FolderLinks::kRefuse;
    bool generators = false;
    std::optional<core::UsagePolicy> usage_policy;  // the ingesters', for the console's usage
  };
  auto o = std::make_shared<Options>();
  o->api.http.host = "0.0.0.0";  // a server for others: it refuses to start without credentials
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
  add_usage_policy_option(*backend, o->usage_policy);
  backend->add_flag("--enable-generators", o->generators,
                    "Serve the generate endpoints (development tools: they write agreements, files "
                    "and records; admin scope)");
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
    auto authenticator = make_authenticator(o->api.auth);
    if (!authenticator->has_credentials() && !authenticator->allows_anonymous()) {
      throw std::runtime_error(
          "the backend serves usage data to holders of a credential, and none is configured: "
          "set MOBILECS_API_TOKEN, --api-tokens-file, or --jwks-file/--jwks-url with "
          "--jwt-issuer (docs/security.md); --insecure-allow-anonymous lets anyone in");
    }
    cassandra::CassandraDataRecordStore cassandra(o->cassandra);
    std::stop_callback interrupt_store(StopSignals::hard(),
                                       [&cassandra] { cassandra.interrupt(); });
    // An answer must not wait long for Cassandra: a call gives up after a few seconds (503).
    store::RetryingStore store(cassandra, o->kafka.retry_backoff, std::chrono::seconds(3),
                               StopSignals::hard());
    const kafka::KafkaConfig kafka = o->kafka;
    char host[256] = "";
    ::gethostname(host, sizeof host - 1);
    // A generate request must get its answer: give up on Kafka after a few seconds (503).
    auto publisher = std::make_shared<KafkaPublisher>(
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
    metrics::expose_failed_attempts(registry);
    auto& write_latency = registry.histogram("mobilecs_store_write_seconds",
                                             "Latency of writes to the data-record store",
                                             metrics::latency_buckets());
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
    // Every change made through the API, before it is made.
    KafkaAuditTrail audit(kafka, publisher);
    // The console: notifications and usage alerts as the ingesters publish them, the roles it is
    // told about.
    api::NotificationFeed notifications;
    const auto follow = [&notifications](api::NotificationFeed::Kind kind) {
      return [&notifications, kind](const kafka::Message& m) {
        notifications.add(
            kind, fmt::format(R"({{"timestamp":{},"key":"{}","value":{}}})", m.timestamp().value,
                              m.key().value_or(""), m.value().value_or("null")));
      };
    };
    kafka::TopicFollower follower(kafka, kafka.name(kafka::topic::kDataRecordsAggregates), 2'000,
                                  follow(api::NotificationFeed::Kind::kNotification));
    kafka::TopicFollower alert_follower(kafka, kafka.name(kafka::topic::kDataUsageAlerts), 2'000,
                                        follow(api::NotificationFeed::Kind::kAlert));
    std::vector<api::PipelineMonitor::Probe> probes;
    for (const std::string& url : o->roles) probes.push_back(role_probe(url));
    api::PipelineMonitor monitor(
        std::move(probes),
        [lag] {
          auto out = nlohmann::ordered_json::array();
          for (const auto& p : lag()) {
            out.push_back({{"topic", p.topic}, {"partition", p.partition}, {"lag", p.lag}});
          }
          return out;
        },
        prometheus_alerts(o->api.prometheus_url));
    monitor.start();
    http::ApiServer server(
        o->api.http, o->api.generate, o->api.graphql,
        http::ApiServer::Parts{
            store,
            api::GenerateTargets{[publisher, kafka](std::span<const core::Agreement> a) {
                                   publisher->publish(agreement_messages(kafka, a));
                                 },
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
            [anonymous = o->api.auth.allow_anonymous] {
              nlohmann::ordered_json s{{"role", "backend"}};
              if (anonymous) s["warnings"] = {kAnonymousWarning};
              return s;
            },
            std::move(authenticator),
            &audit,
            o->generators,
            o->usage_policy ? &*o->usage_policy : nullptr});
    server.start();
    std::optional<StopSignals::Registration> reload(
        StopSignals::on_hangup([&server] { server.reload_tls(); }));
    runtime::sleep_for(StopSignals::soft(), std::chrono::hours(24 * 365 * 100));
    spdlog::info("stopping the HTTP API");
    reload.reset();
    server.stop();
    exit_code = 0;
  });
}

}  // namespace mobilecs::app
