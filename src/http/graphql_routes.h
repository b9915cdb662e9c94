#pragma once

#include "graphql/cost_limits.h"
#include "graphql/schema.h"
#include "http/router.h"

namespace mobilecs::http {

// GraphQL over HTTP: POST /graphql (a JSON body {"query", "operationName", "variables"}, or the
// query itself as application/graphql) and GET /graphql?query=...&variables=...&operationName=...
// (queries only: a mutation over GET is 405), within the cost limits; GET /graphiql (which
// honours the same URL parameters) and its assets.
void add_graphql_routes(Router& router, const graphql::Schema& schema, graphql::CostLimits limits);

}  // namespace mobilecs::http
