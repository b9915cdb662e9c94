#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "graphql/document.h"
#include "graphql/graphql_error.h"

namespace mobilecs::graphql {

// Bounds on what one request may ask, checked before it is validated or run, so that no
// document (a "fragment bomb", thousands of aliases) costs more than a bounded amount of work.
// The defaults let every legitimate query through, GraphiQL's introspection included.
struct CostLimits {
  std::size_t max_tokens = 10'000;
  // Nesting of fields once fragments are expanded (introspection needs about 13).
  std::size_t max_depth = 24;
  std::size_t max_aliases = 256;
  // Fields (and fragment spreads) the query names once every fragment spread is expanded where
  // it stands, each counted once whatever its list lengths. (Execution then merges fields of one
  // response name and resolves each once.)
  std::size_t max_field_visits = 20'000;
};

// The lexical tokens of `source` (punctuators, names, numbers, strings), counting stopped just
// past `stop_after`.
std::size_t count_tokens(std::string_view source, std::size_t stop_after);

// The limits `document` exceeds, each a GraphQL error naming the limit (extensions
// {"code":"QUERY_TOO_COMPLEX","limit":...,"max":...}); empty if none.
std::vector<Error> check_cost(const Document& document, const CostLimits& limits);

Error too_complex(std::string message, std::string_view limit, std::size_t max);

}  // namespace mobilecs::graphql
