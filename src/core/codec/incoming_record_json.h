#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "core/model/incoming_data_record.h"
#include "core/time/time_zones.h"

namespace mobilecs::core {

// The value of an `incoming-data-records` message (docs/formats.md §3), compact, fields in order:
// externalId, recordedAt (as ZonedDateTime.toString() prints it), msisdn, recordedBytes,
// internalId. Appends to `out`.
void append_incoming_record_json(std::string& out, const IncomingDataRecord& record,
                                 TimeZones& zones);

// Reads such a value (any JSON object with those fields; unknown fields are ignored). The text
// fields of `out` point into the parser, valid until its next parse. On failure returns false
// with `error` naming the problem.
class IncomingRecordJsonParser {
 public:
  bool parse(std::string_view json, TimeZones& zones, IncomingDataRecord& out, std::string& error);

 private:
  simdjson::dom::parser parser_;
};

}  // namespace mobilecs::core
