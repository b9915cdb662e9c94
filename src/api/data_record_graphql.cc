#include "api/data_record_graphql.h"

#include "api/graphql_fields.h"
#include "api/usage_alert_graphql.h"

namespace mobilecs::api {
namespace {

using graphql::FieldDefinition;
using graphql::InputValueDefinition;
using graphql::Json;
using graphql::TypeDefinition;
using graphql::TypeKind;
using graphql::TypeRef;

// The scopes of docs/security.md, as the schema's fields require them.
constexpr const char* kRead = "usage:read";
constexpr const char* kWrite = "usage:write";

}  // namespace

void define_data_record_schema(graphql::Schema& schema, DataRecordService& service,
                               const NotificationFeed& alerts) {
  schema.add_type({TypeKind::kScalar,
                   "Long",
                   "A 64-bit signed integer, as a JSON number (input also as a string of digits).",
                   {},
                   {},
                   {}});

  TypeDefinition key{TypeKind::kObject,
                     "DataRecordKey",
                     "The primary key of a data record: billing period, time and id.",
                     {},
                     {},
                     {}};
  key.fields = {
      field("agreementId", "ID!", "The agreement the record was matched to."),
      field("year", "Int!", "Year of the billing period, in the agreement's zone."),
      field("month", "Int!", "Month of the billing period, 1..12."),
      field("recordedAt", "String!", "When it was recorded: 2020-01-01T23:00:00.000+00:00."),
      field("internalRecordId", "ID!", "The record's internal id.")};
  schema.add_type(std::move(key));

  TypeDefinition record{TypeKind::kObject, "DataRecord", "A stored usage record.", {}, {}, {}};
  record.fields = {field("key", "DataRecordKey!", "Where the record is filed."),
                   field("recordedBytes", "Long!", "Bytes used.")};
  schema.add_type(std::move(record));

  TypeDefinition upsert{TypeKind::kInputObject,
                        "DataRecordUpsertRequest",
                        "A record to store for an agreement.",
                        {},
                        {},
                        {}};
  upsert.input_fields = {
      input(
          "recordedAt", "String!",
          "ISO-8601 with an offset, optionally a [region]: 2020-01-02T00:00+01:00[Europe/Warsaw]"),
      input("internalRecordId", "ID!", "A UUID."),
      input("recordedBytes", "Long!", "Bytes used, >= 0.")};
  schema.add_type(std::move(upsert));

  const std::vector<InputValueDefinition> period_args{
      input("agreementId", "ID!", "The agreement (a UUID)."),
      input("year", "Int!", "Year of the billing period."),
      input("month", "Int!", "Month of the billing period, 1..12.")};
  TypeDefinition query{TypeKind::kObject, "Query", "", {}, {}, {}};
  query.fields = {
      FieldDefinition{"findDataRecords", TypeRef::parse("[DataRecord]!"),
                      "The billing period's records, newest first.", period_args,
                      [&service](const Json&, const Json& args, const std::any&) {
                        return calling_service([&] {
                          const PeriodQuery p = period_of(args);
                          Json out = Json::array();
                          for (const auto& r : service.find(p.agreement_id, p.year, p.month)) {
                            out.push_back(data_record_to_json(r));
                          }
                          return out;
                        });
                      },
                      kRead},
      FieldDefinition{"getTotalDataUsage", TypeRef::parse("String!"),
                      "The billing period's total in B, KB, MB and GB, one per line.", period_args,
                      [&service](const Json&, const Json& args, const std::any&) {
                        return calling_service([&] {
                          const PeriodQuery p = period_of(args);
                          return Json(service.total_data_used(p.agreement_id, p.year, p.month));
                        });
                      },
                      kRead},
      usage_alerts_field(alerts)};
  add_usage_alert_types(schema);
  schema.add_type(std::move(query));

  TypeDefinition mutation{TypeKind::kObject, "Mutation", "", {}, {}, {}};
  mutation.fields = {FieldDefinition{
      "upsertDataRecord",
      TypeRef::parse("DataRecord!"),
      "Stores a record under the billing period of recordedAt in the agreement's time zone, "
      "replacing one with the same key.",
      {input("agreementId", "String!", "The agreement (a UUID)."),
       input("upsertRequest", "DataRecordUpsertRequest!", "The record.")},
      [&service](const Json&, const Json& args, const std::any& context) {
        return calling_service([&] {
          const auto id = parse_agreement_id(args["agreementId"].get<std::string>());
          const auto request = upsert_request_from_json(args["upsertRequest"]);
          return Json(data_record_to_json(service.upsert(
              id, request, std::any_cast<const Caller&>(context), "upsertDataRecord")));
        });
      },
      kWrite}};
  schema.add_type(std::move(mutation));
  schema.set_query_type("Query");
  schema.set_mutation_type("Mutation");
}

}  // namespace mobilecs::api
