#include "http/graphiql_assets.h"

#include <vector>

extern "C" {
extern const char mobilecs_graphiql_js_begin[], mobilecs_graphiql_js_end[];
extern const char mobilecs_graphiql_css_begin[], mobilecs_graphiql_css_end[];
extern const char mobilecs_react_js_begin[], mobilecs_react_js_end[];
extern const char mobilecs_react_dom_js_begin[], mobilecs_react_dom_js_end[];
}

namespace mobilecs::http {
namespace {

std::string_view between(const char* begin, const char* end) {
  return std::string_view(begin, static_cast<std::size_t>(end - begin));
}

constexpr std::string_view kPage = R"(<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>mobilecs GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/graphiql.min.css">
  <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL...</div>
  <script src="/graphiql/react.production.min.js"></script>
  <script src="/graphiql/react-dom.production.min.js"></script>
  <script src="/graphiql/graphiql.min.js"></script>
  <script src="/graphiql/mobilecs-graphiql.js"></script>
</body>
</html>
)";

constexpr std::string_view kStartScript = R"js(// GraphiQL on mobilecs: every request carries this
// browser tab's bearer token (the one the console keeps, or one typed in here): the API answers
// nothing without it.
(function () {
  const key = 'mobilecs-token';
  // Links may open a prepared query: /graphiql?query=...&variables=...&operationName=...
  // Edits go back into the address, so it can be shared. A token in the address is taken once.
  const params = new URLSearchParams(location.search);
  if (params.has('token')) {
    sessionStorage.setItem(key, params.get('token'));
    params.delete('token');
    history.replaceState(null, '', '?' + params.toString());
  }
  let token = sessionStorage.getItem(key);
  if (!token) {
    token = window.prompt('mobilecs needs a token for GraphQL requests (Bearer):') || '';
    if (token) sessionStorage.setItem(key, token);
  }
  const fetcher = GraphiQL.createFetcher({
    url: new URL('/graphql', location.href).href,
    headers: token ? { Authorization: 'Bearer ' + token } : {},
  });
  const defaultQuery = `# Records of the reference agreement in January 2020, newest first
query January {
  findDataRecords(agreementId: "0b12c601-9287-3f5c-a78c-df508fe0f889", year: 2020, month: 1) {
    key { recordedAt internalRecordId }
    recordedBytes
  }
  getTotalDataUsage(agreementId: "0b12c601-9287-3f5c-a78c-df508fe0f889", year: 2020, month: 1)
}
`;
  const props = { fetcher, defaultQuery };
  for (const name of ['query', 'variables', 'operationName']) {
    if (params.has(name)) props[name] = params.get(name);
  }
  const keep = (name) => (value) => {
    params.set(name, value ?? '');
    history.replaceState(null, '', '?' + params.toString());
  };
  props.onEditQuery = keep('query');
  props.onEditVariables = keep('variables');
  props.onEditOperationName = keep('operationName');
  ReactDOM.createRoot(document.getElementById('graphiql'))
    .render(React.createElement(GraphiQL, props));
})();
)js";

}  // namespace

const std::vector<StaticAsset>& graphiql_assets() {
  static const std::vector<StaticAsset> assets{
      {"graphiql.min.js", "application/javascript; charset=utf-8",
       between(mobilecs_graphiql_js_begin, mobilecs_graphiql_js_end)},
      {"graphiql.min.css", "text/css; charset=utf-8",
       between(mobilecs_graphiql_css_begin, mobilecs_graphiql_css_end)},
      {"react.production.min.js", "application/javascript; charset=utf-8",
       between(mobilecs_react_js_begin, mobilecs_react_js_end)},
      {"react-dom.production.min.js", "application/javascript; charset=utf-8",
       between(mobilecs_react_dom_js_begin, mobilecs_react_dom_js_end)},
      {"mobilecs-graphiql.js", "application/javascript; charset=utf-8", kStartScript},
  };
  return assets;
}

std::string_view graphiql_page() { return kPage; }

}  // namespace mobilecs::http
