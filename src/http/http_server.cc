#include "http/http_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "http/error_response.h"

namespace mobilecs::http {

HttpServer::HttpServer(HttpConfig config) : config_(std::move(config)) {
  const int threads = config_.threads;
  server_.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(threads));
  };
  server_.set_payload_max_length(config_.max_body_bytes);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm holds
  // the body until the client's delayed ACK, 40 ms per request.
  server_.set_tcp_nodelay(true);
  server_.set_keep_alive_max_count(1000);

  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    const std::string origin = req.get_header_value("Origin");
    if (!origin.empty() && allowed_origin(origin)) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
    }
    if (req.method != "OPTIONS") return httplib::Server::HandlerResponse::Unhandled;
    // A CORS preflight.
    if (origin.empty() || !allowed_origin(origin)) {
      send_error(req, res, 403, fmt::format("origin '{}' is not allowed", origin));
      return httplib::Server::HandlerResponse::Handled;
    }
    res.status = 204;
    res.set_header("Access-Control-Allow-Methods", "GET, PUT, POST, OPTIONS");
    const std::string headers = req.get_header_value("Access-Control-Request-Headers");
    res.set_header("Access-Control-Allow-Headers", headers.empty() ? "Content-Type" : headers);
    res.set_header("Access-Control-Max-Age", "600");
    return httplib::Server::HandlerResponse::Handled;
  });

  // Statuses cpp-httplib sets itself (no route: 404, body too large: 413, unparsable
  // request: 400) arrive here without a body.
  server_.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    switch (res.status) {
      case 404:
        send_error(req, res, 404, fmt::format("no endpoint {} {}", req.method, req.path));
        break;
      case 413:
        send_error(req, res, 413, "the request body is too large");
        break;
      default:
        send_error(req, res, res.status, "the request could not be handled");
    }
  });

  server_.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
        std::string what = "unknown error";
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        spdlog::error("{} {} failed: {}", req.method, req.path, what);
        send_error(req, res, 500, "internal error; see the server's log");
      });
}

HttpServer::~HttpServer() { stop(); }

bool HttpServer::allowed_origin(const std::string& origin) const {
  return std::any_of(
      config_.cors_origins.begin(), config_.cors_origins.end(),
      [&](const std::string& allowed) { return allowed == "*" || allowed == origin; });
}

void HttpServer::start() {
  if (config_.port == 0) {
    port_ = server_.bind_to_any_port(config_.host);
  } else {
    port_ = server_.bind_to_port(config_.host, config_.port) ? config_.port : -1;
  }
  if (port_ <= 0) {
    throw std::runtime_error(
        fmt::format("cannot listen on {}:{} (in use? choose another port with --http / --port)",
                    config_.host, config_.port));
  }
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  spdlog::info("HTTP API on http://{}:{}/ (GraphiQL at /graphiql)", config_.host, port_);
}

void HttpServer::stop() {
  if (thread_.joinable()) {
    server_.stop();
    thread_.join();
  }
}

}  // namespace mobilecs::http
