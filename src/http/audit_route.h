#pragma once

#include "api/audit_trail.h"
#include "http/router.h"

namespace mobilecs::http {

// GET /api/audit?limit=N (admin): the latest audit events, oldest first, as a JSON array.
void add_audit_route(Router& router, const api::AuditTrail& audit);

}  // namespace mobilecs::http
