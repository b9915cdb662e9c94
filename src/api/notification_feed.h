#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/model/notification.h"

namespace mobilecs::api {

// The notifications a console shows: the most recent ones (history) and each new one as it is
// published (listeners, e.g. a Server-Sent Events hub). An entry is the notification as the
// embedded run writes it to data-records-aggregates.jsonl: {"timestamp":ms,"key":"...",
// "value":{...}}, with a sequence number so a reconnecting client can ask for what it missed.
class NotificationFeed {
 public:
  struct Entry {
    std::uint64_t sequence = 0;
    std::string line;  // the JSON object
  };
  struct Filter {
    std::optional<core::NotificationType> type;
    std::optional<core::Uuid> agreement_id;
    std::optional<int> year;
    std::optional<int> month;
  };
  // Returns false once it wants no more (its client went away).
  using Listener = std::function<bool(const Entry&)>;

  explicit NotificationFeed(std::size_t capacity = 10'000) : capacity_(capacity) {}

  // Adds a notification line (as above); lines that are not one are ignored.
  void add(const std::string& line);
  // Adds a notification the pipeline published. Its line is written only when a client asks:
  // the pipeline's commit thread publishes a million an hour and cannot afford it.
  void add(const core::Notification& notification);
  // Newest first, at most `limit`.
  std::vector<Entry> history(const Filter& filter, std::size_t limit) const;
  // Calls `listener` for the entries after `after_sequence` still held, then for each new one;
  // atomically, so none is missed or repeated.
  void follow(std::uint64_t after_sequence, Listener listener);
  std::size_t size() const;

 private:
  struct Held {
    std::uint64_t sequence = 0;
    core::Notification notification;  // of a line added as text, only the fields filtered by
    std::string line;                 // empty: written from `notification` when asked for
  };
  void publish(Held held);
  static Entry entry(const Held& held);
  static bool matches(const Held& held, const Filter& f);

  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<Held> held_;
  std::uint64_t next_sequence_ = 1;
  std::vector<Listener> listeners_;
};

}  // namespace mobilecs::api
