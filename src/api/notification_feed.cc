#include "api/notification_feed.h"

#include <nlohmann/json.hpp>

namespace mobilecs::api {

void NotificationFeed::add(const std::string& line) {
  Entry entry;
  try {
    const auto json = nlohmann::json::parse(line);
    const auto& value = json.at("value");
    entry.type = value.at("type").get<std::string>();
    entry.agreement_id = value.at("agreementId").get<std::string>();
    entry.year = value.at("year").get<int>();
    entry.month = value.at("month").get<int>();
  } catch (const nlohmann::json::exception&) {
    return;
  }
  entry.line = line;
  publish(std::move(entry));
}

void NotificationFeed::add(const core::Notification& notification, std::string line) {
  Entry entry;
  entry.type = core::to_string(notification.type);
  entry.agreement_id = notification.agreement_id.to_string();
  entry.year = notification.year;
  entry.month = notification.month;
  entry.line = std::move(line);
  publish(std::move(entry));
}

void NotificationFeed::publish(Entry entry) {
  std::lock_guard lock(mutex_);
  entry.sequence = next_sequence_++;
  entries_.push_back(std::move(entry));
  if (entries_.size() > capacity_) entries_.pop_front();
  std::erase_if(listeners_, [&](const Listener& l) { return !l(entries_.back()); });
}

bool NotificationFeed::matches(const Entry& e, const Filter& f) {
  return (f.type.empty() || e.type == f.type) &&
         (f.agreement_id.empty() || e.agreement_id == f.agreement_id) &&
         (!f.year || e.year == *f.year) && (!f.month || e.month == *f.month);
}

std::vector<NotificationFeed::Entry> NotificationFeed::history(const Filter& filter,
                                                               std::size_t limit) const {
  std::lock_guard lock(mutex_);
  std::vector<Entry> out;
  for (auto it = entries_.rbegin(); it != entries_.rend() && out.size() < limit; ++it) {
    if (matches(*it, filter)) out.push_back(*it);
  }
  return out;
}

void NotificationFeed::follow(std::uint64_t after_sequence, Listener listener) {
  std::lock_guard lock(mutex_);
  for (const Entry& e : entries_) {
    if (e.sequence > after_sequence && !listener(e)) return;
  }
  listeners_.push_back(std::move(listener));
}

std::size_t NotificationFeed::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace mobilecs::api
