#pragma once

// One client connection of HttpServer (internal to http/).
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>

#include "http/cors.h"
#include "http/event_stream.h"
#include "http/http_config.h"
#include "http/message.h"
#include "http/request_guard.h"
#include "http/router.h"

namespace mobilecs::http {

// What the server asks of a connection, whatever carries it.
class Connection {
 public:
  virtual ~Connection() = default;
  // Closes the connection (from any thread).
  virtual void close() = 0;
  // Waiting for the first byte of a request: the first to go when connections run out.
  bool idle() const { return idle_.load(); }

 protected:
  std::atomic<bool> idle_{false};
};

// What the sessions of one server share.
struct SessionContext {
  SessionContext(const HttpConfig& c, const Router& r, const Cors& cors_,
                 const RequestGuard& guard_, boost::asio::thread_pool& w)
      : config(c), router(r), cors(cors_), guard(guard_), workers(w) {}

  const HttpConfig& config;
  const Router& router;
  const Cors& cors;
  const RequestGuard& guard;
  boost::asio::thread_pool& workers;
  std::atomic<std::size_t> open{0};
  std::mutex mutex;
  std::list<std::weak_ptr<Connection>> sessions;  // every one open, oldest first
};

// Reads requests one after the other (keep-alive), each within its deadlines, dispatches them
// through the router (inline or on the worker pool) and writes the answers; or, for an event
// stream, writes events until either side ends it. `Stream` is a TCP stream, or TLS over one.
template <class Stream>
class Session : public Connection, public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, SessionContext& context);
  ~Session() override;

  void start();
  void close() override;

 private:
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  void wait_for_request();
  void read_header();
  void read_body();
  void on_read_error(const boost::beast::error_code& ec);
  void dispatch();
  // Fills `request`; what is wrong with it, if anything (a 400).
  std::optional<std::string> build_request(Request& request);
  void run_on_worker(const Router::Route& route, Request request);
  enum class PeerState { kNothingNew, kSentMore, kHalfClosed, kGone };
  // What the client did since, looking without reading (socket readiness alone can be stale).
  PeerState peer_state();
  void watch_for_reset(const std::shared_ptr<std::stop_source>& cancel);
  void watch_event_stream_client();
  void respond(Request& request, Response response);
  void write(Response response, bool head, bool keep_alive);
  void finish_exchange(bool keep_alive);
  void reply_error(int status, const std::string& message);
  void start_event_stream(Response response);
  void queue_frame(std::string frame);
  void write_next_frame();
  void heartbeat();
  void end_event_stream();
  void shut_down();
  void log_access(int status, std::size_t bytes);
  boost::beast::tcp_stream& tcp() { return boost::beast::get_lowest_layer(stream_); }

  Stream stream_;
  SessionContext& context_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  bool peer_closed_ = false;  // the client half-closed: answer, then close
  bool closed_ = false;
  unsigned version_ = 11;
  // The exchange in progress, for the access log.
  std::chrono::steady_clock::time_point started_;
  std::string method_;
  std::string target_;
  std::string subject_;
  // An event stream in progress.
  std::shared_ptr<EventStream> events_;
  std::deque<std::string> frames_;
  bool writing_frame_ = false;
  std::optional<boost::asio::steady_timer> heartbeat_;
  std::optional<boost::asio::steady_timer> request_deadline_;
};

using PlainSession = Session<boost::beast::tcp_stream>;
using TlsSession = Session<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

}  // namespace mobilecs::http
