#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>

#include "api/generate_service.h"
#include "cassandra/cassandra_store.h"
#include "files/folder.h"
#include "graphql/cost_limits.h"
#include "http/http_config.h"
#include "http/http_server.h"
#include "kafka/kafka_config.h"
#include "metrics/pipeline_metrics.h"
#include "metrics/registry.h"
#include "runtime/role_status.h"
#include "runtime/step_metrics.h"

namespace mobilecs::app {

// Each adds one subcommand of `mobilecs` (docs/configuration.md); the one chosen sets `exit_code`.
void add_demo_command(CLI::App& app, int& exit_code);
void add_run_command(CLI::App& app, int& exit_code);
void add_generate_command(CLI::App& app, int& exit_code);
void add_importer_command(CLI::App& app, int& exit_code);
void add_ingester_command(CLI::App& app, int& exit_code);
void add_backend_command(CLI::App& app, int& exit_code);
// `init` (topics and keyspace, for deployments), `topics list|delete`, `healthcheck`.
void add_admin_commands(CLI::App& app, int& exit_code);

// If argv names no subcommand of `app` where one is due, what to tell the user: the word, the
// commands there are, and the closest one.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv);

// --bootstrap-servers (KAFKA_BOOTSTRAP_SERVERS), --topic-prefix, --partitions.
void add_kafka_options(CLI::App& command, kafka::KafkaConfig& config);

// --cassandra-contact-points (CASSANDRA_CONTACT_POINT), --cassandra-keyspace,
// --cassandra-replication, --cassandra-consistency.
void add_cassandra_options(CLI::App& command, cassandra::CassandraConfig& config);

// What a command serving the HTTP API is told about it.
struct ApiSettings {
  http::HttpConfig http;
  api::GenerateConfig generate;
  graphql::CostLimits graphql;
};

// --http-host, --cors-origin, --http-threads, --max-body-bytes, --max-connections, the GraphQL
// cost limits and the batch sizes of the generate endpoints.
void add_api_options(CLI::App& command, ApiSettings& settings);

// --allow-symlinked-folders: the data or incoming folder (and processed/) may be links.
void add_symlinked_folders_flag(CLI::App& command, files::FolderLinks& links);

// Instance ids name folders and Kafka ids: letters, digits, '.', '_' and '-', not leading '.'.
CLI::Validator instance_id_check();

// --metrics-port, for the roles that serve no API (importer, ingester).
void add_metrics_port_option(CLI::App& command, std::optional<int>& port);

// What such a role reports, served at /health, /metrics and /status (for the backend's console)
// while it lives, when a port is given.
class RoleMetrics {
 public:
  RoleMetrics(std::optional<int> port, runtime::RoleInfo info);
  metrics::PipelineMetrics& pipeline() { return pipeline_; }
  // Where /status finds the recent bad inputs, once the role has made it.
  void set_steps(const runtime::StepMetrics* steps) { steps_ = steps; }

 private:
  metrics::Registry registry_;
  metrics::PipelineMetrics pipeline_{registry_};
  runtime::RoleInfo info_;
  std::atomic<const runtime::StepMetrics*> steps_{nullptr};
  std::unique_ptr<http::HttpServer> server_;
};

// Now, in milliseconds since the epoch.
core::EpochMillis wall_clock_millis();

}  // namespace mobilecs::app
