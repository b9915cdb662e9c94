#include "core/codec/notification_json.h"

#include "core/codec/json_writer.h"
#include "core/time/java_date_text.h"
#include "core/time/zoned_date_time.h"

namespace mobilecs::core {

std::string notification_to_json(const Notification& n) {
  std::string out;
  out.reserve(320);
  JsonObjectWriter(out)
      .field("agreementId", n.agreement_id.to_string())
      .field("year", n.year)
      .field("month", n.month)
      .field("latestRecordedAt", format_java_date_utc(n.latest_recorded_at))
      .field("latestInternalRecordId", n.latest_internal_record_id.to_string())
      .field("totalRecordedBytes", n.total_recorded_bytes)
      .field("billingPeriodTimeZone", n.billing_period_time_zone)
      .field("maxBytesInBillingPeriod", n.max_bytes_in_billing_period)
      .field("type", to_string(n.type))
      .close();
  return out;
}

std::string notification_line(const Notification& n) {
  std::string line;
  line.reserve(400);
  JsonObjectWriter(line)
      .field("timestamp", n.timestamp)
      .field("key", n.agreement_id.to_string())
      .raw_field("value", notification_to_json(n))
      .close();
  return line;
}

std::string late_record_to_json(const LateRecord& late) {
  const DataRecord& r = late.record;
  std::string out;
  JsonObjectWriter(out)
      .field("agreementId", r.agreement_id.to_string())
      .field("year", int{r.year})
      .field("month", int{r.month})
      .field("recordedAt",
             to_string(ZonedDateTime{Instant::from_epoch_millis(r.recorded_at), 0, ""}))
      .field("internalRecordId", r.internal_record_id.to_string())
      .field("recordedBytes", r.recorded_bytes)
      .field("watermark", late.watermark)
      .close();
  return out;
}

}  // namespace mobilecs::core
