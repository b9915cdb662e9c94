#include "core/codec/agreement_json.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/codec/json_writer.h"
#include "core/codec/usage_policy_json.h"
#include "core/model/msisdn.h"

namespace mobilecs::core {
namespace {

using nlohmann::json;

bool string_field(const json& object, const char* name, std::string& value, std::string& error) {
  const auto it = object.find(name);
  if (it == object.end()) {
    error = fmt::format("agreement field '{}' is missing", name);
    return false;
  }
  if (!it->is_string()) {
    error = fmt::format("agreement field '{}' must be a string, not {}", name, it->type_name());
    return false;
  }
  value = it->get<std::string>();
  return true;
}

bool date_time_field(const json& object, const char* name, TimeZones& zones, ZonedDateTime& value,
                     std::string& error) {
  std::string text;
  if (!string_field(object, name, text, error)) {
    return false;
  }
  if (!parse_zoned_date_time(text, zones, value, error)) {
    error = fmt::format("agreement field '{}': {}", name, error);
    return false;
  }
  return true;
}

}  // namespace

std::string agreement_to_json(const Agreement& agreement) {
  std::string out;
  out.reserve(256);
  JsonObjectWriter writer(out);
  writer.field("id", agreement.id.to_string())
      .field("msisdn", agreement.msisdn)
      .field("signedAt", to_string(agreement.signed_at))
      .field("serviceStartAt", to_string(agreement.service_start_at))
      .field("billingPeriodTimeZone", agreement.billing_period_time_zone)
      .field("maxBytesInBillingPeriod", agreement.max_bytes_in_billing_period);
  if (agreement.usage_policy) {
    writer.raw_field("usagePolicy", usage_policy_to_json(*agreement.usage_policy));
  }
  writer.close();
  return out;
}

bool parse_agreement_json(std::string_view text, TimeZones& zones, Agreement& out,
                          std::string& error) {
  json object;
  try {
    object = json::parse(text);
  } catch (const json::parse_error& e) {
    error = fmt::format("agreement is not valid JSON: {}", e.what());
    return false;
  }
  if (!object.is_object()) {
    error = fmt::format("agreement must be a JSON object, not {}", object.type_name());
    return false;
  }
  std::string id;
  if (!string_field(object, "id", id, error)) {
    return false;
  }
  const auto uuid = Uuid::parse(id);
  if (!uuid) {
    error = fmt::format("agreement field 'id' is not a UUID: '{}'", id);
    return false;
  }
  out.id = *uuid;
  if (!string_field(object, "msisdn", out.msisdn, error)) {
    return false;
  }
  if (!MsisdnKey::parse(out.msisdn, error)) {
    error = "agreement field " + error;
    return false;
  }
  if (!date_time_field(object, "signedAt", zones, out.signed_at, error) ||
      !date_time_field(object, "serviceStartAt", zones, out.service_start_at, error) ||
      !string_field(object, "billingPeriodTimeZone", out.billing_period_time_zone, error)) {
    return false;
  }
  if (zones.find(out.billing_period_time_zone) == nullptr) {
    error = fmt::format(
        "agreement field 'billingPeriodTimeZone': unknown time zone '{}' (expected an IANA id "
        "such as Europe/Warsaw)",
        out.billing_period_time_zone);
    return false;
  }
  const auto max_bytes = object.find("maxBytesInBillingPeriod");
  if (max_bytes == object.end()) {
    error = "agreement field 'maxBytesInBillingPeriod' is missing";
    return false;
  }
  if (max_bytes->is_number_unsigned() &&
      max_bytes->get<std::uint64_t>() <=
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    out.max_bytes_in_billing_period = max_bytes->get<std::int64_t>();
  } else {
    error = fmt::format(
        "agreement field 'maxBytesInBillingPeriod' must be a whole number of bytes from 0 to {}, "
        "not {}",
        std::numeric_limits<std::int64_t>::max(), max_bytes->dump());
    return false;
  }
  out.usage_policy.reset();
  if (const auto policy = object.find("usagePolicy"); policy != object.end()) {
    UsagePolicy parsed;
    if (!parse_usage_policy(*policy, parsed, error)) {
      error = "agreement field 'usagePolicy': " + error;
      return false;
    }
    out.usage_policy = std::move(parsed);
  }
  return true;
}

}  // namespace mobilecs::core
