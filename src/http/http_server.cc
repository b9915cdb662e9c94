#include "http/http_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <thread>

#include "http/http_session.h"
#include "http/tls_context.h"

namespace mobilecs::http {
namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

// Every connection is a file descriptor: allow as many as the system lets this process have.
void raise_open_file_limit(std::size_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t target = std::min<rlim_t>(limit.rlim_max, wanted + 1024);
  if (limit.rlim_cur < target) {
    limit.rlim_cur = target;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// A whole answer written before the connection is closed: for clients the server will not serve.
std::string closing_answer(int status, std::string_view reason, std::string_view message) {
  const std::string body =
      fmt::format(R"({{"status":{},"error":"{}","message":"{}"}})", status, reason, message);
  return fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nConnection: close\r\n"
      "Content-Length: {}\r\n\r\n{}",
      status, reason, body.size(), body);
}

void write_and_close(tcp::socket socket, std::string answer) {
  auto s = std::make_shared<tcp::socket>(std::move(socket));
  auto text = std::make_shared<std::string>(std::move(answer));
  net::async_write(*s, net::buffer(*text), [s, text](boost::system::error_code, std::size_t) {
    boost::system::error_code ec;
    s->shutdown(tcp::socket::shutdown_both, ec);
  });
}

bool is_loopback(const std::string& host) {
  boost::system::error_code ec;
  const auto address = net::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

}  // namespace

struct HttpServer::Impl {
  Impl(const HttpConfig& config, const Router& router, const auth::Authenticator& authenticator)
      : cors(config.cors_origins),
        guard(config, cors, authenticator),
        workers(static_cast<std::size_t>(std::max(1, config.threads))),
        context(config, router, cors, guard, workers),
        acceptor(io) {}

  void accept() {
    acceptor.async_accept(
        net::make_strand(io), [this](boost::system::error_code ec, tcp::socket socket) {
          if (ec) {
            if (ec != net::error::operation_aborted) accept();
            return;
          }
          socket.set_option(tcp::no_delay(true), ec);  // answers go out at once, not after an ACK
          if (context.open.load() >= context.config.max_connections && !make_room()) {
            write_and_close(std::move(socket),
                            closing_answer(503, "Service Unavailable", "too many connections"));
          } else if (tls) {
            detect_tls(beast::tcp_stream(std::move(socket)));
          } else {
            begin(std::make_shared<PlainSession>(beast::tcp_stream(std::move(socket)), context));
          }
          accept();
        });
  }

  template <class S>
  void begin(std::shared_ptr<S> session) {
    context.track(session);
    session->start();
  }

  // A TLS port: the client's first bytes say whether it speaks TLS. One that sends plain HTTP
  // is told where to go instead of getting a handshake failure it cannot read.
  void detect_tls(beast::tcp_stream stream) {
    auto s = std::make_shared<beast::tcp_stream>(std::move(stream));
    auto buffer = std::make_shared<beast::flat_buffer>();
    s->expires_after(context.config.header_timeout);
    beast::async_detect_ssl(*s, *buffer, [this, s, buffer](beast::error_code ec, bool is_tls) {
      if (ec) return;
      if (!is_tls) {
        return write_and_close(
            s->release_socket(),
            closing_answer(400, "Bad Request", "this port speaks HTTPS only: use https://"));
      }
      auto tls_stream =
          std::make_shared<beast::ssl_stream<beast::tcp_stream>>(std::move(*s), *current_tls());
      tls_stream->async_handshake(
          net::ssl::stream_base::server, buffer->data(),
          // The second parameter has a default: Boost 1.81 checks this handler against
          // void(error_code), then calls it with (error_code, bytes used).
          [this, tls_stream, buffer](beast::error_code ec, std::size_t = 0) {
            if (ec) {
              spdlog::debug("TLS handshake failed: {}", ec.message());
              return;
            }
            begin(std::make_shared<TlsSession>(std::move(*tls_stream), context));
          });
    });
  }

  std::shared_ptr<net::ssl::context> current_tls() {
    std::lock_guard lock(tls_mutex);
    return tls;
  }

  // Closes the oldest connection that waits idle for a request; false if none does.
  bool make_room() {
    std::lock_guard lock(context.mutex);
    for (auto it = context.sessions.begin(); it != context.sessions.end(); ++it) {
      if (auto session = it->lock(); session && session->idle()) {
        session->close();
        context.sessions.erase(it);
        return true;
      }
    }
    return false;
  }

  Cors cors;
  RequestGuard guard;
  net::thread_pool workers;
  SessionContext context;
  std::mutex tls_mutex;
  // None: plain HTTP. A reload replaces it; connections made with the old one keep it alive
  // through OpenSSL's own reference (SSL_new takes one).
  std::shared_ptr<net::ssl::context> tls;
  // After the context: destroying it destroys the handlers that still hold sessions.
  net::io_context io;
  tcp::acceptor acceptor;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::thread> threads;
};

HttpServer::HttpServer(HttpConfig config, std::shared_ptr<const auth::Authenticator> authenticator,
                       std::string what)
    : config_(std::move(config)),
      authenticator_(std::move(authenticator)),
      what_(std::move(what)) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  impl_ = std::make_unique<Impl>(config_, router_, *authenticator_);
  if (config_.tls.enabled()) {
    impl_->tls = make_tls_context(config_.tls);
  }
  raise_open_file_limit(config_.max_connections);
  boost::system::error_code ec;
  const auto address = net::ip::make_address(config_.host, ec);
  if (!ec) {
    const tcp::endpoint endpoint(address, static_cast<unsigned short>(config_.port));
    impl_->acceptor.open(endpoint.protocol(), ec);
    if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) impl_->acceptor.bind(endpoint, ec);
    if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    throw std::runtime_error(fmt::format("cannot listen on {}:{}: {} (in use? choose another port)",
                                         config_.host, config_.port, ec.message()));
  }
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->accept();
  impl_->work.emplace(impl_->io.get_executor());
  for (int i = 0; i < std::max(1, config_.io_threads); ++i) {
    impl_->threads.emplace_back([this] {
      pthread_setname_np(pthread_self(), "mobilecs-http");
      impl_->io.run();
    });
  }
  const bool tls = config_.tls.enabled();
  spdlog::info("{} on {}://{}:{}/", what_, tls ? "https" : "http", config_.host, port_);
  if (!tls && !is_loopback(config_.host)) {
    spdlog::warn(
        "{} speaks plain HTTP on {}: tokens and usage data cross the network in clear text; "
        "give --tls-cert and --tls-key, or keep it behind a TLS proxy on a private network",
        what_, config_.host);
  }
}

bool HttpServer::reload_tls() {
  if (!impl_ || !config_.tls.enabled()) return false;
  try {
    auto fresh = make_tls_context(config_.tls);
    std::lock_guard lock(impl_->tls_mutex);
    impl_->tls = std::move(fresh);
  } catch (const std::exception& e) {
    spdlog::error("{}: keeping the certificate in use: {}", what_, e.what());
    return false;
  }
  spdlog::info("{}: certificate reloaded from {}", what_, config_.tls.certificate.string());
  return true;
}

void HttpServer::stop() {
  if (!impl_) return;
  net::post(impl_->io, [this] {
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
  });
  {
    std::lock_guard lock(impl_->context.mutex);
    for (const auto& weak : impl_->context.sessions) {
      if (auto session = weak.lock()) session->close();
    }
  }
  impl_->work.reset();
  impl_->workers.join();  // handlers in progress finish (their waits end at a stop request)
  impl_->io.stop();
  for (auto& t : impl_->threads) t.join();
  impl_.reset();
}

std::size_t HttpServer::open_connections() const { return impl_ ? impl_->context.open.load() : 0; }

}  // namespace mobilecs::http
