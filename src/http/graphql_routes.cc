#include "http/graphql_routes.h"

#include <fmt/format.h>

#include "api/audit_trail.h"
#include "graphql/executor.h"
#include "http/graphiql_assets.h"
#include "http/request_guard.h"

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

bool has_error_code(const Json& response, std::string_view code) {
  const auto errors = response.find("errors");
  return errors != response.end() &&
         std::any_of(errors->begin(), errors->end(), [code](const Json& e) {
           return e.value("/extensions/code"_json_pointer, "") == code;
         });
}

// Every field asked for was refused for want of a scope: the request as a whole is forbidden.
bool refused_whole(const Json& response) {
  const auto errors = response.find("errors");
  if (errors == response.end() || errors->empty()) return false;
  for (const Json& e : *errors) {
    if (e.value("/extensions/code"_json_pointer, "") != "FORBIDDEN") return false;
  }
  const auto data = response.find("data");
  if (data == response.end() || data->is_null()) return true;
  return std::all_of(data->begin(), data->end(), [](const Json& v) { return v.is_null(); });
}

}  // namespace

void add_graphql_routes(Router& router, const graphql::Schema& schema, graphql::CostLimits limits) {
  const auto run = [&schema, limits](const Request& req, Response& res,
                                     const graphql::Request& request) {
    graphql::ExecutionOptions options;
    options.limits = limits;
    options.queries_only = req.method != "POST";
    options.cancelled = req.cancelled;
    options.permits = [scopes = req.principal->scopes](const std::string& permission) {
      const auto scope = auth::parse_scope(permission);
      return scope && scopes.has(*scope);
    };
    options.context = api::Caller{*req.principal, req.remote_address};
    const Json response = graphql::execute(schema, request, options);
    res.set(dump(response), "application/json");
    if (refused_whole(response)) res.status = 403;
    if (options.queries_only && has_error_code(response, graphql::kMutationNotAllowed)) {
      res.status = 405;
      res.set_header("Allow", "POST");
    }
  };
  router.add("POST", "/graphql", Access::authenticated(), [run](const Request& req, Response& res) {
    if (const auto request = from_body(req, res)) run(req, res, *request);
  });
  // GET must not change anything (GraphQL over HTTP): execution refuses mutations, once parsed.
  router.get("/graphql", Access::authenticated(), [run](const Request& req, Response& res) {
    if (const auto request = from_url(req, res)) run(req, res, *request);
  });
  router.get(
      "/graphiql", Access::anyone(),
      [](const Request&, Response& res) {
        res.set_header("Content-Security-Policy", kPagePolicy);
        res.set(std::string(graphiql_page()), "text/html; charset=utf-8");
      },
      Execution::kInline);
  for (const StaticAsset& asset : graphiql_assets()) {
    router.get(
        "/graphiql/" + std::string(asset.path), Access::anyone(),
        [&asset](const Request&, Response& res) {
          res.set_header("Cache-Control", "public, max-age=86400");
          res.set(std::string(asset.content), std::string(asset.content_type));
        },
        Execution::kInline);
  }
}

}  // namespace mobilecs::http
