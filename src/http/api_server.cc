#include "http/api_server.h"

#include "api/data_record_graphql.h"
#include "http/console_routes.h"
#include "http/data_record_routes.h"
#include "http/generate_routes.h"
#include "http/graphql_routes.h"
#include "http/openapi_document.h"

namespace mobilecs::http {

ApiServer::ApiServer(HttpConfig http, api::GenerateConfig generate, graphql::CostLimits limits,
                     Parts parts)
    : records_(parts.store, parts.store_write_latency),
      generate_(generate, std::move(parts.generate_targets)),
      server_(std::move(http)) {
  api::define_data_record_schema(schema_, records_);
  auto& routes = server_.routes();
  add_data_record_routes(routes, records_);
  add_generate_routes(routes, generate_);
  add_graphql_routes(routes, schema_, limits);
  add_openapi_route(routes);
  add_console_routes(routes, records_, parts.notifications, parts.pipeline);
  if (parts.role_status) {
    routes.get(
        "/status",
        [status = parts.role_status](const Request&, Response& res) {
          res.set(status().dump(), "application/json");
        },
        Execution::kInline);
  }
  parts.readiness_checks.insert(
      parts.readiness_checks.begin(),
      ReadinessCheck{"store", [this] { return records_.store_reachable(); }});
  add_operations_routes(routes, std::move(parts.readiness_checks), parts.registry);
}

}  // namespace mobilecs::http
