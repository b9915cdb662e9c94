#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/access.h"
#include "http/message.h"

namespace mobilecs::http {

using Handler = std::function<void(const Request&, Response&)>;

// Where a handler runs: cheap ones that never block (health, metrics, static files) answer on
// the server's I/O threads, so they answer even when every worker is busy; the others run on
// the worker pool.
enum class Execution { kInline, kWorker };

// Routes requests by method and path. Patterns are `/`-separated segments, each literal or a
// `{name}` placeholder (one segment), the last possibly `{name...}` (the rest of the path).
class Router {
 public:
  struct Route {
    std::string method;
    std::string pattern;
    Access access;
    Handler handler;
    Execution execution;
    std::vector<std::string> segments;
    bool serves_head = false;  // routes added with get(): HEAD answers as GET would
  };

  void add(std::string method, std::string pattern, Access access, Handler handler,
           Execution execution = Execution::kWorker);
  // A GET route that HEAD is served by too. A GET that changes something (the generate
  // endpoints) is added with add("GET", ...): HEAD must not run it.
  void get(std::string pattern, Access access, Handler handler,
           Execution execution = Execution::kWorker);

  struct Match {
    const Route* route = nullptr;  // null: none for this method
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed;  // methods served on the path, HEAD included (405 Allow)
  };
  // HEAD is served by a route added with get().
  Match match(std::string_view method, std::string_view path) const;

 private:
  static bool matches(const Route& route, const std::vector<std::string_view>& segments,
                      std::map<std::string, std::string>& params);
  std::vector<Route> routes_;
};

}  // namespace mobilecs::http
