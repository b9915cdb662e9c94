#pragma once

#include <string>

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

// Parses, validates and executes `request` (GraphQL spec §6). Returns the response object:
// {"data": ...} with "errors" when fields failed (a failed non-null field nulls its parent),
// or {"errors": [...]} alone when the request could not run (syntax, validation, variables).
// Field order in "data" follows the query.
Json execute(const Schema& schema, const Request& request);

}  // namespace mobilecs::graphql
