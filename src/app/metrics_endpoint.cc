#include "app/commands.h"
#include "http/operations_routes.h"

namespace mobilecs::app {

void add_metrics_options(CLI::App& command, MetricsSettings& settings) {
  command
      .add_option("--metrics-port", settings.port,
                  "Serve GET /health, /metrics (Prometheus) and /status on this port (all "
                  "interfaces; /metrics and /status need a credential with the admin scope)")
      ->check(CLI::Range(0, 65535));
  command
      .add_option("--metrics-allowed-hosts", settings.allowed_hosts,
                  "Names the metrics port may be reached by (its Host header), comma separated")
      ->envname("MOBILECS_METRICS_ALLOWED_HOSTS")
      ->delimiter(',')
      ->capture_default_str();
  add_auth_options(command, settings.auth);
}

RoleMetrics::RoleMetrics(const MetricsSettings& settings, runtime::RoleInfo info)
    : info_(std::move(info)) {
  if (!settings.port) return;
  auto authenticator = make_authenticator(settings.auth);
  anonymous_ = authenticator->allows_anonymous();
  if (!authenticator->has_credentials() && !authenticator->allows_anonymous()) {
    throw std::runtime_error(
        "--metrics-port serves /metrics and /status to holders of a credential, and none is "
        "configured: set MOBILECS_API_TOKEN, --api-tokens-file or --jwks-file/--jwks-url with "
        "--jwt-issuer (or --insecure-allow-anonymous on a closed test network)");
  }
  http::HttpConfig config;
  config.host = "0.0.0.0";
  config.port = *settings.port;
  config.threads = 2;
  config.allowed_hosts = settings.allowed_hosts;
  server_ = std::make_unique<http::HttpServer>(config, std::move(authenticator),
                                               "/health, /metrics and /status");
  http::add_operations_routes(server_->routes(), {}, registry_);
  server_->routes().get(
      "/status", http::Access::needs(auth::Scope::kAdmin),
      [this](const http::Request&, http::Response& res) {
        auto status = runtime::role_status(info_, pipeline_, steps_.load());
        if (anonymous_) status["warnings"] = {kAnonymousWarning};
        res.set(status.dump(), "application/json");
      },
      http::Execution::kInline);
  server_->start();
}

core::EpochMillis wall_clock_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace mobilecs::app
