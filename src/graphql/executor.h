#pragma once

#include <any>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>

#include "graphql/cost_limits.h"
#include "graphql/graphql_error.h"
#include "graphql/schema.h"

namespace mobilecs::graphql {

// One GraphQL request: the document text, the operation to run (empty: the only one), and
// the variables (a JSON object).
struct Request {
  std::string query;
  std::string operation_name;
  Json variables = Json::object();
};

struct ExecutionOptions {
  CostLimits limits;
  // Execution stops at the next field once requested (the client went away).
  std::stop_token cancelled;
  // Whether the caller holds a field's required_permission; empty: every permission. A field
  // selected without it fails with code FORBIDDEN before its resolver runs.
  std::function<bool(const std::string& permission)> permits;
  // Handed to every resolver.
  std::any context;
  // Refuse a mutation (GraphQL over HTTP: GET must not change anything), with an error whose
  // extensions code is kMutationNotAllowed.
  bool queries_only = false;
};

inline constexpr const char* kMutationNotAllowed = "MUTATION_NOT_ALLOWED";

// Parses, checks the cost limits, validates and executes `request` (GraphQL spec §6). Returns
// the response object: {"data": ...} with "errors" when fields failed (a failed non-null field
// nulls its parent), or {"errors": [...]} alone when the request could not run (syntax, limits,
// validation, variables, cancellation). Field order in "data" follows the query; each response
// name is resolved once, however many times fragments select it.
Json execute(const Schema& schema, const Request& request, const ExecutionOptions& options = {});

}  // namespace mobilecs::graphql
