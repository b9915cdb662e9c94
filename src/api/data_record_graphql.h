#pragma once

#include "api/data_record_service.h"
#include "api/notification_feed.h"
#include "graphql/schema.h"

namespace mobilecs::api {

// The GraphQL schema of docs/http-api.md over `service`:
//   scalar Long   (recordedBytes: 64 bits; the reference's `Int` lost precision above 2^31)
//   type DataRecordKey { agreementId: ID!, year: Int!, month: Int!, recordedAt: String!,
//                        internalRecordId: ID! }
//   type DataRecord { key: DataRecordKey!, recordedBytes: Long! }
//   input DataRecordUpsertRequest { recordedAt: String!, internalRecordId: ID!,
//                                   recordedBytes: Long! }
//   type Query { findDataRecords(agreementId: ID!, year: Int!, month: Int!): [DataRecord]!
//                getTotalDataUsage(agreementId: ID!, year: Int!, month: Int!): String!
//                alerts(agreementId: ID!, year: Int!, month: Int!): [UsageAlert]! }
//   (UsageAlert: api/usage_alert_graphql.h, over the usage alerts `alerts` holds)
//   type Mutation { upsertDataRecord(agreementId: String!,
//                                    upsertRequest: DataRecordUpsertRequest!): DataRecord! }
// Service errors become GraphQL errors with extensions.code BAD_USER_INPUT, NOT_FOUND or
// UNAVAILABLE. The queries require the permission "usage:read", the mutation "usage:write"
// (graphql::ExecutionOptions::permits); the execution's context is the api::Caller.
void define_data_record_schema(graphql::Schema& schema, DataRecordService& service,
                               const NotificationFeed& alerts);

}  // namespace mobilecs::api
