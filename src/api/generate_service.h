#pragma once

#include <filesystem>
#include <functional>
#include <mutex>
#include <span>
#include <string>

#include "api/audit_trail.h"
#include "core/model/agreement.h"
#include "files/folder.h"
#include "generator/agreements_generator.h"
#include "generator/data_records_generator.h"
#include "generator/incoming_records_generator.h"
#include "store/data_record_store.h"

namespace mobilecs::api {

struct GenerateConfig {
  int agreements_per_call = 1;     // agreements published per call
  int subscribers = 1;             // subscribers in each incoming file
  int data_record_agreements = 1;  // agreements each data-record batch covers
  int data_record_months = 1;      // months each data-record batch covers
};

// Where generated data goes: the agreements to the pipeline's input (the Kafka topic, or the
// embedded agreements folder), incoming files to the incoming folder, data records to the store.
struct GenerateTargets {
  std::function<void(std::span<const core::Agreement>)> publish_agreements;
  std::filesystem::path incoming_dir;
  store::DataRecordStore* store = nullptr;
  files::FolderLinks incoming_links = files::FolderLinks::kRefuse;
};

// The generate endpoints (docs/http-api.md): each call yields the next batch of the reference
// sequences of docs/reference-data.md, continuing across calls, and answers with a text summary.
// Calls are serialized, so concurrent callers get successive batches.
class GenerateService {
 public:
  // `audit` (optional) records each call before it writes anything.
  GenerateService(GenerateConfig config, GenerateTargets targets, AuditTrail* audit = nullptr);

  std::string agreements(const Caller& caller);
  std::string incoming_data_records(const Caller& caller);
  std::string data_records(const Caller& caller);

 private:
  GenerateConfig config_;
  GenerateTargets targets_;
  AuditTrail* audit_;
  std::mutex mutex_;
  generator::AgreementsGenerator agreements_;
  generator::IncomingRecordsGenerator incoming_;
  generator::DataRecordsGenerator data_records_;
};

}  // namespace mobilecs::api
