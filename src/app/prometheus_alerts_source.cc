#include "api/prometheus_alerts.h"
#include "app/commands.h"
#include "http/http_client.h"

namespace mobilecs::app {

std::function<nlohmann::ordered_json()> prometheus_alerts(const std::string& url) {
  if (url.empty()) return {};
  const std::string endpoint =
      (url.ends_with('/') ? url.substr(0, url.size() - 1) : url) + "/api/v1/alerts";
  return [endpoint] {
    const auto res = http::http_get(
        endpoint, {}, http::ClientOptions{.timeout = std::chrono::seconds(2), .ca_file = {}});
    if (res.status != 200) {
      throw std::runtime_error(endpoint + " answered HTTP " + std::to_string(res.status));
    }
    return api::firing_alerts(res.body);
  };
}

}  // namespace mobilecs::app
