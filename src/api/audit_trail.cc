#include "api/audit_trail.h"

#include <fmt/format.h>
#include <sys/random.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <system_error>

#include "api/api_error.h"
#include "files/last_lines.h"

namespace mobilecs::api {
namespace {

// A version 4 (random) UUID.
std::string random_uuid() {
  unsigned char b[16];
  if (::getrandom(b, sizeof b, 0) != sizeof b) throw std::runtime_error("no randomness for an id");
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  return fmt::format(
      "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-"
      "{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
      b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
      b[15]);
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
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd.get(), line.data() + written, line.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::filesystem::filesystem_error("cannot append the audit event to", folder_ / name_,
                                              std::error_code(errno, std::generic_category()));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) {
    throw std::filesystem::filesystem_error("cannot sync", folder_ / name_,
                                            std::error_code(errno, std::generic_category()));
  }
}

std::vector<std::string> FileAuditTrail::recent(std::size_t limit) const {
  return files::last_lines(folder_ / name_, limit);
}

}  // namespace mobilecs::api
