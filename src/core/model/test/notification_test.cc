#include "core/model/notification.h"

#include <gtest/gtest.h>

namespace mobilecs::core {
namespace {

TEST(NotificationType, ReadsBackWhatItWritesAndNothingElse) {
  for (const auto type :
       {NotificationType::kDataPlanExceeded, NotificationType::kBillingPeriodClosed}) {
    EXPECT_EQ(parse_notification_type(to_string(type)), type);
  }
  EXPECT_EQ(parse_notification_type("data_plan_exceeded"), std::nullopt);
  EXPECT_EQ(parse_notification_type(""), std::nullopt);
  EXPECT_EQ(parse_notification_type("UNKNOWN"), std::nullopt);
}

}  // namespace
}  // namespace mobilecs::core
