#include "http/http_session.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "http/error_response.h"
#include "http/event_stream_session.h"

namespace mobilecs::http {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

template <class Stream>
Session<Stream>::Session(Stream stream, SessionContext& context)
    : Connection(context.open),
      executor_(stream.get_executor()),
      stream_(std::move(stream)),
      context_(context) {}

template <class Stream>
void Session<Stream>::start() {
  net::dispatch(executor_, [self = this->shared_from_this()] { self->wait_for_request(); });
}

template <class Stream>
void Session<Stream>::close() {
  net::post(executor_, [self = this->shared_from_this()] { self->shut_down(); });
}

template <class Stream>
void Session<Stream>::shut_down() {
  if (closed_) return;
  closed_ = true;
  idle_ = false;
  if (request_deadline_) request_deadline_->cancel();
  beast::error_code ec;
  tcp().socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  tcp().close();
}

// A kept-alive connection may wait long for its next request; once its first byte is in, the
// headers must follow within the header deadline (a client sending them a byte at a time is
// cut off), then the body within its own.
template <class Stream>
void Session<Stream>::wait_for_request() {
  if (closed_) return;
  if (peer_closed_) return shut_down();
  idle_ = true;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(context_.config.max_header_bytes));
  parser_->body_limit(context_.config.max_body_bytes);
  if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
  tcp().expires_after(context_.config.idle_timeout);
  stream_.async_read_some(buffer_.prepare(4096),
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                            self->idle_ = false;
                            if (ec) return self->on_read_error(ec);
                            self->buffer_.commit(n);
                            self->read_header();
                          });
}

template <class Stream>
void Session<Stream>::read_header() {
  idle_ = false;
  tcp().expires_after(context_.config.header_timeout);
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec) return self->on_read_error(ec);
                             self->read_body();
                           });
}

template <class Stream>
void Session<Stream>::read_body() {
  version_ = parser_->get().version();
  // RFC 9112 §6.3: a coding other than chunked alone leaves the body's end unknown; reading the
  // rest as the next request would let a proxy in front disagree on where requests end.
  if (const auto coding = parser_->get()[bhttp::field::transfer_encoding];
      !coding.empty() && !iequals(std::string_view(coding.data(), coding.size()), "chunked")) {
    return reply_error(400, "Transfer-Encoding must be chunked alone");
  }
  if (parser_->is_done()) return dispatch();
  tcp().expires_after(context_.config.body_timeout);
  bhttp::async_read(stream_, buffer_, *parser_,
                    [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return self->on_read_error(ec);
                      self->dispatch();
                    });
}

template <class Stream>
void Session<Stream>::on_read_error(const beast::error_code& ec) {
  if (ec == bhttp::error::end_of_stream || ec == net::error::eof ||
      ec == net::error::operation_aborted || ec == beast::error::timeout ||
      ec == net::error::connection_reset || closed_) {
    return shut_down();  // the client left, or took too long: nothing to answer
  }
  if (ec == bhttp::error::body_limit) {
    return reply_error(413, "the request body is too large");
  }
  if (ec == bhttp::error::header_limit) {
    return reply_error(431, "the request headers are too large");
  }
  reply_error(400, fmt::format("malformed HTTP request: {}", ec.message()));
}

template <class Stream>
void Session<Stream>::reply_error(int status, const std::string& message) {
  Request request;
  request.method = "GET";
  Response response;
  send_error(request, response, status, message);
  write(std::move(response), false, false);
}

template <class Stream>
std::optional<std::string> Session<Stream>::build_request(Request& request) {
  const auto& message = parser_->get();
  request.method = std::string(message.method_string());
  const std::string_view target(message.target().data(), message.target().size());
  const auto question = target.find('?');
  const std::string_view raw_path = target.substr(0, question);
  // Routing splits the decoded path at '/': an encoded one would route where a proxy in front,
  // matching the raw path, did not expect it to.
  if (raw_path.find("%2F") != std::string_view::npos ||
      raw_path.find("%2f") != std::string_view::npos) {
    return "an encoded '/' (%2F) in the path is refused";
  }
  auto path = percent_decode(raw_path, false);
  auto query = parse_query(question == std::string_view::npos ? std::string_view()
                                                              : target.substr(question + 1));
  if (!path || !query) return "the request target has a malformed %-escape";
  request.path = std::move(*path);
  request.query = std::move(*query);
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  // Two of these, and a proxy in front may read the other one.
  for (const bhttp::field once : {bhttp::field::host, bhttp::field::authorization,
                                  bhttp::field::content_type, bhttp::field::origin}) {
    if (message.count(once) > 1) {
      return fmt::format("the request has more than one {} header", bhttp::to_string(once));
    }
  }
  request.body = message.body();
  beast::error_code ec;
  const auto remote = tcp().socket().remote_endpoint(ec);
  if (!ec) request.remote_address = remote.address().to_string();
  return std::nullopt;
}

template <class Stream>
void Session<Stream>::dispatch() {
  Request request;
  started_ = std::chrono::steady_clock::now();
  method_ = std::string(parser_->get().method_string());
  // Without the query: it may hold a token (the console's first page, ?token=...).
  const std::string_view target(parser_->get().target().data(), parser_->get().target().size());
  target_ = std::string(target.substr(0, target.find('?')));
  subject_.clear();
  if (const auto problem = build_request(request)) {
    return reply_error(400, *problem);
  }
  Response response;
  if (request.method == "OPTIONS" && !request.header("Origin").empty()) {
    context_.cors.preflight(request, response);
    return respond(request, std::move(response));
  }
  Router::Match match = context_.router.match(request.method, request.path);
  if (match.route == nullptr) {
    if (match.allowed.empty()) {
      send_error(request, response, 404,
                 fmt::format("no endpoint {} {}", request.method, request.path));
    } else {
      std::string allow;
      for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
      send_error(
          request, response, 405,
          fmt::format("{} is not allowed on {}; allowed: {}", request.method, request.path, allow));
      response.set_header("Allow", allow);
    }
    return respond(request, std::move(response));
  }
  request.params = std::move(match.params);
  if (!match.route->access.is_public()) {
    if (!context_.guard.admit(request, match.route->access, response)) {
      return respond(request, std::move(response));
    }
    subject_ = request.principal->subject;
  }
  if (match.route->execution == Execution::kInline) {
    try {
      match.route->handler(request, response);
    } catch (const std::exception& e) {
      spdlog::error("{} {} failed: {}", request.method, request.path, e.what());
      response = Response();
      send_error(request, response, 500, "internal error; see the server's log");
    }
    return respond(request, std::move(response));
  }
  run_on_worker(*match.route, std::move(request));
}

// The handler may block (a store read, a GraphQL query): it runs on the worker pool while this
// connection stays watched. A reset connection or the request deadline cancels it.
template <class Stream>
void Session<Stream>::run_on_worker(const Router::Route& route, Request request) {
  auto cancel = std::make_shared<std::stop_source>();
  request.cancelled = cancel->get_token();
  request_deadline_.emplace(stream_.get_executor());
  request_deadline_->expires_after(context_.config.request_timeout);
  request_deadline_->async_wait([cancel](beast::error_code ec) {
    if (!ec) cancel->request_stop();
  });
  watch_for_reset(cancel);
  auto shared_request = std::make_shared<Request>(std::move(request));
  net::post(context_.workers, [self = this->shared_from_this(), &route, shared_request] {
    Response response;
    try {
      route.handler(*shared_request, response);
    } catch (const std::exception& e) {
      spdlog::error("{} {} failed: {}", shared_request->method, shared_request->path, e.what());
      response = Response();
      send_error(*shared_request, response, 500, "internal error; see the server's log");
    }
    net::post(self->stream_.get_executor(),
              [self, shared_request, response = std::move(response)]() mutable {
                if (self->request_deadline_) self->request_deadline_->cancel();
                beast::error_code ec;
                self->tcp().socket().cancel(ec);  // ends the watch
                if (self->closed_) return;
                self->respond(*shared_request, std::move(response));
              });
  });
}

// A client that closes its sending side (half-close) still gets its answer; one that resets
// the connection is gone, and its work is cancelled.
template <class Stream>
void Session<Stream>::watch_for_reset(const std::shared_ptr<std::stop_source>& cancel) {
  tcp().socket().async_wait(net::ip::tcp::socket::wait_read, [self = this->shared_from_this(),
                                                              cancel](beast::error_code ec) {
    if (ec || self->closed_) return;  // the answer is ready, or the stream was handed over
    switch (peek_peer(self->tcp().socket())) {
      case PeerState::kNothingNew:  // a readiness already consumed: watch on
        return self->watch_for_reset(cancel);
      case PeerState::kHalfClosed:
        self->peer_closed_ = true;
        return;
      case PeerState::kGone:
        cancel->request_stop();
        return self->shut_down();
      case PeerState::kSentMore:  // the next request: it waits for this answer
        return;
    }
  });
}

template <class Stream>
void Session<Stream>::respond(Request& request, Response response) {
  context_.cors.decorate(request, response);
  if (response.events) return hand_over_to_event_stream(std::move(response));
  const bool keep_alive = parser_->get().keep_alive() && !peer_closed_;
  write(std::move(response), request.method == "HEAD", keep_alive);
}

template <class Stream>
void Session<Stream>::write(Response response, bool head, bool keep_alive) {
  add_security_headers(response);
  if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
    response.set_header("Strict-Transport-Security", "max-age=31536000");
  }
  auto message = std::make_shared<bhttp::response<bhttp::string_body>>(
      static_cast<bhttp::status>(response.status), version_);
  message->set(bhttp::field::server, "mobilecs");
  if (!response.content_type.empty()) {
    message->set(bhttp::field::content_type, response.content_type);
  }
  for (auto& [name, value] : response.headers) message->insert(name, value);
  message->body() = std::move(response.body);
  message->keep_alive(keep_alive);
  message->prepare_payload();
  if (head) message->body().clear();  // Content-Length still says what GET would send
  tcp().expires_after(context_.config.write_timeout);
  const int status = response.status;
  bhttp::async_write(stream_, *message,
                     [self = this->shared_from_this(), message, keep_alive, status](
                         beast::error_code ec, std::size_t bytes) {
                       self->log_access(status, bytes);
                       if (ec) return self->shut_down();
                       self->finish_exchange(keep_alive);
                     });
}

template <class Stream>
void Session<Stream>::finish_exchange(bool keep_alive) {
  if (!keep_alive) {
    if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
      // TLS says goodbye first (close_notify), briefly: the client may not answer.
      tcp().expires_after(std::chrono::seconds(1));
      return stream_.async_shutdown(
          [self = this->shared_from_this()](beast::error_code) { self->shut_down(); });
    }
    beast::error_code ec;
    tcp().socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
    return shut_down();
  }
  wait_for_request();
}

// The stream leaves this exchange for a session of its own; this one ends here.
template <class Stream>
void Session<Stream>::hand_over_to_event_stream(Response response) {
  log_access(200, 0);
  closed_ = true;
  auto events =
      std::make_shared<EventStreamSession<Stream>>(std::move(stream_), context_, version_);
  context_.track(events);
  events->start(std::move(response));
}

template <class Stream>
void Session<Stream>::log_access(int status, std::size_t bytes) {
  if (!context_.config.access_log || method_.empty()) return;
  beast::error_code ec;
  const auto remote = tcp().socket().remote_endpoint(ec);
  spdlog::info(
      "access: {} {} {} {} {} B {:.1f} ms from {}", method_, target_, status,
      subject_.empty() ? "-" : subject_, bytes,
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_)
          .count(),
      ec ? std::string("?") : remote.address().to_string());
  method_.clear();
}

template class Session<beast::tcp_stream>;
template class Session<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace mobilecs::http
