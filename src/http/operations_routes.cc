#include "http/operations_routes.h"

#include <nlohmann/json.hpp>

namespace mobilecs::http {

void add_operations_routes(httplib::Server& server, std::vector<ReadinessCheck> checks,
                           const metrics::Registry& registry) {
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"UP"})", "application/json");
  });
  server.Get("/ready",
             [checks = std::move(checks)](const httplib::Request&, httplib::Response& res) {
               nlohmann::ordered_json body;
               nlohmann::ordered_json components = nlohmann::ordered_json::object();
               bool ready = true;
               for (const auto& check : checks) {
                 const bool up = check.reachable();
                 ready = ready && up;
                 components[check.name] = up ? "UP" : "DOWN";
               }
               body["status"] = ready ? "UP" : "DOWN";
               body["components"] = std::move(components);
               res.status = ready ? 200 : 503;
               res.set_content(body.dump(), "application/json");
             });
  server.Get("/metrics", [&registry](const httplib::Request&, httplib::Response& res) {
    res.set_content(registry.render(), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace mobilecs::http
