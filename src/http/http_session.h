#pragma once

// One client connection of HttpServer (internal to http/).
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
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
#include "http/router.h"

namespace mobilecs::http {

class Session;

// What the sessions of one server share.
struct SessionContext {
  SessionContext(const HttpConfig& c, const Router& r, const Cors& cors_,
                 boost::asio::thread_pool& w)
      : config(c), router(r), cors(cors_), workers(w) {}

  const HttpConfig& config;
  const Router& router;
  const Cors& cors;
  boost::asio::thread_pool& workers;
  std::atomic<std::size_t> open{0};
  std::mutex mutex;
  std::list<std::weak_ptr<Session>> sessions;  // every one open, oldest first
};

// Reads requests one after the other (keep-alive), each within its deadlines, dispatches them
// through the router (inline or on the worker pool) and writes the answers; or, for an event
// stream, writes events until either side ends it.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, SessionContext& context);
  ~Session();

  void start();
  // Closes the connection (from any thread).
  void close();
  // Waiting for the first byte of a request: the first to go when connections run out.
  bool idle() const { return idle_.load(); }

 private:
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  void wait_for_request();
  void read_header();
  void read_body();
  void on_read_error(const boost::beast::error_code& ec);
  void dispatch();
  bool build_request(Request& request);
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

  boost::beast::tcp_stream stream_;
  SessionContext& context_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  std::atomic<bool> idle_{false};
  bool peer_closed_ = false;  // the client half-closed: answer, then close
  bool closed_ = false;
  unsigned version_ = 11;
  // An event stream in progress.
  std::shared_ptr<EventStream> events_;
  std::deque<std::string> frames_;
  bool writing_frame_ = false;
  std::optional<boost::asio::steady_timer> heartbeat_;
  std::optional<boost::asio::steady_timer> request_deadline_;
};

}  // namespace mobilecs::http
