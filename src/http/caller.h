#pragma once

#include "api/audit_trail.h"
#include "http/message.h"

namespace mobilecs::http {

// Who sent an authenticated request, as the audit trail records it.
inline api::Caller caller_of(const Request& request) {
  return api::Caller{request.principal.value_or(auth::Principal{}), request.remote_address};
}

}  // namespace mobilecs::http
