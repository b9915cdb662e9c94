#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "files/folder.h"

namespace mobilecs::api {

// Who asks for a change, as the audit trail records it.
struct Caller {
  auth::Principal principal;
  std::string address;  // the client's IP address
};

// One change asked for through the API (docs/security.md, "Audit trail").
struct AuditEvent {
  std::string id;      // a fresh UUID
  std::int64_t at_ms;  // when it was asked for
  Caller caller;
  std::string action;  // "PUT /api/data-records", "upsertDataRecord", "generate agreements", ...
  nlohmann::ordered_json target;  // what it changes (an agreement's period, a folder, ...)
  nlohmann::ordered_json before;  // the value it replaces; null when there was none
  nlohmann::ordered_json after;   // the value asked for
  // Set on the event that follows when the change failed after its event was recorded.
  std::string failed_event;  // the id of the event whose change failed
  std::string reason;        // why it failed
};

// The event as one JSON line (no line end).
std::string audit_event_json(const AuditEvent& event);
// An event for `action` by `caller`, with a fresh id and the current time.
AuditEvent new_audit_event(const Caller& caller, std::string action);
// The event saying that `event`'s change failed.
AuditEvent failure_of(const AuditEvent& event, std::string reason);

// Where audit events go. An event is recorded before its change is applied, and the change is
// applied only if that succeeded: no change goes unrecorded. A change that fails afterwards is
// followed by a failure event naming the first.
class AuditTrail {
 public:
  virtual ~AuditTrail() = default;
  // Records `event` durably; throws (std::exception) if it cannot.
  virtual void record(const AuditEvent& event) = 0;
  // The latest events as JSON lines, oldest first, at most `limit`.
  virtual std::vector<std::string> recent(std::size_t limit) const = 0;
};

// The embedded trail: `audit.jsonl` in the data folder, one event a line, each synced to disk
// before its change is applied. A write cut short (a full disk) is taken back, so the file holds
// whole lines only.
class FileAuditTrail : public AuditTrail {
 public:
  // `folder` must outlive the trail.
  FileAuditTrail(const files::Folder& folder, std::string name);
  void record(const AuditEvent& event) override;
  std::vector<std::string> recent(std::size_t limit) const override;

 private:
  const files::Folder& folder_;
  std::string name_;
  mutable std::mutex mutex_;
  bool synced_folder_ = false;  // the file's entry in the folder is durable
};

// Records `event` in `trail` (if any); if it cannot, throws ApiError (unavailable): the change
// must not be made.
void record_before_change(AuditTrail* trail, const AuditEvent& event);

// Runs `apply` (the change `event` asks for) once `event` is recorded; records its failure if
// it throws, and rethrows. Without a trail, just runs `apply`.
template <typename Apply>
auto audited(AuditTrail* trail, const AuditEvent& event, Apply&& apply) {
  record_before_change(trail, event);
  try {
    return apply();
  } catch (const std::exception& e) {
    if (trail != nullptr) {
      try {
        trail->record(failure_of(event, e.what()));
      } catch (const std::exception&) {
        // The change did not happen; its first event stands, the failure is in the log.
      }
    }
    throw;
  }
}

}  // namespace mobilecs::api
