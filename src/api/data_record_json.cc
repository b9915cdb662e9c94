#include "api/data_record_json.h"

#include <fmt/format.h>

#include <charconv>
#include <limits>

#include "api/api_error.h"
#include "core/codec/json_writer.h"
#include "core/time/time_zones.h"
#include "core/time/zoned_date_time.h"

namespace mobilecs::api {
namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

const nlohmann::ordered_json& field(const nlohmann::ordered_json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end()) throw invalid_input(fmt::format("field '{}' is missing", name));
  return *it;
}

long long parse_number(std::string_view text, const char* name) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw invalid_input(fmt::format("{} '{}' is not a whole number", name, text));
  }
  return value;
}

}  // namespace

std::string api_date_time_text(core::EpochMillis t) {
  // Formatted by hand rather than by date::format: a month of records is 744 of these per
  // request, and iostreams cost more than the rest of the JSON.
  const core::Instant instant = core::Instant::from_epoch_millis(t);
  const core::LocalDateTime utc = core::local_date_time_at(instant.epoch_second, instant.nano);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}+00:00", utc.year, utc.month,
                     utc.day, utc.hour, utc.minute, utc.second, utc.nano / 1'000'000);
}

nlohmann::ordered_json data_record_to_json(const core::DataRecord& r) {
  nlohmann::ordered_json key;
  key["agreementId"] = r.agreement_id.to_string();
  key["year"] = r.year;
  key["month"] = r.month;
  key["recordedAt"] = api_date_time_text(r.recorded_at);
  key["internalRecordId"] = r.internal_record_id.to_string();
  nlohmann::ordered_json out;
  out["key"] = std::move(key);
  out["recordedBytes"] = r.recorded_bytes;
  return out;
}

void append_data_record_json(std::string& out, const core::DataRecord& r) {
  out.append(R"({"key":)");
  core::JsonObjectWriter key(out);
  key.field("agreementId", r.agreement_id.to_string())
      .field("year", static_cast<std::int64_t>(r.year))
      .field("month", static_cast<std::int64_t>(r.month))
      .field("recordedAt", api_date_time_text(r.recorded_at))
      .field("internalRecordId", r.internal_record_id.to_string());
  key.close();
  out.append(R"(,"recordedBytes":)");
  out.append(std::to_string(r.recorded_bytes));
  out.push_back('}');
}

std::string data_records_json(std::span<const core::DataRecord> records) {
  std::string out;
  out.reserve(records.size() * 210 + 2);
  out.push_back('[');
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_data_record_json(out, records[i]);
  }
  out.push_back(']');
  return out;
}

UpsertRequest upsert_request_from_json(const nlohmann::ordered_json& body) {
  if (!body.is_object()) throw invalid_input("the body must be a JSON object");
  for (const auto& [name, value] : body.items()) {
    if (name != "recordedAt" && name != "internalRecordId" && name != "recordedBytes") {
      throw invalid_input(fmt::format(
          "unknown field '{}' (expected recordedAt, internalRecordId, recordedBytes)", name));
    }
  }
  UpsertRequest request;

  const auto& recorded_at = field(body, "recordedAt");
  if (!recorded_at.is_string()) throw invalid_input("field 'recordedAt' must be a string");
  core::TimeZones zones;
  core::ParsedDateTime parsed;
  std::string error;
  if (!core::parse_date_time(recorded_at.get_ref<const std::string&>(), zones, parsed, error)) {
    throw invalid_input(fmt::format("field 'recordedAt': {}", error));
  }
  request.recorded_at = parsed.instant.epoch_millis();

  const auto& id = field(body, "internalRecordId");
  if (!id.is_string()) throw invalid_input("field 'internalRecordId' must be a string");
  const auto uuid = core::Uuid::parse(id.get_ref<const std::string&>());
  if (!uuid) {
    throw invalid_input(fmt::format("field 'internalRecordId' is not a UUID: '{}'",
                                    id.get_ref<const std::string&>()));
  }
  request.internal_record_id = *uuid;

  const auto& bytes = field(body, "recordedBytes");
  if (!bytes.is_number_integer())
    throw invalid_input("field 'recordedBytes' must be a whole number");
  if (bytes.is_number_unsigned() &&
      bytes.get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw invalid_input("field 'recordedBytes' does not fit in 64 bits");
  }
  request.recorded_bytes = bytes.get<std::int64_t>();
  if (request.recorded_bytes < 0) throw invalid_input("field 'recordedBytes' must not be negative");
  return request;
}

UpsertRequest parse_upsert_request(std::string_view body) {
  nlohmann::ordered_json json;
  try {
    json = nlohmann::ordered_json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    throw invalid_input(fmt::format("the body is not valid JSON: {}", e.what()));
  }
  return upsert_request_from_json(json);
}

core::Uuid parse_agreement_id(std::string_view text) {
  const auto id = core::Uuid::parse(text);
  if (!id) throw invalid_input(fmt::format("agreementId '{}' is not a UUID", text));
  return *id;
}

void check_year(long long year) {
  if (year < kMinYear || year > kMaxYear) {
    throw invalid_input(fmt::format("year {} is out of range ({}..{})", year, kMinYear, kMaxYear));
  }
}

void check_month(long long month) {
  if (month < 1 || month > 12) {
    throw invalid_input(fmt::format("month {} is out of range (1..12)", month));
  }
}

int parse_year(std::string_view text) {
  const long long year = parse_number(text, "year");
  check_year(year);
  return static_cast<int>(year);
}

int parse_month(std::string_view text) {
  const long long month = parse_number(text, "month");
  check_month(month);
  return static_cast<int>(month);
}

PeriodQuery parse_period_query(std::string_view agreement_id, std::string_view year,
                               std::string_view month) {
  const core::Uuid id = parse_agreement_id(agreement_id);
  const int y = parse_year(year);
  return PeriodQuery{id, y, parse_month(month)};
}

PeriodQuery period_query(std::string_view agreement_id, long long year, long long month) {
  const core::Uuid id = parse_agreement_id(agreement_id);
  check_year(year);
  check_month(month);
  return PeriodQuery{id, static_cast<int>(year), static_cast<int>(month)};
}

}  // namespace mobilecs::api
