#include "http/router.h"

#include <algorithm>

namespace mobilecs::http {
namespace {

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool is_placeholder(std::string_view s) {
  return s.size() > 2 && s.front() == '{' && s.back() == '}';
}

}  // namespace

void Router::add(std::string method, std::string pattern, Access access, Handler handler,
                 Execution execution) {
  Route route{
      std::move(method), std::move(pattern), access, std::move(handler), execution, {}, false};
  for (const auto s : split(route.pattern)) route.segments.emplace_back(s);
  routes_.push_back(std::move(route));
}

void Router::get(std::string pattern, Access access, Handler handler, Execution execution) {
  add("GET", std::move(pattern), access, std::move(handler), execution);
  routes_.back().serves_head = true;
}

bool Router::matches(const Route& route, const std::vector<std::string_view>& segments,
                     std::map<std::string, std::string>& params) {
  params.clear();
  for (std::size_t i = 0; i < route.segments.size(); ++i) {
    const std::string& pattern = route.segments[i];
    if (is_placeholder(pattern) && pattern.ends_with("...}")) {
      std::string rest;
      for (std::size_t j = i; j < segments.size(); ++j) {
        if (j > i) rest += '/';
        rest += segments[j];
      }
      params[pattern.substr(1, pattern.size() - 5)] = rest;
      return true;
    }
    if (i >= segments.size()) return false;
    if (is_placeholder(pattern)) {
      if (segments[i].empty()) return false;
      params[pattern.substr(1, pattern.size() - 2)] = std::string(segments[i]);
    } else if (pattern != segments[i]) {
      return false;
    }
  }
  return route.segments.size() == segments.size();
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  const std::vector<std::string_view> segments = split(path);
  const std::string_view wanted = method == "HEAD" ? "GET" : method;
  Match result;
  std::map<std::string, std::string> params;
  for (const Route& route : routes_) {
    if (!matches(route, segments, params)) continue;
    for (const std::string& method_served :
         {route.method, route.serves_head ? std::string("HEAD") : std::string()}) {
      if (!method_served.empty() && std::find(result.allowed.begin(), result.allowed.end(),
                                              method_served) == result.allowed.end()) {
        result.allowed.push_back(method_served);
      }
    }
    if (result.route == nullptr && route.method == wanted &&
        (method != "HEAD" || route.serves_head)) {
      result.route = &route;
      result.params = params;
    }
  }
  return result;
}

}  // namespace mobilecs::http
