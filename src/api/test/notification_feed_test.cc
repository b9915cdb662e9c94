#include "api/notification_feed.h"

#include <gtest/gtest.h>

namespace mobilecs::api {
namespace {

std::string line(const std::string& agreement, int month, const std::string& type) {
  return R"({"timestamp":1,"key":")" + agreement + R"(","value":{"agreementId":")" + agreement +
         R"(","year":2020,"month":)" + std::to_string(month) + R"(,"type":")" + type + R"("}})";
}

TEST(NotificationFeed, KeepsTheMostRecentNewestFirstAndFilters) {
  NotificationFeed feed(3);
  feed.add(line("a", 1, "DATA_PLAN_EXCEEDED"));
  feed.add(line("a", 1, "BILLING_PERIOD_CLOSED"));
  feed.add(line("b", 2, "DATA_PLAN_EXCEEDED"));
  feed.add(line("a", 2, "DATA_PLAN_EXCEEDED"));
  feed.add("not a notification");
  EXPECT_EQ(feed.size(), 3u);
  const auto all = feed.history({}, 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].sequence, 4u);
  EXPECT_EQ(all[2].sequence, 2u);
  EXPECT_EQ(feed.history({"DATA_PLAN_EXCEEDED", "", std::nullopt, std::nullopt}, 10).size(), 2u);
  EXPECT_EQ(feed.history({"", "a", 2020, 2}, 10).size(), 1u);
  EXPECT_EQ(feed.history({}, 1).size(), 1u);
}

TEST(NotificationFeed, APublishedNotificationIsFilteredByItsOwnFields) {
  NotificationFeed feed;
  core::Notification n;
  n.agreement_id = *core::Uuid::parse("b2b6b42e-42a5-4bb5-9b1b-14d5e1e2a0a1");
  n.year = 2021;
  n.month = 3;
  n.type = core::NotificationType::kBillingPeriodClosed;
  feed.add(n, "the line as written");
  feed.add(line("b2b6b42e-42a5-4bb5-9b1b-14d5e1e2a0a1", 3, "DATA_PLAN_EXCEEDED"));
  const auto closed =
      feed.history({"BILLING_PERIOD_CLOSED", "b2b6b42e-42a5-4bb5-9b1b-14d5e1e2a0a1", 2021, 3}, 10);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].line, "the line as written");
  EXPECT_EQ(closed[0].sequence, 1u);
  EXPECT_TRUE(feed.history({"", "", 2020, std::nullopt}, 10).size() == 1u);
}

TEST(NotificationFeed, AFollowerGetsWhatItMissedThenEachNewOneUntilItLetsGo) {
  NotificationFeed feed;
  feed.add(line("a", 1, "DATA_PLAN_EXCEEDED"));
  feed.add(line("a", 1, "BILLING_PERIOD_CLOSED"));
  std::vector<std::uint64_t> seen;
  bool listening = true;
  feed.follow(1, [&](const NotificationFeed::Entry& e) {
    seen.push_back(e.sequence);
    return listening;
  });
  feed.add(line("b", 1, "DATA_PLAN_EXCEEDED"));
  listening = false;
  feed.add(line("c", 1, "DATA_PLAN_EXCEEDED"));  // seen, and then let go
  feed.add(line("d", 1, "DATA_PLAN_EXCEEDED"));
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{2, 3, 4}));
}

}  // namespace
}  // namespace mobilecs::api
