#include "http/openapi_document.h"

namespace mobilecs::http {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kAgreementExample = "0b12c601-9287-3f5c-a78c-df508fe0f889";

Json ref(const char* schema) {
  return Json{{"$ref", std::string("#/components/schemas/") + schema}};
}

Json content(const char* media_type, Json schema) {
  return Json{{media_type, Json{{"schema", std::move(schema)}}}};
}

Json response(const char* description, const char* media_type, Json schema) {
  return Json{{"description", description}, {"content", content(media_type, std::move(schema))}};
}

Json error_response(const char* description) {
  return response(description, "application/json", ref("Error"));
}

Json text() { return Json{{"type", "string"}}; }

Json path_parameter(const char* name, Json schema, Json example, const char* description) {
  return Json{{"name", name},     {"in", "path"},       {"required", true},
              {"schema", schema}, {"example", example}, {"description", description}};
}

Json period_parameters() {
  return Json::array(
      {path_parameter("agreementId", Json{{"type", "string"}, {"format", "uuid"}},
                      kAgreementExample, "The agreement"),
       path_parameter("year", Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 9999}}, 2020,
                      "Year of the billing period (the agreement's time zone)"),
       path_parameter("month", Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 12}}, 1,
                      "Month of the billing period, 1..12")});
}

Json generate_operation(const char* summary) {
  return Json{{"get",
               {{"summary", summary},
                {"responses",
                 {{"200", response("What was generated", "text/plain", text())},
                  {"503", error_response("Where it goes is unreachable")}}}}}};
}

Json schemas() {
  Json key{{"type", "object"},
           {"required", {"agreementId", "year", "month", "recordedAt", "internalRecordId"}},
           {"properties",
            {{"agreementId", {{"type", "string"}, {"format", "uuid"}}},
             {"year", {{"type", "integer"}}},
             {"month", {{"type", "integer"}}},
             {"recordedAt",
              {{"type", "string"},
               {"format", "date-time"},
               {"example", "2020-01-01T23:00:00.000+00:00"}}},
             {"internalRecordId", {{"type", "string"}, {"format", "uuid"}}}}}};
  Json record{{"type", "object"},
              {"required", {"key", "recordedBytes"}},
              {"properties",
               {{"key", ref("DataRecordKey")},
                {"recordedBytes", {{"type", "integer"}, {"format", "int64"}, {"minimum", 0}}}}}};
  Json upsert{{"type", "object"},
              {"required", {"recordedAt", "internalRecordId", "recordedBytes"}},
              {"additionalProperties", false},
              {"properties",
               {{"recordedAt",
                 {{"type", "string"},
                  {"description",
                   "ISO-8601 with an offset, optionally a [region]: "
                   "2020-01-02T00:00+01:00[Europe/Warsaw]"}}},
                {"internalRecordId", {{"type", "string"}, {"format", "uuid"}}},
                {"recordedBytes", {{"type", "integer"}, {"format", "int64"}, {"minimum", 0}}}}},
              {"example",
               {{"recordedAt", "2020-01-02T00:00+01:00[Europe/Warsaw]"},
                {"internalRecordId", "523d8cc7-e611-3508-90bc-fab260b2973e"},
                {"recordedBytes", 825012938}}}};
  Json error{{"type", "object"},
             {"required", {"status", "error", "message", "path"}},
             {"properties",
              {{"status", {{"type", "integer"}}},
               {"error", {{"type", "string"}}},
               {"message", {{"type", "string"}}},
               {"path", {{"type", "string"}}}}}};
  return Json{{"DataRecordKey", key},
              {"DataRecord", record},
              {"DataRecordUpsertRequest", upsert},
              {"Error", error}};
}

}  // namespace

Json openapi_document() {
  Json paths;
  paths["/api/data-records/{agreementId}/{year}/{month}"] =
      Json{{"get",
            {{"summary", "The billing period's data records, newest first"},
             {"parameters", period_parameters()},
             {"responses",
              {{"200", response("The records", "application/json",
                                Json{{"type", "array"}, {"items", ref("DataRecord")}})},
               {"400", error_response("A malformed agreement id, year or month")},
               {"503", error_response("The store is unreachable")}}}}}};
  paths["/api/data-records/{agreementId}/{year}/{month}/total-data-used"] =
      Json{{"get",
            {{"summary", "The billing period's total in B, KB, MB and GB (1024 steps, half up)"},
             {"parameters", period_parameters()},
             {"responses",
              {{"200", response("One line per unit, e.g. `5697948758 B`", "text/plain", text())},
               {"400", error_response("A malformed agreement id, year or month")},
               {"503", error_response("The store is unreachable")}}}}}};
  paths["/api/data-records/{agreementId}"] = Json{
      {"put",
       {{"summary",
         "Stores a data record under the billing period of recordedAt in the agreement's time "
         "zone, replacing one with the same key"},
        {"parameters",
         Json::array({path_parameter("agreementId", Json{{"type", "string"}, {"format", "uuid"}},
                                     kAgreementExample, "The agreement")})},
        {"requestBody",
         {{"required", true},
          {"content", content("application/json", ref("DataRecordUpsertRequest"))}}},
        {"responses",
         {{"200", response("The record as stored", "application/json", ref("DataRecord"))},
          {"400", error_response("A malformed body or agreement id")},
          {"404", error_response("No such agreement")},
          {"413", error_response("The body is larger than the limit")},
          {"503", error_response("The store is unreachable")}}}}}};
  paths["/api/agreements/generate"] =
      generate_operation("Publishes the next batch of reference agreements");
  paths["/api/incoming-data-records/generate"] =
      generate_operation("Writes the next reference incoming-data-record file");
  paths["/api/data-records/generate"] =
      generate_operation("Writes the next batch of reference data records to the store");
  paths["/health"] = Json{{"get",
                           {{"summary", "Liveness"},
                            {"responses",
                             {{"200", response("The process serves", "application/json",
                                               Json{{"type", "object"}})}}}}}};
  paths["/ready"] =
      Json{{"get",
            {{"summary", "Readiness: every dependency (broker, store) reachable"},
             {"responses",
              {{"200", response("Ready", "application/json", Json{{"type", "object"}})},
               {"503", response("A dependency is down", "application/json",
                                Json{{"type", "object"}})}}}}}};
  paths["/metrics"] = Json{
      {"get",
       {{"summary", "Prometheus metrics"},
        {"responses", {{"200", response("Text exposition format 0.0.4", "text/plain", text())}}}}}};
  paths["/api/openapi.json"] =
      Json{{"get",
            {{"summary", "This document"},
             {"responses",
              {{"200", response("OpenAPI 3", "application/json", Json{{"type", "object"}})}}}}}};

  Json doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = Json{{"title", "mobilecs"},
                     {"version", "0.1.0"},
                     {"description",
                      "Live tracking of mobile data usage. GraphQL is at POST /graphql "
                      "(GraphiQL at GET /graphiql)."}};
  doc["paths"] = std::move(paths);
  doc["components"] = Json{{"schemas", schemas()}};
  return doc;
}

void add_openapi_route(Router& router) {
  router.get(
      "/api/openapi.json", Access::authenticated(),
      [document = openapi_document().dump()](const Request&, Response& res) {
        res.set(document, "application/json");
      },
      Execution::kInline);
}

}  // namespace mobilecs::http
