#include "embedded/output_lines.h"

#include "core/codec/json_writer.h"
#include "core/codec/notification_json.h"

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

}  // namespace mobilecs::embedded
