#pragma once

#include <string>
#include <vector>

#include "api/audit_trail.h"
#include "api/data_record_json.h"
#include "metrics/registry.h"
#include "store/data_record_store.h"

namespace mobilecs::api {

// What the REST and GraphQL front ends do with data records, over any data-record store.
// Store failures become ApiError(kUnavailable); an unknown agreement is ApiError(kNotFound).
// Thread-safe when the store is.
class DataRecordService {
 public:
  // `write_latency` (optional) observes each store write, in seconds; `audit` (optional)
  // records each change before it is applied.
  explicit DataRecordService(store::DataRecordStore& store,
                             metrics::Histogram* write_latency = nullptr,
                             AuditTrail* audit = nullptr)
      : store_(store), write_latency_(write_latency), audit_(audit) {}

  // The billing period's records, newest first.
  std::vector<core::DataRecord> find(const core::Uuid& agreement_id, int year, int month);
  // The billing period's total as data_usage_text shows it.
  std::string total_data_used(const core::Uuid& agreement_id, int year, int month);
  // Stores the record under the billing period that contains recordedAt in the agreement's own
  // time zone, replacing one with the same key; returns it as stored. The audit trail records
  // who (`caller`) did it through what (`action`), and the record it replaced.
  core::DataRecord upsert(const core::Uuid& agreement_id, const UpsertRequest& request,
                          const Caller& caller, std::string_view action);
  // An agreement, or ApiError (not found).
  core::Agreement agreement(const core::Uuid& id);
  // The agreements of an MSISDN (checked: 1 to 15 digits).
  std::vector<core::Agreement> agreements_of(std::string_view msisdn);
  // Whether the store answers a trivial query.
  bool store_reachable();

 private:
  store::DataRecordStore& store_;
  metrics::Histogram* write_latency_;
  AuditTrail* audit_;
};

}  // namespace mobilecs::api
