#include "http/api_server.h"

#include "api/data_record_graphql.h"
#include "http/audit_route.h"
#include "http/console_routes.h"
#include "http/data_record_routes.h"
#include "http/generate_routes.h"
#include "http/graphql_routes.h"
#include "http/openapi_document.h"

namespace mobilecs::http {

ApiServer::ApiServer(HttpConfig http, api::GenerateConfig generate, graphql::CostLimits limits,
                     Parts parts)
    : records_(parts.store, parts.store_write_latency, parts.audit),
      generate_(generate, std::move(parts.generate_targets), parts.audit),
      server_(std::move(http), std::move(parts.authenticator)) {
  api::define_data_record_schema(schema_, records_, parts.notifications);
  auto& routes = server_.routes();
  add_data_record_routes(routes, records_);
  if (parts.generators) add_generate_routes(routes, generate_);
  if (parts.audit != nullptr) add_audit_route(routes, *parts.audit);
  add_graphql_routes(routes, schema_, limits);
  add_openapi_route(routes);
  add_console_routes(routes, records_, parts.notifications, parts.pipeline, parts.usage_policy);
  if (parts.role_status) {
    routes.get(
        "/status", Access::needs(auth::Scope::kAdmin),
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
