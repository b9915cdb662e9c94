#pragma once

#include <deque>
#include <map>
#include <string>

#include "core/processing/usage_processor.h"
#include "core/time/zoned_date_time.h"

namespace mobilecs::core::testing {

// Builds agreements and records from text, keeping the text alive for the records' views.
class Inputs {
 public:
  Agreement agreement(std::uint8_t id, std::string msisdn, std::string_view service_start_at,
                      std::int64_t max_bytes, std::string zone = "Europe/Warsaw",
                      std::string_view signed_at = "2019-12-01T00:00Z") {
    Agreement a;
    a.id.bytes[15] = id;
    a.msisdn = std::move(msisdn);
    parse(signed_at, a.signed_at);
    parse(service_start_at, a.service_start_at);
    a.billing_period_time_zone = std::move(zone);
    a.max_bytes_in_billing_period = max_bytes;
    return a;
  }

  IncomingDataRecord record(std::uint8_t id, std::string msisdn, std::string recorded_at,
                            std::int64_t bytes) {
    IncomingDataRecord r;
    r.internal_id.bytes[0] = 0xd0;
    r.internal_id.bytes[15] = id;
    r.msisdn = text_.emplace_back(std::move(msisdn));
    r.msisdn_key = MsisdnKey::parse(r.msisdn)->packed();
    r.recorded_at_text = text_.emplace_back(std::move(recorded_at));
    ZonedDateTime t;
    parse(r.recorded_at_text, t);
    r.recorded_at = t.instant;
    r.recorded_bytes = bytes;
    r.external_id = "ext";
    return r;
  }

  static Uuid record_id(std::uint8_t id) {
    Uuid u;
    u.bytes[0] = 0xd0;
    u.bytes[15] = id;
    return u;
  }
  static Uuid agreement_id(std::uint8_t id) {
    Uuid u;
    u.bytes[15] = id;
    return u;
  }

 private:
  void parse(std::string_view text, ZonedDateTime& out) {
    std::string error;
    if (!parse_zoned_date_time(text, zones_, out, error)) {
      throw std::invalid_argument(error);
    }
  }
  TimeZones zones_;
  std::deque<std::string> text_;
};

// Collects state changes as a store would hold them.
class MapStateSink : public StateChangeSink {
 public:
  void put(PartitionId, std::string_view key, std::string_view value) override {
    entries[std::string(key)] = std::string(value);
  }
  void erase(PartitionId, std::string_view key) override { entries.erase(std::string(key)); }
  std::map<std::string, std::string> entries;
};

}  // namespace mobilecs::core::testing
