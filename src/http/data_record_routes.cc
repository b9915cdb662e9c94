#include "http/data_record_routes.h"

#include <nlohmann/json.hpp>

#include "http/caller.h"
#include "http/error_response.h"

namespace mobilecs::http {
namespace {

api::PeriodQuery period_of(const Request& req) {
  return api::parse_period_query(req.params.at("agreementId"), req.params.at("year"),
                                 req.params.at("month"));
}

}  // namespace

void add_data_record_routes(Router& router, api::DataRecordService& service) {
  router.get("/api/data-records/{agreementId}/{year}/{month}",
             Access::needs(auth::Scope::kUsageRead), [&service](const Request& req, Response& res) {
               answering_errors(req, res, [&] {
                 const auto period = period_of(req);
                 res.set(api::data_records_json(
                             service.find(period.agreement_id, period.year, period.month)),
                         "application/json");
               });
             });

  router.get("/api/data-records/{agreementId}/{year}/{month}/total-data-used",
             Access::needs(auth::Scope::kUsageRead), [&service](const Request& req, Response& res) {
               answering_errors(req, res, [&] {
                 const auto period = period_of(req);
                 res.set(service.total_data_used(period.agreement_id, period.year, period.month),
                         "text/plain; charset=utf-8");
               });
             });

  router.add("PUT", "/api/data-records/{agreementId}", Access::needs(auth::Scope::kUsageWrite),
             [&service](const Request& req, Response& res) {
               answering_errors(req, res, [&] {
                 const auto id = api::parse_agreement_id(req.params.at("agreementId"));
                 const auto request = api::parse_upsert_request(req.body);
                 res.set(api::data_record_to_json(
                             service.upsert(id, request, caller_of(req), "PUT /api/data-records"))
                             .dump(),
                         "application/json");
               });
             });
}

}  // namespace mobilecs::http
