#include "app/commands.h"
#include "http/operations_routes.h"

namespace mobilecs::app {

void add_metrics_port_option(CLI::App& command, std::optional<int>& port) {
  command
      .add_option("--metrics-port", port,
                  "Serve GET /health and GET /metrics (Prometheus) on this port")
      ->check(CLI::Range(0, 65535));
}

std::unique_ptr<http::HttpServer> start_metrics_endpoint(std::optional<int> port,
                                                         const metrics::Registry& registry) {
  if (!port) return nullptr;
  http::HttpConfig config;
  config.port = *port;
  config.threads = 4;
  auto server = std::make_unique<http::HttpServer>(config);
  http::add_operations_routes(server->routes(), {}, registry);
  server->start();
  return server;
}

}  // namespace mobilecs::app
