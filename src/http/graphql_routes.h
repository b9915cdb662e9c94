#pragma once

#include <httplib.h>

#include "graphql/schema.h"

namespace mobilecs::http {

// POST /graphql (GraphQL over HTTP: a JSON body {"query", "operationName", "variables"}, or
// the query itself as application/graphql), GET /graphiql and its assets.
void add_graphql_routes(httplib::Server& server, const graphql::Schema& schema);

}  // namespace mobilecs::http
