#pragma once

#include <httplib.h>

#include "api/generate_service.h"

namespace mobilecs::http {

// GET /api/agreements/generate, /api/incoming-data-records/generate and
// /api/data-records/generate: each call generates the next batch (SPEC §4.2, §5).
void add_generate_routes(httplib::Server& server, api::GenerateService& service);

}  // namespace mobilecs::http
