#include "http/cors.h"

#include <fmt/format.h>

#include <algorithm>

#include "http/error_response.h"

namespace mobilecs::http {

bool Cors::allowed(const std::string& origin) const {
  return std::any_of(origins_.begin(), origins_.end(), [&](const std::string& allowed) {
    return allowed == "*" || allowed == origin;
  });
}

void Cors::decorate(const Request& req, Response& res) const {
  const std::string origin = req.header("Origin");
  if (!origin.empty() && allowed(origin)) {
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Vary", "Origin");
  }
}

void Cors::preflight(const Request& req, Response& res) const {
  const std::string origin = req.header("Origin");
  if (origin.empty() || !allowed(origin)) {
    send_error(req, res, 403, fmt::format("origin '{}' is not allowed", origin));
    return;
  }
  res.status = 204;
  res.set_header("Access-Control-Allow-Methods", "GET, PUT, POST, OPTIONS");
  const std::string headers = req.header("Access-Control-Request-Headers");
  res.set_header("Access-Control-Allow-Headers", headers.empty() ? "Content-Type" : headers);
  res.set_header("Access-Control-Max-Age", "600");
}

}  // namespace mobilecs::http
