#include "http/generate_routes.h"

#include "http/caller.h"
#include "http/error_response.h"

namespace mobilecs::http {
namespace {

using Generate = std::string (api::GenerateService::*)(const api::Caller&);

void add(Router& router, const char* path, api::GenerateService& service, Generate generate) {
  // Not get(): a HEAD request must not generate anything.
  router.add("GET", path, Access::needs(auth::Scope::kAdmin),
             [&service, generate](const Request& req, Response& res) {
               answering_errors(req, res, [&] {
                 res.set((service.*generate)(caller_of(req)), "text/plain; charset=utf-8");
               });
             });
}

}  // namespace

void add_generate_routes(Router& router, api::GenerateService& service) {
  add(router, "/api/agreements/generate", service, &api::GenerateService::agreements);
  add(router, "/api/incoming-data-records/generate", service,
      &api::GenerateService::incoming_data_records);
  add(router, "/api/data-records/generate", service, &api::GenerateService::data_records);
}

}  // namespace mobilecs::http
