#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/generate_service.h"
#include "auth/authenticator.h"
#include "cassandra/cassandra_data_record_store.h"
#include "core/processing/usage_processor.h"
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
// `api-token create`: a static API token, hashed into a tokens file.
void add_api_token_command(CLI::App& app, int& exit_code);
// `init` (topics and keyspace, for deployments), `topics list|delete`, `keyspace drop`,
// `healthcheck`.
void add_admin_commands(CLI::App& app, int& exit_code);

// If argv names no subcommand of `app` where one is due, what to tell the user: the word, the
// commands there are, and the closest one.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv);

// --bootstrap-servers (KAFKA_BOOTSTRAP_SERVERS), --topic-prefix, --partitions.
void add_kafka_options(CLI::App& command, kafka::KafkaConfig& config);

// --cassandra-contact-points (CASSANDRA_CONTACT_POINT), --cassandra-keyspace,
// --cassandra-replication, --cassandra-consistency.
void add_cassandra_options(CLI::App& command, cassandra::CassandraConfig& config);

// Who may call a command's HTTP server (docs/security.md).
struct AuthSettings {
  std::filesystem::path tokens_file;  // hashed static API tokens
  std::filesystem::path jwks_file;    // the identity provider's keys, or
  std::string jwks_url;               // where to fetch them
  std::filesystem::path jwks_ca_file;
  std::string jwt_issuer;
  std::vector<std::string> jwt_audiences{"mobilecs"};
  int jwt_leeway_seconds = 60;
  bool allow_anonymous = false;  // --insecure-allow-anonymous
};

// --api-tokens-file, --jwks-file, --jwks-url, --jwks-ca-file, --jwt-issuer, --jwt-audience,
// --jwt-leeway-seconds and --insecure-allow-anonymous (MOBILECS_API_TOKEN is read from the
// environment only).
void add_auth_options(CLI::App& command, AuthSettings& settings);

// The credentials a command accepts: MOBILECS_API_TOKEN (every scope), the tokens file, JWTs
// checked against the JWKS (fetched now; again for an unknown key, at most once a minute, and
// on SIGHUP). With `fallback`, if none of these is configured, accepts that token with every
// scope (`run --http`'s console token). Throws naming what is wrong.
std::shared_ptr<auth::Authenticator> make_authenticator(const AuthSettings& settings,
                                                        const std::string* fallback = nullptr);

// MOBILECS_API_TOKEN, or the first line of the file MOBILECS_API_TOKEN_FILE names (a compose or
// Kubernetes secret); empty if neither is set. Throws if that file cannot be read.
std::string environment_api_token();

// Whether any credential is configured (MOBILECS_API_TOKEN, a tokens file, a JWKS).
bool credentials_configured(const AuthSettings& settings);

// The token of a data folder's console (`D/.console-token`, readable by its owner only), made
// the first time: what `run --http` accepts when no other credential is configured, so the
// console's address stays the same across restarts.
std::string console_token(const files::Folder& data_folder);

// The console's address with a token, as `run --http` and `demo` print it.
std::string console_address(const std::string& scheme, const std::string& host, int port,
                            const std::string& token);

// What a command serving the HTTP API is told about it.
struct ApiSettings {
  http::HttpConfig http;
  api::GenerateConfig generate;
  graphql::CostLimits graphql;
  AuthSettings auth;
  std::string prometheus_url;  // whose firing alerts the pipeline page shows; empty: none
};

// What the pipeline page asks for the alerts firing in the Prometheus at `url`
// (api/prometheus_alerts.h); an empty function without a URL.
std::function<nlohmann::ordered_json()> prometheus_alerts(const std::string& url);

// --http-host, --http-allowed-hosts, --cors-origin, --tls-cert, --tls-key, --http-access-log,
// --http-threads, --max-body-bytes, --max-connections, the GraphQL cost limits, the batch sizes
// of the generate endpoints, and the credentials (add_auth_options).
void add_api_options(CLI::App& command, ApiSettings& settings);

// --allow-symlinked-folders: the data or incoming folder (and processed/) may be links.
void add_symlinked_folders_flag(CLI::App& command, files::FolderLinks& links);
// --allowed-out-of-orderness-ms and --idle-timeout-ms, of `run` and `ingester` alike.
void add_processor_options(CLI::App& command, core::ProcessorConfig& processor);
// --usage-policy (MOBILECS_USAGE_POLICY): the usage policy for agreements without their own.
void add_usage_policy_option(CLI::App& command, std::optional<core::UsagePolicy>& policy);
// The usage policy in the JSON file `path`; throws CLI::ValidationError naming what is wrong.
core::UsagePolicy read_usage_policy(const std::string& path);
// Logs the usage policy a pipeline runs with, if any.
void log_usage_policy(const core::ProcessorConfig& processor);

// Instance ids name folders and Kafka ids: letters, digits, '.', '_' and '-', not leading '.'.
CLI::Validator instance_id_check();

// How a role that serves no API (importer, ingester) serves its /health, /metrics and /status.
struct MetricsSettings {
  std::optional<int> port;
  std::vector<std::string> allowed_hosts{"*"};
  AuthSettings auth;
};

// --metrics-port, --metrics-allowed-hosts and the credentials (add_auth_options).
void add_metrics_options(CLI::App& command, MetricsSettings& settings);

// What such a role reports, served at /health, /metrics and /status (for the backend's console)
// while it lives, when a port is given. /metrics and /status need the admin scope; a role that
// is given a port but no credential refuses to start (unless --insecure-allow-anonymous).
class RoleMetrics {
 public:
  RoleMetrics(const MetricsSettings& settings, runtime::RoleInfo info);
  metrics::PipelineMetrics& pipeline() { return pipeline_; }
  // Where /status finds the recent bad inputs, once the role has made it.
  void set_steps(const runtime::StepMetrics* steps) { steps_ = steps; }

 private:
  metrics::Registry registry_;
  metrics::PipelineMetrics pipeline_{registry_};
  runtime::RoleInfo info_;
  std::atomic<const runtime::StepMetrics*> steps_{nullptr};
  bool anonymous_ = false;  // --insecure-allow-anonymous: said on /status
  std::unique_ptr<http::HttpServer> server_;
};

// What /status says of a process that lets anyone in.
inline constexpr const char* kAnonymousWarning =
    "--insecure-allow-anonymous: requests without a credential may read and change everything";

// Now, in milliseconds since the epoch.
core::EpochMillis wall_clock_millis();

}  // namespace mobilecs::app
