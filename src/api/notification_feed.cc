#include "api/notification_feed.h"

#include <nlohmann/json.hpp>

#include "core/codec/notification_json.h"
#include "core/codec/usage_alert_json.h"

namespace mobilecs::api {

std::optional<std::string_view> NotificationFeed::type_literal(Kind kind, std::string_view text) {
  if (kind == Kind::kNotification) {
    if (const auto t = core::parse_notification_type(text)) return core::to_string(*t);
  } else if (const auto t = core::parse_usage_alert_type(text)) {
    return core::to_string(*t);
  }
  return std::nullopt;
}

void NotificationFeed::add(Kind kind, const std::string& line) {
  Held held;
  held.kind = kind;
  try {
    const auto json = nlohmann::json::parse(line);
    const auto& value = json.at("value");
    const auto type = type_literal(kind, value.at("type").get<std::string>());
    const auto id = core::Uuid::parse(value.at("agreementId").get<std::string>());
    if (!type || !id) return;
    held.type = *type;
    held.agreement_id = *id;
    held.year = value.at("year").get<int>();
    held.month = value.at("month").get<int>();
  } catch (const nlohmann::json::exception&) {
    return;
  }
  held.line = line;
  publish(std::move(held));
}

void NotificationFeed::add(const core::Notification& n) {
  publish(Held{
      0, Kind::kNotification, core::to_string(n.type), n.agreement_id, n.year, n.month, n, {}});
}

void NotificationFeed::add(const core::UsageAlert& a) {
  publish(Held{0, Kind::kAlert, core::to_string(a.type), a.agreement_id, a.year, a.month, a, {}});
}

void NotificationFeed::publish(Held held) {
  std::lock_guard lock(mutex_);
  held.sequence = next_sequence_++;
  std::deque<Held>& of_kind = held_of(held.kind);
  of_kind.push_back(std::move(held));
  if (of_kind.size() > capacity_) of_kind.pop_front();
  if (listeners_.empty()) return;
  const Entry e = entry(of_kind.back());
  std::erase_if(listeners_, [&](const Listener& l) { return !l(e); });
}

NotificationFeed::Entry NotificationFeed::entry(const Held& held) {
  Entry e{held.sequence, held.kind, held.line};
  if (const auto* n = std::get_if<core::Notification>(&held.message)) {
    e.line = core::notification_line(*n);
  } else if (const auto* a = std::get_if<core::UsageAlert>(&held.message)) {
    e.line = core::usage_alert_line(*a);
  }
  return e;
}

bool NotificationFeed::matches(const Held& held, const Filter& f) {
  return (!f.type || held.type == *f.type) &&
         (!f.agreement_id || held.agreement_id == *f.agreement_id) &&
         (!f.year || held.year == *f.year) && (!f.month || held.month == *f.month);
}

std::vector<NotificationFeed::Entry> NotificationFeed::history(const Filter& filter,
                                                               std::size_t limit) const {
  std::lock_guard lock(mutex_);
  const std::deque<Held>& of_kind = held_[static_cast<std::size_t>(filter.kind)];
  std::vector<Entry> out;
  for (auto it = of_kind.rbegin(); it != of_kind.rend() && out.size() < limit; ++it) {
    if (matches(*it, filter)) out.push_back(entry(*it));
  }
  return out;
}

void NotificationFeed::follow(std::uint64_t after_sequence, Listener listener) {
  std::lock_guard lock(mutex_);
  // Both kinds, merged in sequence order.
  const auto& [notifications, alerts] = held_;
  auto n = notifications.begin();
  auto a = alerts.begin();
  while (n != notifications.end() || a != alerts.end()) {
    const bool notification_first =
        a == alerts.end() || (n != notifications.end() && n->sequence < a->sequence);
    const Held& next = notification_first ? *n++ : *a++;
    if (next.sequence > after_sequence && !listener(entry(next))) return;
  }
  listeners_.push_back(std::move(listener));
}

std::size_t NotificationFeed::size() const {
  std::lock_guard lock(mutex_);
  return held_[0].size() + held_[1].size();
}

}  // namespace mobilecs::api
