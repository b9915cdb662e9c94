#pragma once

#include "api/notification_feed.h"
#include "graphql/schema.h"

namespace mobilecs::api {

// Usage alerts in the GraphQL schema (docs/http-api.md):
//   type AlertThreshold { percentOfPlan: Int, bytes: Long, overPlanStep: Long }
//   type UsageAlert { agreementId: ID!, year: Int!, month: Int!, type: String!,
//                     threshold: AlertThreshold, thresholdBytes: Long!, totalRecordedBytes: Long!,
//                     maxBytesInBillingPeriod: Long!, latestRecordedAt: String!,
//                     latestInternalRecordId: ID!, billingPeriodTimeZone: String!,
//                     projectedExhaustionAt: String, projectedPeriodTotalBytes: Long,
//                     daysLeft: Long, timestamp: Long! }
// Adds the types; usage_alerts_field is the query
//   alerts(agreementId: ID!, year: Int!, month: Int!): [UsageAlert]!
// over the alerts `feed` holds, newest first ("usage:read").
void add_usage_alert_types(graphql::Schema& schema);
graphql::FieldDefinition usage_alerts_field(const NotificationFeed& feed);

}  // namespace mobilecs::api
