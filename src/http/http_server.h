#pragma once

#include <memory>
#include <string>

#include "auth/authenticator.h"
#include "http/http_config.h"
#include "http/router.h"

namespace mobilecs::http {

// mobilecs' HTTP server: event-driven (Boost.Beast on Asio, a few I/O threads for any number of
// connections) with per-connection deadlines and a bound on open connections that makes room
// for new ones, so slow or idle clients cannot starve anyone. Handlers that may block run on a
// worker pool; a request's handler is told (Request::cancelled) when its client resets the
// connection or its time is up. Routes that are not public are guarded (RequestGuard: Host,
// Origin, credential, scope, body type). HTTPS when given a certificate (TLS 1.2 or later;
// plain HTTP sent to it gets a clear refusal). Also: CORS for the configured origins, JSON
// errors for every 4xx the server itself decides (malformed HTTP, unknown route, 405 with
// Allow, oversized headers or body), HEAD for every GET, and Server-Sent Events streams.
class HttpServer {
 public:
  // `what` names the server in its start-up log line ("HTTP API", "metrics").
  HttpServer(HttpConfig config, std::shared_ptr<const auth::Authenticator> authenticator,
             std::string what = "HTTP API");
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  Router& routes() { return router_; }

  // Binds (throws naming the address if it cannot) and serves on threads of its own. With TLS,
  // reads the certificate and key first (throws naming the file if it cannot).
  void start();
  // Closes every connection and waits for the handlers in progress.
  void stop();
  // Reads the certificate and key again (after they were renewed): new connections use them.
  // False, and the old ones stay, if they cannot be read. Thread-safe.
  bool reload_tls();
  int port() const { return port_; }
  std::size_t open_connections() const;

 private:
  struct Impl;
  HttpConfig config_;
  std::shared_ptr<const auth::Authenticator> authenticator_;
  std::string what_;
  Router router_;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace mobilecs::http
