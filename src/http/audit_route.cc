#include "http/audit_route.h"

#include <fmt/format.h>

#include <charconv>

#include "api/api_error.h"
#include "http/error_response.h"

namespace mobilecs::http {

void add_audit_route(Router& router, const api::AuditTrail& audit) {
  router.get(
      "/api/audit", Access::needs(auth::Scope::kAdmin),
      [&audit](const Request& req, Response& res) {
        answering_errors(req, res, [&] {
          std::size_t limit = 200;
          if (const auto text = req.query_value("limit"); text && !text->empty()) {
            const auto [end, ec] =
                std::from_chars(text->data(), text->data() + text->size(), limit);
            if (ec != std::errc() || end != text->data() + text->size() || limit < 1 ||
                limit > 10'000) {
              throw api::invalid_input(fmt::format(
                  "parameter 'limit' must be a whole number from 1 to 10000, not '{}'", *text));
            }
          }
          std::string body = "[";
          for (const std::string& line : audit.recent(limit)) {
            if (body.size() > 1) body += ',';
            body += line;
          }
          res.set(body + "]", "application/json");
        });
      });
}

}  // namespace mobilecs::http
