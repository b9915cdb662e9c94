#pragma once

#include <string_view>
#include <vector>

namespace mobilecs::http {

// A file of the GraphiQL page, compiled into the binary so /graphiql works offline.
struct StaticAsset {
  std::string_view path;  // under /graphiql/
  std::string_view content_type;
  std::string_view content;
};

// GraphiQL, React and ReactDOM as npm installed them at build time (web/graphiql/).
const std::vector<StaticAsset>& graphiql_assets();

// The page at /graphiql: loads the assets above and talks to POST /graphql.
std::string_view graphiql_page();

}  // namespace mobilecs::http
