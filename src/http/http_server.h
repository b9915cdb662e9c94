#pragma once

#include <httplib.h>

#include <thread>

#include "http/http_config.h"

namespace mobilecs::http {

// cpp-httplib's server with what every endpoint shares: CORS for the configured origins,
// a body size limit, JSON errors for unknown routes and oversized bodies, and a catch-all
// that logs an unexpected exception instead of crashing. Routes are added to `routes()`
// before start().
class HttpServer {
 public:
  explicit HttpServer(HttpConfig config);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  httplib::Server& routes() { return server_; }

  // Binds (throws naming the address if it cannot) and serves on a thread of its own.
  void start();
  void stop();
  int port() const { return port_; }

 private:
  bool allowed_origin(const std::string& origin) const;

  HttpConfig config_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace mobilecs::http
