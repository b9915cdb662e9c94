#include "core/codec/incoming_record_line.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>

#include "core/model/msisdn.h"

namespace mobilecs::core {

bool parse_non_negative_int64(std::string_view text, std::int64_t& value, std::string& why) {
  if (text.empty()) {
    why = "is empty";
    return false;
  }
  if (text.front() == '-') {
    why = fmt::format("'{}' is negative", text);
    return false;
  }
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    why = fmt::format("'{}' is not a whole number of bytes", text);
    return false;
  }
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    why = fmt::format("'{}' does not fit in 64 bits", text);
    return false;
  }
  return ec == std::errc() && end == text.data() + text.size();
}

bool parse_incoming_record_line(std::string_view line, TimeZones& zones, IncomingDataRecord& out,
                                std::string& error) {
  std::string_view fields[4];
  std::size_t count = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t semicolon = line.find(';', start);
    const std::size_t end = semicolon == std::string_view::npos ? line.size() : semicolon;
    if (count < 4) {
      fields[count] = line.substr(start, end - start);
    }
    ++count;
    if (semicolon == std::string_view::npos) {
      break;
    }
    start = semicolon + 1;
  }
  if (count != 4) {
    error = fmt::format(
        "expected 4 fields separated by ';' (externalId;recordedAt;msisdn;recordedBytes), "
        "found {}",
        count);
    return false;
  }
  if (!simdjson::validate_utf8(line.data(), line.size())) {
    error = "the line is not valid UTF-8";
    return false;
  }
  out.external_id = fields[0];
  if (out.external_id.empty()) {
    error = "externalId is empty";
    return false;
  }
  if (out.external_id.size() > kMaxExternalIdLength) {
    error = fmt::format("externalId is longer than {} bytes", kMaxExternalIdLength);
    return false;
  }
  ParsedDateTime recorded_at;
  if (!parse_date_time(fields[1], zones, recorded_at, error)) {
    error = "recordedAt " + error;
    return false;
  }
  out.recorded_at_text = fields[1];
  out.recorded_at = recorded_at.instant;
  out.msisdn = fields[2];
  const auto msisdn = MsisdnKey::parse(out.msisdn, error);
  if (!msisdn) return false;
  out.msisdn_key = msisdn->packed();
  std::string why;
  if (!parse_non_negative_int64(fields[3], out.recorded_bytes, why)) {
    error = "recordedBytes " + why;
    return false;
  }
  out.internal_id = internal_id_for(out.external_id, out.msisdn);
  return true;
}

void append_incoming_record_line(std::string& out, std::string_view external_id,
                                 const LocalDateTime& recorded_at, std::int32_t offset_seconds,
                                 std::string_view zone, std::string_view msisdn,
                                 std::int64_t recorded_bytes) {
  out.append(external_id);
  out.push_back(';');
  const std::size_t at = out.size();
  out.resize(at + kMaxDateTimeTextLength + zone.size() + 2);
  char* end = format_date_time(recorded_at, offset_seconds, zone, out.data() + at);
  out.resize(static_cast<std::size_t>(end - out.data()));
  out.push_back(';');
  out.append(msisdn);
  out.push_back(';');
  fmt::format_to(std::back_inserter(out), "{}", recorded_bytes);
  out.push_back('\n');
}

}  // namespace mobilecs::core
