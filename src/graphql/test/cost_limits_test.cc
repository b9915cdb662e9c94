#include "graphql/cost_limits.h"

#include <gtest/gtest.h>

#include "graphql/executor.h"
#include "graphql/test/test_schema.h"

namespace mobilecs::graphql {
namespace {

using test::library_schema;

// `levels` fragments, each spreading the one before twice: 2^levels field selections if
// fragments were expanded naively.
std::string fragment_bomb(int levels) {
  std::string query = "{ book(id: \"1\") { ...F" + std::to_string(levels) + " } }\n";
  query += "fragment F0 on Book { title }\n";
  for (int i = 1; i <= levels; ++i) {
    query += "fragment F" + std::to_string(i) + " on Book { ...F" + std::to_string(i - 1) +
             " ...F" + std::to_string(i - 1) + " }\n";
  }
  return query;
}

std::string limit_of(const Json& response) {
  const auto& errors = response.at("errors");
  EXPECT_EQ(errors.size(), 1u) << response.dump();
  EXPECT_EQ(errors[0]["extensions"]["code"], "QUERY_TOO_COMPLEX") << response.dump();
  EXPECT_FALSE(response.contains("data")) << "refused before execution";
  return errors[0]["extensions"]["limit"];
}

TEST(CostLimits, AFragmentBombIsRefusedBeforeAnythingRuns) {
  const Json response = execute(library_schema(), Request{fragment_bomb(39), "", Json::object()});
  EXPECT_EQ(limit_of(response), "maxFieldVisits");
}

TEST(CostLimits, AFragmentSpreadTwiceIsAnsweredOnce) {
  const Json response = execute(library_schema(), Request{fragment_bomb(5), "", Json::object()});
  EXPECT_EQ(response, Json::parse(R"({"data":{"book":{"title":"Dune"}}})")) << response.dump();
}

TEST(CostLimits, FieldsSelectedThroughManyFragmentsAreResolvedOnce) {
  int resolved = 0;
  TypeDefinition counted{TypeKind::kObject, "Query", "", {}, {}, {}};
  counted.fields = {
      {"count", TypeRef::parse("Int"), "", {}, [&](const Json&, const Json&, const std::any&) {
         return Json(++resolved);
       }}};
  Schema own;
  own.add_type(std::move(counted));
  own.set_query_type("Query");
  const Json response = execute(
      own, Request{"{ ...A ...B count } fragment A on Query { count ...B } fragment B on Query "
                   "{ count }",
                   "", Json::object()});
  EXPECT_EQ(resolved, 1) << response.dump();
  EXPECT_EQ(response["data"]["count"], 1);
}

TEST(CostLimits, TooManyFieldVisitsAreRefusedNamingTheLimit) {
  ExecutionOptions options;
  options.limits.max_field_visits = 3;
  const Json response =
      execute(library_schema(),
              Request{"{ a: book(id: \"1\") { title year } b: book(id: \"2\") { title } }", "",
                      Json::object()},
              options);
  EXPECT_EQ(limit_of(response), "maxFieldVisits");
  EXPECT_NE(response["errors"][0]["message"].get<std::string>().find("more than 3 fields"),
            std::string::npos);
}

TEST(CostLimits, DepthAliasesAndTokensAreLimitedToo) {
  ExecutionOptions depth;
  depth.limits.max_depth = 1;
  EXPECT_EQ(limit_of(execute(library_schema(),
                             Request{"{ book(id: \"1\") { title } }", "", Json::object()}, depth)),
            "maxDepth");
  ExecutionOptions aliases;
  aliases.limits.max_aliases = 2;
  EXPECT_EQ(limit_of(execute(library_schema(),
                             Request{"{ a: fail b: fail c: fail }", "", Json::object()}, aliases)),
            "maxAliases");
  ExecutionOptions tokens;
  tokens.limits.max_tokens = 5;
  EXPECT_EQ(limit_of(execute(library_schema(),
                             Request{"{ book(id: \"1\") { title } }", "", Json::object()}, tokens)),
            "maxTokens");
}

TEST(CostLimits, TokensAreCountedAsTheLexerSeesThem) {
  EXPECT_EQ(count_tokens("{ a }", 100), 3u);
  EXPECT_EQ(count_tokens("query Q($x: [Int!] = [1, -2.5e3]) { f(s: \"a b\", t: \"\"\"x\ny\"\"\") "
                         "...F } # comment { { {",
                         100),
            29u);
  EXPECT_EQ(count_tokens(std::string(1'000'000, '{'), 10), 11u) << "counting stops at the limit";
}

TEST(CostLimits, ACancelledRequestStopsWithAnError) {
  std::stop_source client;
  client.request_stop();
  ExecutionOptions options;
  options.cancelled = client.get_token();
  const Json response =
      execute(library_schema(), Request{"{ books { title } }", "", Json::object()}, options);
  EXPECT_EQ(response["errors"][0]["extensions"]["code"], "CANCELLED") << response.dump();
}

}  // namespace
}  // namespace mobilecs::graphql
