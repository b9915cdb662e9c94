#include "http/generate_routes.h"

#include "http/error_response.h"

namespace mobilecs::http {
namespace {

using Generate = std::string (api::GenerateService::*)();

void add(httplib::Server& server, const char* path, api::GenerateService& service,
         Generate generate) {
  server.Get(path, [&service, generate](const httplib::Request& req, httplib::Response& res) {
    answering_errors(req, res,
                     [&] { res.set_content((service.*generate)(), "text/plain; charset=utf-8"); });
  });
}

}  // namespace

void add_generate_routes(httplib::Server& server, api::GenerateService& service) {
  add(server, "/api/agreements/generate", service, &api::GenerateService::agreements);
  add(server, "/api/incoming-data-records/generate", service,
      &api::GenerateService::incoming_data_records);
  add(server, "/api/data-records/generate", service, &api::GenerateService::data_records);
}

}  // namespace mobilecs::http
