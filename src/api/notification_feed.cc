#include "api/notification_feed.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/codec/notification_json.h"
#include "core/codec/usage_alert_json.h"

namespace mobilecs::api {
namespace {

// The literal to_string gives for a type named `text`, if it is one of `kind`.
std::optional<std::string_view> type_literal(NotificationFeed::Kind kind, const std::string& text) {
  if (kind == NotificationFeed::Kind::kNotification) {
    if (const auto t = core::parse_notification_type(text)) return core::to_string(*t);
  } else if (const auto t = core::parse_usage_alert_type(text)) {
    return core::to_string(*t);
  }
  return std::nullopt;
}

}  // namespace

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
  const Kind kind = held.kind;
  held_.push_back(std::move(held));
  const std::size_t alerts = held_alerts_ += kind == Kind::kAlert ? 1 : 0;
  if ((kind == Kind::kAlert ? alerts : held_.size() - alerts) > capacity_) {
    // The oldest of its kind goes: the front, mostly.
    const auto oldest =
        std::find_if(held_.begin(), held_.end(), [kind](const Held& h) { return h.kind == kind; });
    held_.erase(oldest);
    if (kind == Kind::kAlert) --held_alerts_;
  }
  if (listeners_.empty()) return;
  const Entry e = entry(held_.back());
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
  return held.kind == f.kind && (!f.type || held.type == *f.type) &&
         (!f.agreement_id || held.agreement_id == *f.agreement_id) &&
         (!f.year || held.year == *f.year) && (!f.month || held.month == *f.month);
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
