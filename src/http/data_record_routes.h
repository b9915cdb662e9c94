#pragma once

#include <httplib.h>

#include "api/data_record_service.h"

namespace mobilecs::http {

// GET /api/data-records/{agreementId}/{year}/{month}[/total-data-used] and
// PUT /api/data-records/{agreementId} (SPEC §4.2).
void add_data_record_routes(httplib::Server& server, api::DataRecordService& service);

}  // namespace mobilecs::http
