#include "api/notification_feed.h"

#include <gtest/gtest.h>

#include "core/codec/notification_json.h"

namespace mobilecs::api {
namespace {

using core::NotificationType;

const std::string kA = "0b5b3c4e-42a5-4bb5-9b1b-14d5e1e2a0a1";
const std::string kB = "b2b6b42e-42a5-4bb5-9b1b-14d5e1e2a0a1";

std::string line(const std::string& agreement, int month, const std::string& type) {
  return R"({"timestamp":1,"key":")" + agreement + R"(","value":{"agreementId":")" + agreement +
         R"(","year":2020,"month":)" + std::to_string(month) + R"(,"type":")" + type + R"("}})";
}

TEST(NotificationFeed, KeepsTheMostRecentNewestFirstAndFilters) {
  NotificationFeed feed(3);
  feed.add(line(kA, 1, "DATA_PLAN_EXCEEDED"));
  feed.add(line(kA, 1, "BILLING_PERIOD_CLOSED"));
  feed.add(line(kB, 2, "DATA_PLAN_EXCEEDED"));
  feed.add(line(kA, 2, "DATA_PLAN_EXCEEDED"));
  feed.add("not a notification");
  feed.add(line("not-a-uuid", 2, "DATA_PLAN_EXCEEDED"));
  feed.add(line(kA, 2, "SOMETHING_ELSE"));
  EXPECT_EQ(feed.size(), 3u);
  const auto all = feed.history({}, 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].sequence, 4u);
  EXPECT_EQ(all[0].line, line(kA, 2, "DATA_PLAN_EXCEEDED")) << "a line is kept as it was read";
  EXPECT_EQ(all[2].sequence, 2u);
  EXPECT_EQ(feed.history({NotificationType::kDataPlanExceeded, {}, {}, {}}, 10).size(), 2u);
  EXPECT_EQ(feed.history({{}, core::Uuid::parse(kA), 2020, 2}, 10).size(), 1u);
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
  feed.add(line(kB, 3, "DATA_PLAN_EXCEEDED"));
  const auto closed =
      feed.history({NotificationType::kBillingPeriodClosed, core::Uuid::parse(kB), 2021, 3}, 10);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].line, core::notification_line(n));
  EXPECT_EQ(closed[0].sequence, 1u);
  EXPECT_TRUE(feed.history({{}, {}, 2020, std::nullopt}, 10).size() == 1u);
}

TEST(NotificationFeed, AFollowerGetsWhatItMissedThenEachNewOneUntilItLetsGo) {
  NotificationFeed feed;
  feed.add(line(kA, 1, "DATA_PLAN_EXCEEDED"));
  feed.add(line(kA, 1, "BILLING_PERIOD_CLOSED"));
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
  feed.add(line(kB, 1, "DATA_PLAN_EXCEEDED"));  // seen, and then let go
  feed.add(line(kA, 1, "DATA_PLAN_EXCEEDED"));
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{2, 3, 4}));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], core::notification_line(n));
}

}  // namespace
}  // namespace mobilecs::api
