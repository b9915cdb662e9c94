#include "api/notification_feed.h"

#include <nlohmann/json.hpp>

#include "core/codec/notification_json.h"

namespace mobilecs::api {

void NotificationFeed::add(const std::string& line) {
  Held held;
  try {
    const auto json = nlohmann::json::parse(line);
    const auto& value = json.at("value");
    const auto type = core::parse_notification_type(value.at("type").get<std::string>());
    const auto id = core::Uuid::parse(value.at("agreementId").get<std::string>());
    if (!type || !id) return;
    held.notification.type = *type;
    held.notification.agreement_id = *id;
    held.notification.year = value.at("year").get<int>();
    held.notification.month = value.at("month").get<int>();
  } catch (const nlohmann::json::exception&) {
    return;
  }
  held.line = line;
  publish(std::move(held));
}

void NotificationFeed::add(const core::Notification& notification) {
  publish(Held{0, notification, {}});
}

void NotificationFeed::publish(Held held) {
  std::lock_guard lock(mutex_);
  held.sequence = next_sequence_++;
  held_.push_back(std::move(held));
  if (held_.size() > capacity_) held_.pop_front();
  if (listeners_.empty()) return;
  const Entry e = entry(held_.back());
  std::erase_if(listeners_, [&](const Listener& l) { return !l(e); });
}

NotificationFeed::Entry NotificationFeed::entry(const Held& held) {
  return {held.sequence,
          held.line.empty() ? core::notification_line(held.notification) : held.line};
}

bool NotificationFeed::matches(const Held& held, const Filter& f) {
  const core::Notification& n = held.notification;
  return (!f.type || n.type == *f.type) && (!f.agreement_id || n.agreement_id == *f.agreement_id) &&
         (!f.year || n.year == *f.year) && (!f.month || n.month == *f.month);
}

std::vector<NotificationFeed::Entry> NotificationFeed::history(const Filter& filter,
                                                               std::size_t limit) const {
  std::lock_guard lock(mutex_);
  std::vector<Entry> out;
  for (auto it = held_.rbegin(); it != held_.rend() && out.size() < limit; ++it) {
    if (matches(*it, filter)) out.push_back(entry(*it));
  }
  return out;
}

void NotificationFeed::follow(std::uint64_t after_sequence, Listener listener) {
  std::lock_guard lock(mutex_);
  for (const Held& held : held_) {
    if (held.sequence > after_sequence && !listener(entry(held))) return;
  }
  listeners_.push_back(std::move(listener));
}

std::size_t NotificationFeed::size() const {
  std::lock_guard lock(mutex_);
  return held_.size();
}

}  // namespace mobilecs::api
