#include "http/request_guard.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "http/error_response.h"

namespace mobilecs::http {
namespace {

// The name of a Host header (or of an origin's authority): without the port, without the
// brackets of an IPv6 address, in lower case; empty if it is not of that form.
std::string host_name(std::string_view authority) {
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return {};
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return {};  // [localhost].evil.example
    authority = authority.substr(1, close - 1);
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    authority = authority.substr(0, colon);
  }
  std::string name(authority);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

bool is_json(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  std::string_view type = content_type.substr(0, semicolon);
  while (type.ends_with(' ')) type.remove_suffix(1);
  return iequals(type, "application/json");
}

}  // namespace

bool RequestGuard::host_allowed(std::string_view host) const {
  const std::string name = host_name(host);
  return std::any_of(allowed_hosts_.begin(), allowed_hosts_.end(), [&](const std::string& a) {
    return a == "*" || (!name.empty() && iequals(a, name));
  });
}

bool RequestGuard::origin_allowed(const std::string& origin, std::string_view host) const {
  if (cors_.allowed(origin)) return true;
  // The same origin: the console's own page, as this request names the server.
  for (const char* scheme : {"http://", "https://"}) {
    if (origin.starts_with(scheme)) {
      const std::string_view authority = std::string_view(origin).substr(std::strlen(scheme));
      return iequals(authority, host) && host_allowed(authority);
    }
  }
  return false;  // "null", another scheme, or not an origin at all
}

bool RequestGuard::admit(Request& request, Access access, Response& response) const {
  const std::string host = request.header("Host");
  if (!host_allowed(host)) {
    send_error(request, response, 403,
               fmt::format("this server does not answer to the name '{}' (the names it answers "
                           "to are set by --http-allowed-hosts)",
                           host_name(host)));
    return false;
  }
  const std::string origin = request.header("Origin");
  if (!origin.empty() && !origin_allowed(origin, host)) {
    send_error(
        request, response, 403,
        fmt::format("pages of '{}' may not call this API (--cors-origin allows a site)", origin));
    return false;
  }
  // A browser says when another site made it send a request (an image, a form, a link); one
  // without an allowed Origin is refused (Fetch Metadata), whatever it would do.
  if (iequals(request.header("Sec-Fetch-Site"), "cross-site") &&
      (origin.empty() || !cors_.allowed(origin))) {
    send_error(request, response, 403, "requests made by pages of another site are refused");
    return false;
  }
  std::variant<auth::Principal, auth::AuthFailure> result;
  try {
    result = authenticator_.authenticate(request.header("Authorization"));
  } catch (const std::exception&) {
    // A credential that trips the checks themselves is not a credential.
    result = auth::AuthFailure{"the credential cannot be read", "invalid_token"};
  }
  if (auto* failure = std::get_if<auth::AuthFailure>(&result)) {
    send_error(request, response, 401, failure->message);
    response.set_header(
        "WWW-Authenticate",
        *failure->bearer_error == '\0'
            ? std::string(R"(Bearer realm="mobilecs")")
            : fmt::format(R"(Bearer realm="mobilecs", error="{}")", failure->bearer_error));
    return false;
  }
  request.principal = std::move(std::get<auth::Principal>(result));
  if (const auto scope = access.scope(); scope && !request.principal->scopes.has(*scope)) {
    send_error(
        request, response, 403,
        fmt::format("{} {} needs the scope {}; the credential of '{}' has {}", request.method,
                    request.path, auth::to_string(*scope), request.principal->subject,
                    request.principal->scopes.empty() ? std::string("none")
                                                      : request.principal->scopes.to_string()));
    response.set_header(
        "WWW-Authenticate",
        fmt::format(R"(Bearer realm="mobilecs", error="insufficient_scope", scope="{}")",
                    auth::to_string(*scope)));
    return false;
  }
  if ((request.method == "PUT" || request.method == "POST") &&
      !is_json(request.header("Content-Type"))) {
    send_error(request, response, 415,
               fmt::format("{} {} takes a body of Content-Type application/json, not '{}'",
                           request.method, request.path, request.header("Content-Type")));
    return false;
  }
  return true;
}

void add_security_headers(Response& response) {
  const auto has = [&](std::string_view name) {
    return std::any_of(response.headers.begin(), response.headers.end(),
                       [&](const auto& h) { return iequals(h.first, name); });
  };
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("X-Frame-Options", "DENY");
  if (!has("Content-Security-Policy")) {
    response.set_header("Content-Security-Policy", "frame-ancestors 'none'");
  }
  if (!has("Cache-Control")) response.set_header("Cache-Control", "no-store");
}

}  // namespace mobilecs::http
