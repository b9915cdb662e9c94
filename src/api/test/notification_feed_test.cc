#include "api/notification_feed.h"

#include <gtest/gtest.h>

#include "core/codec/notification_json.h"
#include "core/codec/usage_alert_json.h"

namespace mobilecs::api {
namespace {

using core::NotificationType;
constexpr auto kNote = NotificationFeed::Kind::kNotification;
constexpr auto kAlert = NotificationFeed::Kind::kAlert;

const std::string kA = "0b5b3c4e-42a5-4bb5-9b1b-14d5e1e2a0a1";
const std::string kB = "b2b6b42e-42a5-4bb5-9b1b-14d5e1e2a0a1";

std::string line(const std::string& agreement, int month, const std::string& type) {
  return R"({"timestamp":1,"key":")" + agreement + R"(","value":{"agreementId":")" + agreement +
         R"(","year":2020,"month":)" + std::to_string(month) + R"(,"type":")" + type + R"("}})";
}

TEST(NotificationFeed, KeepsTheMostRecentNewestFirstAndFilters) {
  NotificationFeed feed(3);
  feed.add(kNote, line(kA, 1, "DATA_PLAN_EXCEEDED"));
  feed.add(kNote, line(kA, 1, "BILLING_PERIOD_CLOSED"));
  feed.add(kNote, line(kB, 2, "DATA_PLAN_EXCEEDED"));
  feed.add(kNote, line(kA, 2, "DATA_PLAN_EXCEEDED"));
  feed.add(kNote, "not a notification");
  feed.add(kNote, line("not-a-uuid", 2, "DATA_PLAN_EXCEEDED"));
  feed.add(kNote, line(kA, 2, "SOMETHING_ELSE"));
  EXPECT_EQ(feed.size(), 3u);
  const auto all = feed.history({}, 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].sequence, 4u);
  EXPECT_EQ(all[0].line, line(kA, 2, "DATA_PLAN_EXCEEDED")) << "a line is kept as it was read";
  EXPECT_EQ(all[2].sequence, 2u);
  EXPECT_EQ(feed.history({kNote, "DATA_PLAN_EXCEEDED", {}, {}, {}}, 10).size(), 2u);
  EXPECT_EQ(feed.history({kNote, {}, core::Uuid::parse(kA), 2020, 2}, 10).size(), 1u);
  EXPECT_EQ(feed.history({}, 1).size(), 1u);
}

TEST(NotificationFeed, APublishedNotificationIsFilteredByItsOwnFieldsAndWrittenAsALine) {
  NotificationFeed feed;
  core::Notification n;
  n.agreement_id = *core::Uuid::parse(kB);
  n.year = 2021;
  n.month = 3;
  n.billing_period_time_zone = "Europe/Amsterdam";
  n.type = NotificationType::kBillingPeriodClosed;
  n.timestamp = 1617231599999;
  feed.add(n);
  feed.add(kNote, line(kB, 3, "DATA_PLAN_EXCEEDED"));
  const auto closed =
      feed.history({kNote, "BILLING_PERIOD_CLOSED", core::Uuid::parse(kB), 2021, 3}, 10);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].line, core::notification_line(n));
  EXPECT_EQ(closed[0].sequence, 1u);
  EXPECT_TRUE(feed.history({kNote, {}, {}, 2020, std::nullopt}, 10).size() == 1u);
}

TEST(NotificationFeed, AFollowerGetsWhatItMissedThenEachNewOneUntilItLetsGo) {
  NotificationFeed feed;
  feed.add(kNote, line(kA, 1, "DATA_PLAN_EXCEEDED"));
  feed.add(kNote, line(kA, 1, "BILLING_PERIOD_CLOSED"));
  std::vector<std::uint64_t> seen;
  std::vector<std::string> lines;
  bool listening = true;
  feed.follow(1, [&](const NotificationFeed::Entry& e) {
    seen.push_back(e.sequence);
    lines.push_back(e.line);
    return listening;
  });
  core::Notification n;
  n.agreement_id = *core::Uuid::parse(kB);
  feed.add(n);
  listening = false;
  feed.add(kNote, line(kB, 1, "DATA_PLAN_EXCEEDED"));  // seen, and then let go
  feed.add(kNote, line(kA, 1, "DATA_PLAN_EXCEEDED"));
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{2, 3, 4}));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], core::notification_line(n));
}

TEST(NotificationFeed, ABurstOfAlertsDoesNotPushTheNotificationsOut) {
  NotificationFeed feed(2);
  feed.add(kNote, line(kA, 1, "DATA_PLAN_EXCEEDED"));
  feed.add(kNote, line(kA, 1, "BILLING_PERIOD_CLOSED"));
  for (int i = 0; i < 5; ++i) feed.add(kAlert, line(kA, 1, "USAGE_THRESHOLD_REACHED"));
  feed.add(kNote, line(kA, 2, "DATA_PLAN_EXCEEDED"));
  EXPECT_EQ(feed.size(), 4u);
  const auto notes = feed.history({}, 10);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0].sequence, 8u);
  EXPECT_EQ(notes[1].sequence, 2u);
  const auto alerts = feed.history({kAlert, {}, {}, {}, {}}, 10);
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[1].sequence, 6u);
}

TEST(NotificationFeed, AlertsAreHeldBesideNotificationsAndFilteredApart) {
  NotificationFeed feed;
  feed.add(kNote, line(kA, 1, "DATA_PLAN_EXCEEDED"));
  feed.add(kAlert, line(kA, 1, "USAGE_THRESHOLD_REACHED"));
  feed.add(kAlert, line(kA, 1, "DATA_PLAN_EXCEEDED"));  // not an alert's type: ignored
  core::UsageAlert a;
  a.agreement_id = *core::Uuid::parse(kB);
  a.year = 2020;
  a.month = 2;
  a.type = core::UsageAlertType::kForecastExceedsPlan;
  feed.add(a);
  EXPECT_EQ(feed.history({}, 10).size(), 1u);
  const auto alerts = feed.history({kAlert, {}, {}, {}, {}}, 10);
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].line, core::usage_alert_line(a));
  EXPECT_EQ(alerts[0].kind, kAlert);
  EXPECT_EQ(
      feed.history({kAlert, "USAGE_THRESHOLD_REACHED", core::Uuid::parse(kA), 2020, 1}, 10).size(),
      1u);
  EXPECT_TRUE(feed.history({kAlert, {}, core::Uuid::parse(kA), 2020, 2}, 10).empty());
}

}  // namespace
}  // namespace mobilecs::api
