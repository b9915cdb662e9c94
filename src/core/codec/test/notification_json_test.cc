#include "core/codec/notification_json.h"

#include <gtest/gtest.h>

namespace mobilecs::core {
namespace {

TEST(NotificationJson, WritesTheSpecExample) {
  const Notification n{*Uuid::parse("0b12c601-9287-3f5c-a78c-df508fe0f889"),
                       2020,
                       1,
                       1578697200000,
                       *Uuid::parse("523d8cc7-e611-3508-90bc-fab260b2973e"),
                       5697948758,
                       "Europe/Warsaw",
                       5368709120,
                       NotificationType::kDataPlanExceeded,
                       1580511599999};
  EXPECT_EQ(notification_to_json(n),
            R"({"agreementId":"0b12c601-9287-3f5c-a78c-df508fe0f889","year":2020,"month":1,)"
            R"("latestRecordedAt":"Fri Jan 10 23:00:00 UTC 2020",)"
            R"("latestInternalRecordId":"523d8cc7-e611-3508-90bc-fab260b2973e",)"
            R"("totalRecordedBytes":5697948758,"billingPeriodTimeZone":"Europe/Warsaw",)"
            R"("maxBytesInBillingPeriod":5368709120,"type":"DATA_PLAN_EXCEEDED"})");
}

}  // namespace
}  // namespace mobilecs::core
