#include "core/codec/usage_alert_json.h"

#include <gtest/gtest.h>

namespace mobilecs::core {
namespace {

UsageAlert threshold_alert() {
  UsageAlert a;
  a.agreement_id = *Uuid::parse("6e9b6f52-8a8b-4a57-9f8c-6f4c1d0a9b21");
  a.year = 2020;
  a.month = 1;
  a.type = UsageAlertType::kThresholdReached;
  a.threshold = AlertThreshold{AlertThreshold::Kind::kPercentOfPlan, 80};
  a.threshold_bytes = 8589934592;
  a.total_recorded_bytes = 9663676416;
  a.max_bytes_in_billing_period = 10737418240;
  a.latest_recorded_at = 1578052800000;  // 2020-01-03T12:00Z
  a.latest_internal_record_id = *Uuid::parse("0b1e8f3c-2d4a-4c6b-8e9f-1a2b3c4d5e6f");
  a.billing_period_time_zone = "Europe/Warsaw";
  a.timestamp = 1578052800000;
  return a;
}

TEST(UsageAlertJson, AThresholdAlertInFieldOrder) {
  EXPECT_EQ(usage_alert_to_json(threshold_alert()),
            R"({"agreementId":"6e9b6f52-8a8b-4a57-9f8c-6f4c1d0a9b21","year":2020,"month":1,)"
            R"("type":"USAGE_THRESHOLD_REACHED","threshold":{"percentOfPlan":80},)"
            R"("thresholdBytes":8589934592,"totalRecordedBytes":9663676416,)"
            R"("maxBytesInBillingPeriod":10737418240,)"
            R"("latestRecordedAt":"Fri Jan 03 12:00:00 UTC 2020",)"
            R"("latestInternalRecordId":"0b1e8f3c-2d4a-4c6b-8e9f-1a2b3c4d5e6f",)"
            R"("billingPeriodTimeZone":"Europe/Warsaw"})");
}

TEST(UsageAlertJson, AForecastAlertShowsTheExhaustionInTheAgreementsZone) {
  UsageAlert a = threshold_alert();
  a.type = UsageAlertType::kForecastExceedsPlan;
  a.threshold.reset();
  a.threshold_bytes = a.max_bytes_in_billing_period;
  a.forecast = UsageForecast{1578592800002, 38041138781, 5, 3600};
  EXPECT_EQ(usage_alert_to_json(a),
            R"({"agreementId":"6e9b6f52-8a8b-4a57-9f8c-6f4c1d0a9b21","year":2020,"month":1,)"
            R"("type":"USAGE_FORECAST_EXCEEDS_PLAN","thresholdBytes":10737418240,)"
            R"("totalRecordedBytes":9663676416,"maxBytesInBillingPeriod":10737418240,)"
            R"("latestRecordedAt":"Fri Jan 03 12:00:00 UTC 2020",)"
            R"("latestInternalRecordId":"0b1e8f3c-2d4a-4c6b-8e9f-1a2b3c4d5e6f",)"
            R"("billingPeriodTimeZone":"Europe/Warsaw",)"
            R"("projectedExhaustionAt":"2020-01-09T19:00:00.002+01:00[Europe/Warsaw]",)"
            R"("projectedPeriodTotalBytes":38041138781,"daysLeft":5})");
}

TEST(UsageAlertJson, StepThresholdsAndTheLineShape) {
  UsageAlert a = threshold_alert();
  a.threshold = AlertThreshold{AlertThreshold::Kind::kOverPlanStep, 2};
  const std::string line = usage_alert_line(a);
  EXPECT_TRUE(line.starts_with(
      R"({"timestamp":1578052800000,"key":"6e9b6f52-8a8b-4a57-9f8c-6f4c1d0a9b21","value":{)"))
      << line;
  EXPECT_NE(line.find(R"("threshold":{"overPlanStep":2})"), std::string::npos) << line;
  EXPECT_TRUE(line.ends_with("}}"));
}

}  // namespace
}  // namespace mobilecs::core
