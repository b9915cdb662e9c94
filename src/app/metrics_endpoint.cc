#include "app/commands.h"
#include "http/operations_routes.h"

namespace mobilecs::app {

void add_metrics_port_option(CLI::App& command, std::optional<int>& port) {
  command
      .add_option("--metrics-port", port,
                  "Serve GET /health and GET /metrics (Prometheus) on this port")
      ->check(CLI::Range(0, 65535));
}

RoleMetrics::RoleMetrics(std::optional<int> port, runtime::RoleInfo info) : info_(std::move(info)) {
  if (!port) return;
  http::HttpConfig config;
  config.port = *port;
  config.threads = 2;
  server_ = std::make_unique<http::HttpServer>(config, "/health, /metrics and /status");
  http::add_operations_routes(server_->routes(), {}, registry_);
  server_->routes().get(
      "/status",
      [this](const http::Request&, http::Response& res) {
        res.set(runtime::role_status(info_, pipeline_, steps_.load()).dump(), "application/json");
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
