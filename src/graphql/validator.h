#pragma once

#include <vector>

#include "graphql/document.h"
#include "graphql/graphql_error.h"
#include "graphql/schema.h"

namespace mobilecs::graphql {

// Checks a document against the schema before anything runs (GraphQL spec §5): operations
// (unique names, lone anonymous operation, supported root type), fields and arguments that
// exist, required arguments, literal values, leaf and composite selections, mergeable fields
// of one response name, fragments (known, applicable, used, acyclic), directives, and variables
// (defined, used, input types, allowed in each position). Returns every error found.
std::vector<Error> validate(const Schema& schema, const Document& document);

}  // namespace mobilecs::graphql
