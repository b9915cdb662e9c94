#pragma once

#include <memory>
#include <vector>

#include "api/audit_trail.h"
#include "api/data_record_service.h"
#include "api/generate_service.h"
#include "api/notification_feed.h"
#include "api/pipeline_monitor.h"
#include "core/model/usage_policy.h"
#include "graphql/cost_limits.h"
#include "graphql/schema.h"
#include "http/http_config.h"
#include "http/http_server.h"
#include "http/operations_routes.h"
#include "metrics/registry.h"

namespace mobilecs::http {

// Everything docs/http-api.md serves, assembled over one data-record store: REST, GraphQL and
// GraphiQL, the generate endpoints (when enabled), the audit trail, /health, /ready, /metrics
// and /api/openapi.json, each route behind the credential and scope docs/security.md gives it.
// `mobilecs backend` builds it over Cassandra and Kafka, `mobilecs run --http` over the
// embedded store and folders.
class ApiServer {
 public:
  struct Parts {
    store::DataRecordStore& store;
    api::GenerateTargets generate_targets;
    std::vector<ReadinessCheck> readiness_checks;  // besides the store's own
    metrics::Registry& registry;
    metrics::Histogram* store_write_latency = nullptr;
    // For the web console.
    api::NotificationFeed& notifications;
    api::PipelineMonitor& pipeline;
    // GET /status: this process as a role of the pipeline (none for the backend).
    std::function<nlohmann::ordered_json()> role_status;
    std::shared_ptr<const auth::Authenticator> authenticator;
    api::AuditTrail* audit = nullptr;  // records every change made through the API
    bool generators = true;            // serve the generate endpoints
    // --usage-policy, for the usage the console shows (null: none).
    const core::UsagePolicy* usage_policy = nullptr;
  };

  ApiServer(HttpConfig http, api::GenerateConfig generate, graphql::CostLimits limits, Parts parts);

  // For routes of its own (the console's) before start().
  Router& routes() { return server_.routes(); }

  // Binds and serves on its own threads; throws naming the address if it cannot bind.
  void start() { server_.start(); }
  void stop() { server_.stop(); }
  bool reload_tls() { return server_.reload_tls(); }
  int port() const { return server_.port(); }

 private:
  api::DataRecordService records_;
  api::GenerateService generate_;
  graphql::Schema schema_;
  HttpServer server_;
};

}  // namespace mobilecs::http
