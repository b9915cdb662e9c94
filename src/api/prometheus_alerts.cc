#include "api/prometheus_alerts.h"

#include <algorithm>
#include <stdexcept>

namespace mobilecs::api {
namespace {

std::string text_of(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

nlohmann::ordered_json firing_alerts(std::string_view prometheus_body) {
  const auto body = nlohmann::json::parse(prometheus_body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    throw std::runtime_error("Prometheus answered something that is not JSON");
  }
  if (text_of(body, "status") != "success") {
    throw std::runtime_error("Prometheus answered: " + text_of(body, "error"));
  }
  const auto data = body.find("data");
  if (data == body.end() || !data->is_object() || !data->contains("alerts") ||
      !(*data)["alerts"].is_array()) {
    throw std::runtime_error("Prometheus answered without data.alerts");
  }
  auto firing = nlohmann::ordered_json::array();
  for (const auto& alert : (*data)["alerts"]) {
    if (!alert.is_object() || text_of(alert, "state") != "firing") continue;
    const auto labels = alert.value("labels", nlohmann::json::object());
    const auto annotations = alert.value("annotations", nlohmann::json::object());
    nlohmann::ordered_json entry;
    entry["name"] = text_of(labels, "alertname");
    entry["severity"] = text_of(labels, "severity");
    entry["summary"] = text_of(annotations, "summary");
    entry["runbook"] = text_of(annotations, "runbook");
    entry["since"] = text_of(alert, "activeAt");
    firing.push_back(std::move(entry));
  }
  // RFC 3339 times of one Prometheus sort as text.
  std::stable_sort(firing.begin(), firing.end(), [](const auto& a, const auto& b) {
    return a["since"].template get<std::string>() < b["since"].template get<std::string>();
  });
  return firing;
}

}  // namespace mobilecs::api
