#pragma once

// What the server keeps of each client connection, whatever it carries (internal to http/).
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <list>
#include <memory>
#include <mutex>

#include "http/cors.h"
#include "http/http_config.h"
#include "http/request_guard.h"
#include "http/router.h"

namespace mobilecs::http {

// What the server asks of a connection: an HTTP exchange or an event stream. Counted in `open`
// from its creation to its end.
class Connection {
 public:
  explicit Connection(std::atomic<std::size_t>& open) : open_(open) { ++open_; }
  virtual ~Connection() { --open_; }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  // Closes the connection (from any thread).
  virtual void close() = 0;
  // Waiting for the first byte of a request: the first to go when connections run out.
  bool idle() const { return idle_.load(); }

 protected:
  std::atomic<bool> idle_{false};

 private:
  std::atomic<std::size_t>& open_;
};

// What the connections of one server share.
struct SessionContext {
  SessionContext(const HttpConfig& c, const Router& r, const Cors& cors_,
                 const RequestGuard& guard_, boost::asio::thread_pool& w)
      : config(c), router(r), cors(cors_), guard(guard_), workers(w) {}

  // Keeps `connection` where make_room() and stop() find it.
  void track(const std::shared_ptr<Connection>& connection) {
    std::lock_guard lock(mutex);
    std::erase_if(sessions, [](const auto& s) { return s.expired(); });
    sessions.push_back(connection);
  }

  const HttpConfig& config;
  const Router& router;
  const Cors& cors;
  const RequestGuard& guard;
  boost::asio::thread_pool& workers;
  std::atomic<std::size_t> open{0};  // connections, each counted from its creation to its end
  std::mutex mutex;
  std::list<std::weak_ptr<Connection>> sessions;  // every one open, oldest first
};

// What a client did since we last looked, seen without reading (socket readiness alone can be
// stale): sent more, closed its sending side, went away, or nothing new.
enum class PeerState { kNothingNew, kSentMore, kHalfClosed, kGone };
PeerState peek_peer(boost::asio::ip::tcp::socket& socket);

}  // namespace mobilecs::http
