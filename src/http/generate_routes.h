#pragma once

#include "api/generate_service.h"
#include "http/router.h"

namespace mobilecs::http {

// GET /api/agreements/generate, /api/incoming-data-records/generate and
// /api/data-records/generate: each call generates the next batch of docs/reference-data.md.
void add_generate_routes(Router& router, api::GenerateService& service);

}  // namespace mobilecs::http
