#pragma once

#include "api/data_record_service.h"
#include "http/router.h"

namespace mobilecs::http {

// GET /api/data-records/{agreementId}/{year}/{month}, .../total-data-used and
// PUT /api/data-records/{agreementId} (docs/http-api.md).
void add_data_record_routes(Router& router, api::DataRecordService& service);

}  // namespace mobilecs::http
