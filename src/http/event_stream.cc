#include "http/event_stream.h"

#include <algorithm>

namespace mobilecs::http {

bool EventStream::push(std::string frame) {
  std::function<void(std::string)> write;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    if (!write_) {
      if (pending_.size() >= kMaxPending) {
        closed_ = true;
        return false;
      }
      pending_.push_back(std::move(frame));
      return true;
    }
    write = write_;
  }
  write(std::move(frame));
  return true;
}

void EventStream::close() {
  std::function<void()> on_close;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    on_close = std::move(on_close_);
    write_ = nullptr;
  }
  if (on_close) on_close();
}

bool EventStream::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void EventStream::attach(std::function<void(std::string)> write, std::function<void()> on_close) {
  std::deque<std::string> pending;
  {
    std::lock_guard lock(mutex_);
    pending.swap(pending_);
    write_ = write;
    on_close_ = std::move(on_close);
  }
  for (std::string& frame : pending) write(std::move(frame));
}

std::shared_ptr<EventStream> EventHub::subscribe() {
  auto stream = std::make_shared<EventStream>();
  std::lock_guard lock(mutex_);
  std::erase_if(streams_, [](const auto& s) { return s.expired(); });
  streams_.push_back(stream);
  return stream;
}

void EventHub::publish(std::string_view event, std::string_view id, std::string_view data) {
  const std::string text = frame(event, id, data);
  std::vector<std::shared_ptr<EventStream>> live;
  {
    std::lock_guard lock(mutex_);
    std::erase_if(streams_, [](const auto& s) { return s.expired(); });
    for (const auto& weak : streams_) {
      if (auto stream = weak.lock()) live.push_back(std::move(stream));
    }
  }
  for (const auto& stream : live) stream->push(text);
}

std::size_t EventHub::subscribers() const {
  std::lock_guard lock(mutex_);
  return std::count_if(streams_.begin(), streams_.end(), [](const auto& weak) {
    const auto s = weak.lock();
    return s && !s->closed();
  });
}

std::string EventHub::frame(std::string_view event, std::string_view id, std::string_view data) {
  std::string out;
  if (!id.empty()) out.append("id: ").append(id).append("\n");
  if (!event.empty()) out.append("event: ").append(event).append("\n");
  while (true) {
    const auto newline = data.find('\n');
    out.append("data: ").append(data.substr(0, newline)).append("\n");
    if (newline == std::string_view::npos) break;
    data.remove_prefix(newline + 1);
  }
  out.append("\n");
  return out;
}

}  // namespace mobilecs::http
