#include "http/graphql_routes.h"

#include <fmt/format.h>

#include "graphql/executor.h"
#include "http/graphiql_assets.h"

namespace mobilecs::http {
namespace {

using graphql::Json;

// A request that is not a GraphQL request at all: 400 with the error in GraphQL's form.
void bad_request(httplib::Response& res, const std::string& message) {
  res.status = 400;
  res.set_content(Json{{"errors", Json::array({Json{{"message", message}}})}}.dump(
                      -1, ' ', false, Json::error_handler_t::replace),
                  "application/json");
}

std::optional<graphql::Request> read_request(const httplib::Request& req, httplib::Response& res) {
  const std::string type = req.get_header_value("Content-Type");
  if (type.starts_with("application/graphql"))
    return graphql::Request{req.body, "", Json::object()};
  Json body;
  try {
    body = Json::parse(req.body);
  } catch (const Json::parse_error& e) {
    bad_request(res, fmt::format("The body is not valid JSON: {}", e.what()));
    return std::nullopt;
  }
  if (!body.is_object()) {
    bad_request(res, "The body must be a JSON object with a \"query\".");
    return std::nullopt;
  }
  graphql::Request request;
  const auto query = body.find("query");
  if (query == body.end() || !query->is_string()) {
    bad_request(res, "The body must have a \"query\" string.");
    return std::nullopt;
  }
  request.query = query->get<std::string>();
  if (const auto name = body.find("operationName"); name != body.end() && !name->is_null()) {
    if (!name->is_string()) {
      bad_request(res, "\"operationName\" must be a string.");
      return std::nullopt;
    }
    request.operation_name = name->get<std::string>();
  }
  if (const auto vars = body.find("variables"); vars != body.end() && !vars->is_null()) {
    if (!vars->is_object()) {
      bad_request(res, "\"variables\" must be an object.");
      return std::nullopt;
    }
    request.variables = *vars;
  }
  return request;
}

}  // namespace

void add_graphql_routes(httplib::Server& server, const graphql::Schema& schema) {
  server.Post("/graphql", [&schema](const httplib::Request& req, httplib::Response& res) {
    const auto request = read_request(req, res);
    if (!request) return;
    res.set_content(
        graphql::execute(schema, *request).dump(-1, ' ', false, Json::error_handler_t::replace),
        "application/json");
  });
  server.Get("/graphiql", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(graphiql_page()), "text/html; charset=utf-8");
  });
  for (const StaticAsset& asset : graphiql_assets()) {
    std::string path = "/graphiql/" + std::string(asset.path);
    for (std::size_t p = 0; (p = path.find('.', p)) != std::string::npos; p += 2) {
      path.insert(p, "\\");  // routes are regular expressions
    }
    server.Get(path, [&asset](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "public, max-age=86400");
      res.set_content(asset.content.data(), asset.content.size(),
                      std::string(asset.content_type).c_str());
    });
  }
}

}  // namespace mobilecs::http
