#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace mobilecs::http {

// One client's Server-Sent Events stream. Events are pushed from any thread; the server writes
// them out as the connection allows. A client too slow to keep up (kMaxPending unwritten
// events) is dropped rather than let memory grow.
class EventStream {
 public:
  static constexpr std::size_t kMaxPending = 10'000;

  // Queues `frame` (a complete SSE frame); false if the stream is closed.
  bool push(std::string frame);
  void close();
  bool closed() const;

  // For the server: where frames go from now on (frames queued before are handed over first),
  // and what to call when the stream closes. Both run on the calling thread of push/close.
  void attach(std::function<void(std::string)> write, std::function<void()> on_close);

 private:
  mutable std::mutex mutex_;
  bool closed_ = false;
  std::deque<std::string> pending_;
  std::function<void(std::string)> write_;
  std::function<void()> on_close_;
};

// A feed many clients follow (the notifications): each subscriber gets its own EventStream;
// publish() sends an event to all that are still open. Thread-safe.
class EventHub {
 public:
  std::shared_ptr<EventStream> subscribe();
  // `id` lets a reconnecting browser say where it was (Last-Event-ID); may be empty.
  void publish(std::string_view event, std::string_view id, std::string_view data);
  std::size_t subscribers() const;

  // One SSE frame: `id:`, `event:` and one `data:` line per line of `data`.
  static std::string frame(std::string_view event, std::string_view id, std::string_view data);

 private:
  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<EventStream>> streams_;
};

}  // namespace mobilecs::http
