#include "core/codec/usage_alert_json.h"

#include "core/codec/json_writer.h"
#include "core/time/java_date_text.h"
#include "core/time/zoned_date_time.h"

namespace mobilecs::core {

std::string alert_threshold_to_json(const AlertThreshold& threshold) {
  std::string out;
  JsonObjectWriter writer(out);
  switch (threshold.kind) {
    case AlertThreshold::Kind::kPercentOfPlan:
      writer.field("percentOfPlan", threshold.value);
      break;
    case AlertThreshold::Kind::kBytes:
      writer.field("bytes", threshold.value);
      break;
    case AlertThreshold::Kind::kOverPlanStep:
      writer.field("overPlanStep", threshold.value);
      break;
  }
  writer.close();
  return out;
}

std::string usage_alert_to_json(const UsageAlert& a) {
  std::string out;
  out.reserve(400);
  JsonObjectWriter writer(out);
  writer.field("agreementId", a.agreement_id.to_string())
      .field("year", a.year)
      .field("month", a.month)
      .field("type", to_string(a.type));
  if (a.threshold) {
    writer.raw_field("threshold", alert_threshold_to_json(*a.threshold));
  }
  writer.field("thresholdBytes", a.threshold_bytes)
      .field("totalRecordedBytes", a.total_recorded_bytes)
      .field("maxBytesInBillingPeriod", a.max_bytes_in_billing_period)
      .field("latestRecordedAt", format_java_date_utc(a.latest_recorded_at))
      .field("latestInternalRecordId", a.latest_internal_record_id.to_string())
      .field("billingPeriodTimeZone", a.billing_period_time_zone);
  if (a.forecast) {
    const Instant at = Instant::from_epoch_millis(a.forecast->projected_exhaustion_at);
    writer
        .field("projectedExhaustionAt",
               to_string(ZonedDateTime{at, a.forecast->exhaustion_offset_seconds,
                                       a.billing_period_time_zone}))
        .field("projectedPeriodTotalBytes", a.forecast->projected_period_total_bytes)
        .field("daysLeft", a.forecast->days_left);
  }
  writer.close();
  return out;
}

std::string usage_alert_line(const UsageAlert& a) {
  std::string line;
  line.reserve(500);
  JsonObjectWriter(line)
      .field("timestamp", a.timestamp)
      .field("key", a.agreement_id.to_string())
      .raw_field("value", usage_alert_to_json(a))
      .close();
  return line;
}

}  // namespace mobilecs::core
