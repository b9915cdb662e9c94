#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "core/ids/uuid.h"
#include "core/model/data_record.h"
#include "core/time/instant.h"

namespace mobilecs::api {

// `2020-01-01T23:00:00.000+00:00`: how the API shows recordedAt (the reference's Jackson form).
std::string api_date_time_text(core::EpochMillis t);

// {"key":{"agreementId","year","month","recordedAt","internalRecordId"},"recordedBytes"}.
nlohmann::ordered_json data_record_to_json(const core::DataRecord& record);

// The body of an upsert: {"recordedAt","internalRecordId","recordedBytes"}.
struct UpsertRequest {
  core::EpochMillis recorded_at = 0;
  core::Uuid internal_record_id;
  std::int64_t recorded_bytes = 0;
};

// The same as data_record_to_json(...).dump(), written directly (a month of records is 744 of
// them per request), and a list of them as a JSON array.
void append_data_record_json(std::string& out, const core::DataRecord& record);
std::string data_records_json(std::span<const core::DataRecord> records);

// Reads and checks an upsert body; throws ApiError (invalid input) naming the first problem:
// not an object, a missing, extra or mistyped field, a bad date-time or UUID, negative bytes.
UpsertRequest upsert_request_from_json(const nlohmann::ordered_json& body);
UpsertRequest parse_upsert_request(std::string_view body);

// Path and argument checks, throwing ApiError (invalid input) that names the parameter.
core::Uuid parse_agreement_id(std::string_view text);
int parse_year(std::string_view text);
int parse_month(std::string_view text);
void check_year(long long year);
void check_month(long long month);

// A billing period of one agreement, as the find and total-data-used requests name it.
struct PeriodQuery {
  core::Uuid agreement_id;
  int year = 0;
  int month = 0;
};
// From the texts of a REST path, or the typed arguments of a GraphQL field; throws ApiError
// (invalid input) naming the first bad parameter.
PeriodQuery parse_period_query(std::string_view agreement_id, std::string_view year,
                               std::string_view month);
PeriodQuery period_query(std::string_view agreement_id, long long year, long long month);

}  // namespace mobilecs::api
