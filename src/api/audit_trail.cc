#include "api/audit_trail.h"

#include <fmt/format.h>
#include <sys/random.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <system_error>

#include "api/api_error.h"
#include "core/ids/uuid.h"
#include "files/last_lines.h"

namespace mobilecs::api {
namespace {

// A version 4 (random) UUID.
std::string random_uuid() {
  core::Uuid id;
  if (::getrandom(id.bytes.data(), id.bytes.size(), 0) != static_cast<ssize_t>(id.bytes.size())) {
    throw std::runtime_error("no randomness for an id");
  }
  id.bytes[6] = static_cast<std::uint8_t>((id.bytes[6] & 0x0f) | 0x40);
  id.bytes[8] = static_cast<std::uint8_t>((id.bytes[8] & 0x3f) | 0x80);
  return id.to_string();
}

}  // namespace

std::string audit_event_json(const AuditEvent& e) {
  nlohmann::ordered_json json;
  json["id"] = e.id;
  json["at"] = e.at_ms;
  json["subject"] = e.caller.principal.subject;
  json["credential"] = e.caller.principal.kind_name();
  json["from"] = e.caller.address;
  json["action"] = e.action;
  if (!e.failed_event.empty()) {
    json["failedEvent"] = e.failed_event;
    json["reason"] = e.reason;
    return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
  json["target"] = e.target;
  json["before"] = e.before;
  json["after"] = e.after;
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

AuditEvent new_audit_event(const Caller& caller, std::string action) {
  AuditEvent e;
  e.id = random_uuid();
  e.at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  e.caller = caller;
  e.action = std::move(action);
  return e;
}

AuditEvent failure_of(const AuditEvent& event, std::string reason) {
  AuditEvent failure = new_audit_event(event.caller, event.action);
  failure.failed_event = event.id;
  failure.reason = std::move(reason);
  return failure;
}

void record_before_change(AuditTrail* trail, const AuditEvent& event) {
  if (trail == nullptr) return;
  try {
    trail->record(event);
  } catch (const std::exception& e) {
    throw ApiError(
        ErrorKind::kUnavailable,
        fmt::format("the change was not made: its audit event cannot be recorded ({})", e.what()));
  }
}

FileAuditTrail::FileAuditTrail(const files::Folder& folder, std::string name)
    : folder_(folder), name_(std::move(name)) {}

void FileAuditTrail::record(const AuditEvent& event) {
  const std::string line = audit_event_json(event) + "\n";
  std::lock_guard lock(mutex_);
  const files::UniqueFd fd = folder_.open_for_appending(name_);
  const off_t before = ::lseek(fd.get(), 0, SEEK_END);
  const auto fail = [&](const char* what) {
    const int error = errno;
    if (before >= 0 && ::ftruncate(fd.get(), before) != 0) {
      // The torn line stays; recent() skips what is not an event.
    }
    throw std::filesystem::filesystem_error(what, folder_ / name_,
                                            std::error_code(error, std::generic_category()));
  };
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd.get(), line.data() + written, line.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot append the audit event to");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) fail("cannot sync");
  if (!synced_folder_) {
    folder_.sync();
    synced_folder_ = true;
  }
}

std::vector<std::string> FileAuditTrail::recent(std::size_t limit) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> events = files::last_lines(folder_ / name_, limit);
  std::erase_if(events, [](const std::string& line) { return !nlohmann::json::accept(line); });
  return events;
}

}  // namespace mobilecs::api
