#include "http/http_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <thread>

#include "http/http_session.h"

namespace mobilecs::http {
namespace net = boost::asio;
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

constexpr std::string_view kBusy =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nConnection: close\r\n"
    "Content-Length: 73\r\n\r\n"
    R"({"status":503,"error":"Service Unavailable","message":"too many connections"})";

}  // namespace

struct HttpServer::Impl {
  explicit Impl(const HttpConfig& config, const Router& router)
      : cors(config.cors_origins),
        workers(static_cast<std::size_t>(std::max(1, config.threads))),
        context(config, router, cors, workers),
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
            auto busy = std::make_shared<tcp::socket>(std::move(socket));
            net::async_write(*busy, net::buffer(kBusy.data(), kBusy.size()),
                             [busy](boost::system::error_code, std::size_t) {});
          } else {
            auto session = std::make_shared<Session>(std::move(socket), context);
            {
              std::lock_guard lock(context.mutex);
              std::erase_if(context.sessions, [](const auto& s) { return s.expired(); });
              context.sessions.push_back(session);
            }
            session->start();
          }
          accept();
        });
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
  net::thread_pool workers;
  SessionContext context;
  // After the context: destroying it destroys the handlers that still hold sessions.
  net::io_context io;
  tcp::acceptor acceptor;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::thread> threads;
};

HttpServer::HttpServer(HttpConfig config, std::string what)
    : config_(std::move(config)), what_(std::move(what)) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  impl_ = std::make_unique<Impl>(config_, router_);
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
  spdlog::info("{} on http://{}:{}/", what_, config_.host, port_);
}

void HttpServer::stop() {
  if (!impl_) return;
  boost::system::error_code ec;
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
