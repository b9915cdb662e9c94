#pragma once

// A connection that became a Server-Sent Events stream (internal to http/).
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "http/connection.h"
#include "http/event_stream.h"
#include "http/message.h"

namespace mobilecs::http {

// Takes the stream over from the HTTP exchange that answered with events (as Beast's examples
// hand a stream to a websocket session) and writes events until either side ends it: the
// EventStream closing, the client closing or sending anything, or a client too slow to keep up.
// Heartbeat comments keep proxies from timing it out.
template <class Stream>
class EventStreamSession : public Connection,
                           public std::enable_shared_from_this<EventStreamSession<Stream>> {
 public:
  EventStreamSession(Stream&& stream, SessionContext& context, unsigned version);

  // Writes the answer's header (with `response`'s headers), then its events.
  void start(Response response);
  void close() override;

 private:
  void watch_client();
  void queue_frame(std::string frame);
  void write_next_frame();
  void heartbeat();
  void end();
  void write_last_chunk();
  void shut_down();
  boost::beast::tcp_stream& tcp() { return boost::beast::get_lowest_layer(stream_); }

  Stream stream_;
  SessionContext& context_;
  unsigned version_;
  bool closed_ = false;
  bool ending_ = false;  // the EventStream closed: the last chunk goes once the frames are out
  std::shared_ptr<EventStream> events_;
  std::deque<std::string> frames_;
  bool writing_frame_ = false;
  std::optional<boost::asio::steady_timer> heartbeat_;
};

}  // namespace mobilecs::http
