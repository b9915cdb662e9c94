#include "embedded/output_lines.h"

#include "core/codec/json_writer.h"
#include "core/codec/notification_json.h"
#include "core/time/zoned_date_time.h"

namespace mobilecs::embedded {

std::string notification_line(const core::Notification& n) {
  std::string line;
  line.reserve(400);
  core::JsonObjectWriter(line)
      .field("timestamp", n.timestamp)
      .field("key", n.agreement_id.to_string())
      .raw_field("value", core::notification_to_json(n))
      .close();
  return line;
}

std::string late_record_line(const core::LateRecord& late) {
  const core::DataRecord& r = late.record;
  std::string line;
  core::JsonObjectWriter(line)
      .field("agreementId", r.agreement_id.to_string())
      .field("year", int{r.year})
      .field("month", int{r.month})
      .field("recordedAt", core::to_string(core::ZonedDateTime{
                               core::Instant::from_epoch_millis(r.recorded_at), 0, ""}))
      .field("internalRecordId", r.internal_record_id.to_string())
      .field("recordedBytes", r.recorded_bytes)
      .field("watermark", late.watermark)
      .close();
  return line;
}

}  // namespace mobilecs::embedded
