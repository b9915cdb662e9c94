#include "app/commands.h"
#include "http/operations_routes.h"

namespace mobilecs::app {

void add_metrics_port_option(CLI::App& command, std::optional<int>& port) {
  command
      .add_option("--metrics-port", port,
                  "Serve GET /health and GET /metrics (Prometheus) on this port")
      ->check(CLI::Range(0, 65535));
}

RoleMetrics::RoleMetrics(std::optional<int> port) {
  if (!port) return;
  http::HttpConfig config;
  config.port = *port;
  config.threads = 2;
  server_ = std::make_unique<http::HttpServer>(config, "/health and /metrics");
  http::add_operations_routes(server_->routes(), {}, registry_);
  server_->start();
}

}  // namespace mobilecs::app
