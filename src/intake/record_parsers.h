#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/model/incoming_data_record.h"
#include "core/time/time_zones.h"

namespace mobilecs::intake {

// A file's lines become records of one of two kinds, by the pipeline that reads them: the
// usage records `run` matches and sums, or the messages the importer forwards to Kafka.

// For the processor: what matching and summing need, no text.
class UsageRecordParser {
 public:
  using Record = core::UsageRecord;
  bool parse(std::string_view line, Record& out, std::string& error);

 private:
  core::TimeZones zones_;
  core::IncomingDataRecord record_;
};

// A record as the incoming-data-records topic carries it (docs/formats.md).
struct IncomingRecordMessage {
  std::string key;                // the MSISDN, as written
  std::string value;              // the JSON object
  std::int64_t timestamp_ms = 0;  // the record's event time
};

class IncomingRecordMessageParser {
 public:
  using Record = IncomingRecordMessage;
  bool parse(std::string_view line, Record& out, std::string& error);

 private:
  core::TimeZones zones_;
  core::IncomingDataRecord record_;
};

// Whether a line of an incoming data record file, or of an agreements file, is good; for the
// rejected-lines report of a file set aside.
bool check_record_line(std::string_view line, std::string& reason);
bool check_agreement_line(std::string_view line, std::string& reason);

}  // namespace mobilecs::intake
