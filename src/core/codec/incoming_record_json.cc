#include "core/codec/incoming_record_json.h"

#include <fmt/format.h>

#include "core/codec/incoming_record_line.h"
#include "core/codec/json_writer.h"
#include "core/model/msisdn.h"
#include "core/time/zoned_date_time.h"

namespace mobilecs::core {

void append_incoming_record_json(std::string& out, const IncomingDataRecord& r, TimeZones& zones) {
  // Java printed the parsed ZonedDateTime, so its consumers see the normalised form. Written
  // on the stack: this runs for every line the importer reads.
  constexpr std::size_t kLongestZoneId = 64;  // the tz database's are under 40 characters
  ParsedDateTime parsed;
  std::string error;
  char text[kMaxDateTimeTextLength + kLongestZoneId];
  std::string longer;  // a longer region id, were there one
  std::string_view recorded_at = r.recorded_at_text;
  if (parse_date_time(r.recorded_at_text, zones, parsed, error)) {
    const std::int32_t offset = shown_offset(parsed, zones);
    if (parsed.zone.size() <= kLongestZoneId) {
      const LocalDateTime local =
          local_date_time_at(parsed.instant.epoch_second + offset, parsed.instant.nano);
      recorded_at = std::string_view(text, format_date_time(local, offset, parsed.zone, text));
    } else {
      longer = to_string(ZonedDateTime{parsed.instant, offset, std::string(parsed.zone)});
      recorded_at = longer;
    }
  }
  char id[kUuidTextLength];
  r.internal_id.format(id);
  out.reserve(out.size() + 96 + r.external_id.size() + recorded_at.size() + r.msisdn.size());
  JsonObjectWriter(out)
      .field("externalId", r.external_id)
      .field("recordedAt", recorded_at)
      .field("msisdn", r.msisdn)
      .field("recordedBytes", r.recorded_bytes)
      .field("internalId", std::string_view(id, sizeof id))
      .close();
}

bool IncomingRecordJsonParser::parse(std::string_view json, TimeZones& zones,
                                     IncomingDataRecord& out, std::string& error) {
  simdjson::dom::element doc;
  if (const auto e = parser_.parse(json.data(), json.size()).get(doc)) {
    error = fmt::format("not valid JSON: {}", simdjson::error_message(e));
    return false;
  }
  simdjson::dom::object object;
  if (doc.get_object().get(object)) {
    error = "not a JSON object";
    return false;
  }
  const auto string_field = [&](const char* name, std::string_view& value) {
    const auto e = object[name].get_string().get(value);
    if (e == simdjson::NO_SUCH_FIELD) {
      error = fmt::format("field '{}' is missing", name);
    } else if (e) {
      error = fmt::format("field '{}': must be a string", name);
    }
    return !e;
  };
  if (!string_field("externalId", out.external_id) ||
      !string_field("recordedAt", out.recorded_at_text) || !string_field("msisdn", out.msisdn)) {
    return false;
  }
  if (const auto e = object["recordedBytes"].get_int64().get(out.recorded_bytes)) {
    error = e == simdjson::NO_SUCH_FIELD ? "field 'recordedBytes' is missing"
                                         : "field 'recordedBytes': must be a whole number of bytes";
    return false;
  }
  std::string_view internal_id;
  const auto internal_id_error = object["internalId"].get_string().get(internal_id);
  if (internal_id_error && internal_id_error != simdjson::NO_SUCH_FIELD) {
    error = "field 'internalId': must be a string";
    return false;
  }
  const bool has_internal_id = !internal_id_error;
  // The same rules as a file line (docs/formats.md §2).
  ParsedDateTime parsed;
  if (out.external_id.empty()) {
    error = "externalId is empty";
    return false;
  }
  if (!parse_date_time(out.recorded_at_text, zones, parsed, error)) {
    error = "recordedAt " + error;
    return false;
  }
  out.recorded_at = parsed.instant;
  const auto msisdn = MsisdnKey::parse(out.msisdn, error);
  if (!msisdn) return false;
  out.msisdn_key = msisdn->packed();
  if (out.recorded_bytes < 0) {
    error = fmt::format("recordedBytes {} is negative", out.recorded_bytes);
    return false;
  }
  if (has_internal_id) {
    const auto id = Uuid::parse(internal_id);
    if (!id) {
      error = fmt::format("internalId '{}' is not a UUID", internal_id);
      return false;
    }
    out.internal_id = *id;
  } else {
    out.internal_id = internal_id_for(out.external_id, out.msisdn);
  }
  return true;
}

}  // namespace mobilecs::core
