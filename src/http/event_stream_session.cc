#include "http/event_stream_session.h"

#include "http/request_guard.h"

namespace mobilecs::http {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

template <class Stream>
EventStreamSession<Stream>::EventStreamSession(Stream&& stream, SessionContext& context,
                                               unsigned version)
    : Connection(context.open), stream_(std::move(stream)), context_(context), version_(version) {}

template <class Stream>
void EventStreamSession<Stream>::close() {
  net::post(stream_.get_executor(), [self = this->shared_from_this()] { self->shut_down(); });
}

template <class Stream>
void EventStreamSession<Stream>::shut_down() {
  if (closed_) return;
  closed_ = true;
  if (events_) events_->close();
  if (heartbeat_) heartbeat_->cancel();
  beast::error_code ec;
  tcp().socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  tcp().close();
}

template <class Stream>
void EventStreamSession<Stream>::start(Response response) {
  auto message = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::ok, version_);
  message->set(bhttp::field::server, "mobilecs");
  message->set(bhttp::field::content_type, "text/event-stream");
  response.set_header("Cache-Control", "no-cache");
  add_security_headers(response);
  if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
    response.set_header("Strict-Transport-Security", "max-age=31536000");
  }
  for (auto& [name, value] : response.headers) message->insert(name, value);
  message->chunked(true);
  auto serializer = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*message);
  events_ = std::move(response.events);
  tcp().expires_after(context_.config.write_timeout);
  bhttp::async_write_header(
      stream_, *serializer,
      [self = this->shared_from_this(), message, serializer](beast::error_code ec, std::size_t) {
        if (ec || self->closed_) return self->shut_down();
        std::weak_ptr<EventStreamSession> weak = self;
        self->events_->attach(
            [weak](std::string frame) {
              if (auto s = weak.lock()) {
                net::post(s->stream_.get_executor(), [s, frame = std::move(frame)]() mutable {
                  s->queue_frame(std::move(frame));
                });
              }
            },
            [weak] {
              if (auto s = weak.lock()) {
                net::post(s->stream_.get_executor(), [s] { s->end(); });
              }
            });
        self->heartbeat();
        self->watch_client();
      });
}

// The client says nothing more: its connection closing (or anything it sends) ends the stream.
template <class Stream>
void EventStreamSession<Stream>::watch_client() {
  tcp().socket().async_wait(net::ip::tcp::socket::wait_read,
                            [self = this->shared_from_this()](beast::error_code ec) {
                              if (ec) return;
                              if (peek_peer(self->tcp().socket()) == PeerState::kNothingNew) {
                                return self->watch_client();
                              }
                              self->shut_down();
                            });
}

template <class Stream>
void EventStreamSession<Stream>::queue_frame(std::string frame) {
  if (closed_ || ending_) return;
  if (frames_.size() >= EventStream::kMaxPending) return shut_down();  // cannot keep up
  frames_.push_back(std::move(frame));
  if (!writing_frame_) write_next_frame();
}

template <class Stream>
void EventStreamSession<Stream>::write_next_frame() {
  writing_frame_ = true;
  auto chunk = std::make_shared<std::string>(std::move(frames_.front()));
  frames_.pop_front();
  tcp().expires_after(context_.config.write_timeout);
  net::async_write(stream_, bhttp::make_chunk(net::buffer(*chunk)),
                   [self = this->shared_from_this(), chunk](beast::error_code ec, std::size_t) {
                     self->writing_frame_ = false;
                     if (ec) return self->shut_down();
                     if (!self->frames_.empty()) return self->write_next_frame();
                     if (self->ending_) self->write_last_chunk();
                   });
}

template <class Stream>
void EventStreamSession<Stream>::heartbeat() {
  heartbeat_.emplace(stream_.get_executor());
  heartbeat_->expires_after(context_.config.event_stream_heartbeat);
  heartbeat_->async_wait([self = this->shared_from_this()](beast::error_code ec) {
    if (ec || self->closed_) return;
    self->queue_frame(": keep-alive\n\n");  // a comment: keeps proxies from timing out
    self->heartbeat();
  });
}

// One write at a time on a stream: the last chunk waits for the frames being written.
template <class Stream>
void EventStreamSession<Stream>::end() {
  if (closed_ || ending_) return;
  ending_ = true;
  if (!writing_frame_) write_last_chunk();
}

template <class Stream>
void EventStreamSession<Stream>::write_last_chunk() {
  tcp().expires_after(context_.config.write_timeout);
  net::async_write(
      stream_, bhttp::make_chunk_last(),
      [self = this->shared_from_this()](beast::error_code, std::size_t) { self->shut_down(); });
}

template class EventStreamSession<beast::tcp_stream>;
template class EventStreamSession<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace mobilecs::http
