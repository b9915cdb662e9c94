#include "http/data_record_routes.h"

#include <nlohmann/json.hpp>

#include "http/error_response.h"

namespace mobilecs::http {

void add_data_record_routes(httplib::Server& server, api::DataRecordService& service) {
  server.Get(R"(/api/data-records/([^/]+)/([^/]+)/([^/]+))",
             [&service](const httplib::Request& req, httplib::Response& res) {
               answering_errors(req, res, [&] {
                 const auto id = api::parse_agreement_id(req.matches.str(1));
                 const int year = api::parse_year(req.matches.str(2));
                 const int month = api::parse_month(req.matches.str(3));
                 auto body = nlohmann::ordered_json::array();
                 for (const auto& r : service.find(id, year, month)) {
                   body.push_back(api::data_record_to_json(r));
                 }
                 res.set_content(body.dump(), "application/json");
               });
             });

  server.Get(R"(/api/data-records/([^/]+)/([^/]+)/([^/]+)/total-data-used)",
             [&service](const httplib::Request& req, httplib::Response& res) {
               answering_errors(req, res, [&] {
                 const auto id = api::parse_agreement_id(req.matches.str(1));
                 const int year = api::parse_year(req.matches.str(2));
                 const int month = api::parse_month(req.matches.str(3));
                 res.set_content(service.total_data_used(id, year, month),
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
