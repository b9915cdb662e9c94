#include "api/generate_service.h"

#include <fmt/format.h>

#include <vector>

#include "api/api_error.h"
#include "api/incoming_file_writer.h"
#include "store/store_error.h"

namespace mobilecs::api {
namespace {

template <typename Ids>
std::string joined_ids(const Ids& ids) {
  std::vector<std::string> texts;
  for (const auto& id : ids) texts.push_back(id.to_string());
  return fmt::format("{}", fmt::join(texts, ", "));
}

}  // namespace

GenerateService::GenerateService(GenerateConfig config, GenerateTargets targets, AuditTrail* audit)
    : config_(config),
      targets_(std::move(targets)),
      audit_(audit),
      incoming_(config.subscribers),
      data_records_(config.data_record_agreements, config.data_record_months) {}

std::string GenerateService::agreements(const Caller& caller) {
  std::lock_guard lock(mutex_);
  std::vector<core::Agreement> batch;
  for (int i = 0; i < config_.agreements_per_call; ++i) batch.push_back(agreements_.next());
  std::vector<core::Uuid> ids;
  for (const auto& a : batch) ids.push_back(a.id);
  AuditEvent event = new_audit_event(caller, "generate agreements");
  event.target = "agreements";
  event.after = {{"agreements", joined_ids(ids)}};
  try {
    audited(audit_, event, [&] { targets_.publish_agreements(batch); });
  } catch (const ApiError&) {
    throw;
  } catch (const std::exception& e) {
    // The generator moved on; the next call publishes the following agreements. Say so.
    throw ApiError(ErrorKind::kUnavailable,
                   fmt::format("publishing {} generated agreement(s) failed, they are skipped: {}",
                               batch.size(), e.what()));
  }
  return fmt::format("Total number of generated agreements: {}\nAgreements generated in order: {}",
                     batch.size(), joined_ids(ids));
}

std::string GenerateService::incoming_data_records(const Caller& caller) {
  std::lock_guard lock(mutex_);
  WrittenFile file;
  AuditEvent event = new_audit_event(caller, "generate incoming-data-records");
  event.target = targets_.incoming_dir.string();
  event.after = {{"subscribers", config_.subscribers}};
  try {
    file = audited(audit_, event, [&] {
      return write_next_incoming_file(
          incoming_, files::Folder::open(targets_.incoming_dir, targets_.incoming_links));
    });
  } catch (const ApiError&) {
    throw;
  } catch (const std::exception& e) {
    throw ApiError(ErrorKind::kUnavailable, fmt::format("{}; its batch is skipped", e.what()));
  }
  return fmt::format("Total number of generated records: {}\nFile: {}\nMSISDNs generated: {}",
                     file.records, file.path.string(), fmt::join(incoming_.msisdns(), ", "));
}

std::string GenerateService::data_records(const Caller& caller) {
  std::lock_guard lock(mutex_);
  std::vector<core::DataRecord> records;
  const auto ids =
      data_records_.next_batch([&](const core::DataRecord& r) { records.push_back(r); });
  AuditEvent event = new_audit_event(caller, "generate data-records");
  event.target = "data records";
  event.after = {{"records", records.size()}, {"agreements", joined_ids(ids)}};
  try {
    audited(audit_, event, [&] { targets_.store->write(records); });
  } catch (const store::StoreError& e) {
    throw ApiError(ErrorKind::kUnavailable,
                   fmt::format("the data-record store is unavailable: {}", e.what()));
  }
  return fmt::format("Total number of generated records: {}\nAgreements generated in order: {}",
                     records.size(), joined_ids(ids));
}

}  // namespace mobilecs::api
