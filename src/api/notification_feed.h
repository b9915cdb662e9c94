#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/model/notification.h"
#include "core/model/usage_alert.h"

namespace mobilecs::api {

// What a console shows of the published messages, notifications and usage alerts: the most
// recent ones (history) and each new one as it is published (listeners, e.g. a Server-Sent Events
// hub). An entry is the message as the embedded run writes it to its JSON Lines file
// ({"timestamp":ms,"key":"...","value":{...}}), with a sequence number so a reconnecting client
// can ask for what it missed.
class NotificationFeed {
 public:
  enum class Kind { kNotification, kAlert };
  struct Entry {
    std::uint64_t sequence = 0;
    Kind kind = Kind::kNotification;
    std::string line;  // the JSON object
  };
  struct Filter {
    Kind kind = Kind::kNotification;
    std::optional<std::string> type;  // as the message's `type` names it
    std::optional<core::Uuid> agreement_id;
    std::optional<int> year;
    std::optional<int> month;
  };
  // Returns false once it wants no more (its client went away).
  using Listener = std::function<bool(const Entry&)>;

  // The literal a message of `kind` names its type with, if `text` is one: "DATA_PLAN_EXCEEDED".
  static std::optional<std::string_view> type_literal(Kind kind, std::string_view text);

  // Holds the latest `capacity` notifications and, apart, the latest `capacity` alerts: a burst of
  // alerts does not push the notifications out.
  explicit NotificationFeed(std::size_t capacity = 10'000) : capacity_(capacity) {}

  // Adds a message line (as above) of `kind`; lines that are not one are ignored.
  void add(Kind kind, const std::string& line);
  // Adds a message the pipeline published. Its line is written only when a client asks: the
  // pipeline's commit thread publishes a million an hour and cannot afford it.
  void add(const core::Notification& notification);
  void add(const core::UsageAlert& alert);
  // Newest first, at most `limit`.
  std::vector<Entry> history(const Filter& filter, std::size_t limit) const;
  // Calls `listener` for the entries after `after_sequence` still held, then for each new one;
  // atomically, so none is missed or repeated.
  void follow(std::uint64_t after_sequence, Listener listener);
  std::size_t size() const;

 private:
  struct Held {
    std::uint64_t sequence = 0;
    Kind kind = Kind::kNotification;
    std::string_view type;  // a literal of to_string
    core::Uuid agreement_id;
    int year = 0;
    int month = 0;
    // The message published, or nothing for a line added as text.
    std::variant<std::monostate, core::Notification, core::UsageAlert> message;
    std::string line;  // empty: written from `message` when asked for
  };
  void publish(Held held);
  static Entry entry(const Held& held);
  static bool matches(const Held& held, const Filter& f);
  std::deque<Held>& held_of(Kind kind) { return held_[static_cast<std::size_t>(kind)]; }

  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::array<std::deque<Held>, 2> held_;  // by Kind, each in sequence order
  std::uint64_t next_sequence_ = 1;
  std::vector<Listener> listeners_;
};

}  // namespace mobilecs::api
