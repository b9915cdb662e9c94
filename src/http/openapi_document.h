#pragma once

#include <nlohmann/json.hpp>

#include "http/router.h"

namespace mobilecs::http {

// The OpenAPI 3 description of the REST endpoints, served at GET /api/openapi.json. Each
// parameter and body carries an example; a test calls every documented operation with them
// and checks the answer against the documented statuses and media types.
nlohmann::ordered_json openapi_document();

void add_openapi_route(Router& router);

}  // namespace mobilecs::http
