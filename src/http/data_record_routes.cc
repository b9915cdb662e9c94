#include "http/data_record_routes.h"

#include <nlohmann/json.hpp>

#include "http/error_response.h"

namespace mobilecs::http {
namespace {

api::PeriodQuery period_of(const httplib::Request& req) {
  return api::parse_period_query(req.matches.str(1), req.matches.str(2), req.matches.str(3));
}

}  // namespace

void add_data_record_routes(httplib::Server& server, api::DataRecordService& service) {
  server.Get(R"(/api/data-records/([^/]+)/([^/]+)/([^/]+))", [&service](const httplib::Request& req,
                                                                        httplib::Response& res) {
    answering_errors(req, res, [&] {
      const auto period = period_of(req);
      auto body = nlohmann::ordered_json::array();
      for (const auto& r : service.find(period.agreement_id, period.year, period.month)) {
        body.push_back(api::data_record_to_json(r));
      }
      res.set_content(body.dump(), "application/json");
    });
  });

  server.Get(R"(/api/data-records/([^/]+)/([^/]+)/([^/]+)/total-data-used)",
             [&service](const httplib::Request& req, httplib::Response& res) {
               answering_errors(req, res, [&] {
                 const auto period = period_of(req);
                 res.set_content(
                     service.total_data_used(period.agreement_id, period.year, period.month),
                     "text/plain; charset=utf-8");
               });
             });

  server.Put(R"(/api/data-records/([^/]+))",
             [&service](const httplib::Request& req, httplib::Response& res) {
               answering_errors(req, res, [&] {
                 const auto id = api::parse_agreement_id(req.matches.str(1));
                 const auto request = api::parse_upsert_request(req.body);
                 res.set_content(api::data_record_to_json(service.upsert(id, request)).dump(),
                                 "application/json");
               });
             });
}

}  // namespace mobilecs::http
