#include "api/data_record_service.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <chrono>

#include "api/api_error.h"
#include "api/data_usage_text.h"
#include "core/model/msisdn.h"
#include "core/time/billing_period.h"
#include "store/store_error.h"

namespace mobilecs::api {
namespace {

template <typename F>
auto calling_store(F&& f) {
  try {
    return f();
  } catch (const store::StoreError& e) {
    throw ApiError(ErrorKind::kUnavailable,
                   fmt::format("the data-record store is unavailable: {}", e.what()));
  }
}

}  // namespace

std::vector<core::DataRecord> DataRecordService::find(const core::Uuid& agreement_id, int year,
                                                      int month) {
  return calling_store([&] { return store_.find(agreement_id, year, month); });
}

std::string DataRecordService::total_data_used(const core::Uuid& agreement_id, int year,
                                               int month) {
  return data_usage_text(
      calling_store([&] { return store_.total_bytes(agreement_id, year, month); }));
}

core::DataRecord DataRecordService::upsert(const core::Uuid& agreement_id,
                                           const UpsertRequest& request, const Caller& caller,
                                           std::string_view action) {
  const auto agreement = calling_store([&] { return store_.find_agreement(agreement_id); });
  if (!agreement) {
    throw ApiError(ErrorKind::kNotFound,
                   fmt::format("no agreement with id {}", agreement_id.to_string()));
  }
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(agreement->billing_period_time_zone);
  } catch (const std::runtime_error&) {
    throw ApiError(ErrorKind::kUnavailable,
                   fmt::format("agreement {} names time zone '{}', unknown to this host's tz "
                               "database; update the tz database",
                               agreement_id.to_string(), agreement->billing_period_time_zone));
  }
  const auto period = core::billing_period_containing(*zone, request.recorded_at);
  // One exact sum everywhere: no record may bring a period's total past what a notification
  // carries (a Java long). The record it replaces, if any, leaves the total.
  const auto existing =
      calling_store([&] { return store_.find(agreement_id, period.year, period.month); });
  core::ByteTotal total = request.recorded_bytes;
  const core::DataRecord* replaced = nullptr;
  for (const core::DataRecord& r : existing) {
    if (r.recorded_at != request.recorded_at ||
        r.internal_record_id != request.internal_record_id) {
      total += r.recorded_bytes;
    } else {
      replaced = &r;
    }
  }
  if (total > core::kMaxNotifiableTotal) {
    throw ApiError(
        ErrorKind::kInvalidInput,
        fmt::format("recordedBytes {} would bring the total of billing period {}-{:02} "
                    "to {} bytes, past 9223372036854775807 (what a notification can "
                    "carry)",
                    request.recorded_bytes, period.year, period.month, core::to_string(total)));
  }
  const core::DataRecord record{agreement_id,
                                static_cast<std::int16_t>(period.year),
                                static_cast<std::int8_t>(period.month),
                                request.recorded_at,
                                request.internal_record_id,
                                request.recorded_bytes};
  AuditEvent event = new_audit_event(caller, std::string(action));
  event.target = {
      {"agreementId", agreement_id.to_string()}, {"year", period.year}, {"month", period.month}};
  event.before = replaced != nullptr ? data_record_to_json(*replaced) : nullptr;
  event.after = data_record_to_json(record);
  const auto started = std::chrono::steady_clock::now();
  audited(audit_, event, [&] {
    calling_store([&] {
      store_.write(std::span(&record, 1));
      return 0;
    });
  });
  if (write_latency_ != nullptr) {
    write_latency_->observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  return record;
}

core::Agreement DataRecordService::agreement(const core::Uuid& id) {
  auto found = calling_store([&] { return store_.find_agreement(id); });
  if (!found) {
    throw ApiError(ErrorKind::kNotFound, fmt::format("no agreement with id {}", id.to_string()));
  }
  return std::move(*found);
}

std::vector<core::Agreement> DataRecordService::agreements_of(std::string_view msisdn) {
  if (std::string problem; !core::MsisdnKey::parse(msisdn, problem)) {
    throw ApiError(ErrorKind::kInvalidInput, problem);
  }
  return calling_store([&] { return store_.find_agreements_by_msisdn(msisdn); });
}

bool DataRecordService::store_reachable() {
  try {
    store_.find_agreement(core::Uuid{});
    return true;
  } catch (const store::StoreError&) {
    return false;
  }
}

}  // namespace mobilecs::api
