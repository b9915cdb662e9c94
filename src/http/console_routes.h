#pragma once

#include "api/data_record_service.h"
#include "api/notification_feed.h"
#include "api/pipeline_monitor.h"
#include "http/event_stream.h"
#include "http/router.h"

namespace mobilecs::http {

// What the web console needs besides the API of docs/http-api.md:
//   GET /api/agreements/{id}, GET /api/agreements?msisdn=...      agreement lookup
//   GET /api/notifications?type=&agreementId=&year=&month=&limit= notification history
//   GET /api/notifications/stream                                 the live feed (Server-Sent
//       Events, events "notification" and "alert", id = sequence; Last-Event-ID or ?after=
//       resumes)
//   GET /api/alerts?...                    usage alerts, filtered as the notifications
//   GET /api/usage/{agreementId}/{year}/{month}
//                                          a period's usage, its policy, thresholds and forecast
//   GET /api/pipeline                      the roles and their counters
//   GET / and the console's files (the single-page app, built into the binary)
void add_console_routes(Router& router, api::DataRecordService& records,
                        api::NotificationFeed& notifications, api::PipelineMonitor& pipeline,
                        const core::UsagePolicy* usage_policy);

}  // namespace mobilecs::http
