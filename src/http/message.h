#pragma once

#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/principal.h"

namespace mobilecs::http {

class EventStream;

// An HTTP request as the route handlers see it, whatever server parsed it.
struct Request {
  std::string method;                                      // "GET"
  std::string path;                                        // percent-decoded, without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::map<std::string, std::string> params;  // the route's {placeholders}
  std::string remote_address;                 // the client's IP address
  // Who sent it, once authenticated (routes that are not public only).
  std::optional<auth::Principal> principal;
  // Requested when the client goes away (its connection was reset) or the request's time is
  // up: long work should check it and give up.
  std::stop_token cancelled;

  // The first value of a header (names compare case-insensitively); empty if absent.
  std::string header(std::string_view name) const;
  std::optional<std::string> query_value(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the answer is a Server-Sent Events stream fed by this, not `body`.
  std::shared_ptr<EventStream> events;

  void set(std::string content, std::string type) {
    body = std::move(content);
    content_type = std::move(type);
  }
  void set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

bool iequals(std::string_view a, std::string_view b);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`) with Boost.URL; nullopt if one
// is malformed.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Splits `a=1&b=two` into decoded pairs; nullopt if an escape is malformed. Not Boost.URL's
// params(): its RFC 3986 grammar refuses the '{', '}' and '|' browsers send unescaped in a query
// (a GraphQL query typed into the address bar).
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view query);

}  // namespace mobilecs::http
