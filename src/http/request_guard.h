#pragma once

#include <string>
#include <vector>

#include "auth/authenticator.h"
#include "http/access.h"
#include "http/cors.h"
#include "http/http_config.h"
#include "http/message.h"

namespace mobilecs::http {

// Decides whether a request may reach a route that is not public (docs/security.md): the name
// it was sent to (Host: DNS rebinding), the page it comes from (Origin: cross-site requests),
// its credential (401) and the route's scope (403), and the type of a body that changes data
// (a cross-site form can send text/plain or form-encoded bodies without asking first: 415).
class RequestGuard {
 public:
  RequestGuard(const HttpConfig& config, const Cors& cors, const auth::Authenticator& authenticator)
      : allowed_hosts_(config.allowed_hosts), cors_(cors), authenticator_(authenticator) {}

  // True if `request` may go on, with request.principal set; otherwise `response` holds the
  // refusal, a JSON error saying what is missing.
  bool admit(Request& request, Access access, Response& response) const;

  // Whether `host` (a Host header: name[:port]) is a name this server answers to.
  bool host_allowed(std::string_view host) const;

 private:
  bool origin_allowed(const std::string& origin, std::string_view host) const;

  std::vector<std::string> allowed_hosts_;
  const Cors& cors_;
  const auth::Authenticator& authenticator_;
};

// Headers every answer carries: no MIME sniffing, no referrer, not framed, and (unless the
// route says otherwise) not cached.
void add_security_headers(Response& response);

// The Content-Security-Policy of the console's and GraphiQL's pages: their own scripts only,
// never framed.
inline constexpr const char* kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'";

}  // namespace mobilecs::http
