#include "http/graphql_routes.h"

#include <fmt/format.h>

#include "graphql/executor.h"
#include "http/graphiql_assets.h"

namespace mobilecs::http {
namespace {

using graphql::Json;

std::string dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A request that is not a GraphQL request at all: 400 with the error in GraphQL's form.
void bad_request(Response& res, const std::string& message) {
  res.status = 400;
  res.set(dump(Json{{"errors", Json::array({Json{{"message", message}}})}}), "application/json");
}

std::optional<graphql::Request> from_body(const Request& req, Response& res) {
  if (req.header("Content-Type").starts_with("application/graphql")) {
    return graphql::Request{req.body, "", Json::object()};
  }
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

std::optional<graphql::Request> from_url(const Request& req, Response& res) {
  const auto query = req.query_value("query");
  if (!query) {
    bad_request(res, "GET /graphql needs a \"query\" URL parameter.");
    return std::nullopt;
  }
  graphql::Request request{*query, req.query_value("operationName").value_or(""), Json::object()};
  if (const auto vars = req.query_value("variables"); vars && !vars->empty()) {
    try {
      request.variables = Json::parse(*vars);
    } catch (const Json::parse_error& e) {
      bad_request(res, fmt::format("\"variables\" is not valid JSON: {}", e.what()));
      return std::nullopt;
    }
    if (!request.variables.is_object()) {
      bad_request(res, "\"variables\" must be a JSON object.");
      return std::nullopt;
    }
  }
  return request;
}

}  // namespace

void add_graphql_routes(Router& router, const graphql::Schema& schema, graphql::CostLimits limits) {
  const auto run = [&schema, limits](const Request& req, Response& res,
                                     const graphql::Request& request) {
    res.set(dump(graphql::execute(schema, request, {limits, req.cancelled})), "application/json");
  };
  router.add("POST", "/graphql", [run](const Request& req, Response& res) {
    if (const auto request = from_body(req, res)) run(req, res, *request);
  });
  router.get("/graphql", [run](const Request& req, Response& res) {
    const auto request = from_url(req, res);
    if (!request) return;
    // GET must not change anything (GraphQL over HTTP): mutations only over POST.
    if (graphql::operation_kind(*request) == "mutation") {
      res.status = 405;
      res.set_header("Allow", "POST");
      res.set(
          dump(Json{{"errors",
                     Json::array({Json{{"message", "Mutations are only accepted over POST."}}})}}),
          "application/json");
      return;
    }
    run(req, res, *request);
  });
  router.get(
      "/graphiql",
      [](const Request&, Response& res) {
        res.set(std::string(graphiql_page()), "text/html; charset=utf-8");
      },
      Execution::kInline);
  for (const StaticAsset& asset : graphiql_assets()) {
    router.get(
        "/graphiql/" + std::string(asset.path),
        [&asset](const Request&, Response& res) {
          res.set_header("Cache-Control", "public, max-age=86400");
          res.set(std::string(asset.content), std::string(asset.content_type));
        },
        Execution::kInline);
  }
}

}  // namespace mobilecs::http
