#include "intake/record_parsers.h"

#include "core/codec/agreement_json.h"
#include "core/codec/incoming_record_json.h"
#include "core/codec/incoming_record_line.h"

namespace mobilecs::intake {

bool UsageRecordParser::parse(std::string_view line, Record& out, std::string& error) {
  if (!core::parse_incoming_record_line(line, zones_, record_, error)) return false;
  out = record_.usage_record();
  return true;
}

bool IncomingRecordMessageParser::parse(std::string_view line, Record& out, std::string& error) {
  if (!core::parse_incoming_record_line(line, zones_, record_, error)) return false;
  out.key.assign(record_.msisdn);
  out.value.clear();
  core::append_incoming_record_json(out.value, record_, zones_);
  out.timestamp_ms = record_.recorded_at.epoch_millis();
  return true;
}

bool check_record_line(std::string_view line, std::string& reason) {
  core::TimeZones zones;
  core::IncomingDataRecord record;
  return core::parse_incoming_record_line(line, zones, record, reason);
}

bool check_agreement_line(std::string_view line, std::string& reason) {
  core::TimeZones zones;
  core::Agreement agreement;
  return core::parse_agreement_json(line, zones, agreement, reason);
}

}  // namespace mobilecs::intake
