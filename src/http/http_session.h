#pragma once

// One client connection of HttpServer (internal to http/).
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <stop_token>

#include "http/connection.h"
#include "http/message.h"

namespace mobilecs::http {

// Reads requests one after the other (keep-alive), each within its deadlines, dispatches them
// through the router (inline or on the worker pool) and writes the answers; an answer with
// events hands the stream over to an EventStreamSession. `Stream` is TCP, or TLS over TCP.
template <class Stream>
class Session : public Connection, public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, SessionContext& context);

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
  void watch_for_reset(const std::shared_ptr<std::stop_source>& cancel);
  void respond(Request& request, Response response);
  void write(Response response, bool head, bool keep_alive);
  void finish_exchange(bool keep_alive);
  void reply_error(int status, const std::string& message);
  void hand_over_to_event_stream(Response response);
  void shut_down();
  void log_access(int status, std::size_t bytes);
  boost::beast::tcp_stream& tcp() { return boost::beast::get_lowest_layer(stream_); }

  // Kept apart from the stream: an event stream takes the stream over (for TLS, leaving nothing
  // behind to ask), while a close() may still come for this session.
  typename Stream::executor_type executor_;
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
  std::optional<boost::asio::steady_timer> request_deadline_;
};

using PlainSession = Session<boost::beast::tcp_stream>;
using TlsSession = Session<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

}  // namespace mobilecs::http
