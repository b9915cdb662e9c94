#pragma once

#include <string_view>

#include "graphql/document.h"

namespace mobilecs::graphql {

// Parses an executable document (GraphQL spec §2, October 2021) with a PEGTL grammar. Throws
// RequestError with a "Syntax Error: ..." message and the location of the offending input.
// Type-system definitions (schema SDL) are not accepted here: a request cannot carry them.
Document parse_document(std::string_view source);

}  // namespace mobilecs::graphql
