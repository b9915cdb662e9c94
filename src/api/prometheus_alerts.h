#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace mobilecs::api {

// The alerts firing in Prometheus, for the console's pipeline page, from the body of its
// GET /api/v1/alerts: each {name, severity, summary, runbook, since}, pending ones left out,
// the longest firing first. Throws std::runtime_error naming what is wrong with the body.
nlohmann::ordered_json firing_alerts(std::string_view prometheus_body);

}  // namespace mobilecs::api
