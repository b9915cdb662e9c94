#include "graphql/introspection.h"

#include <gtest/gtest.h>

#include "graphql/executor.h"
#include "graphql/test/test_schema.h"

namespace mobilecs::graphql {
namespace {

Json run(const std::string& query) {
  return execute(test::library_schema(), Request{query, "", Json::object()});
}

TEST(Introspection, DescribesTypesWithTheirWrappersArgumentsAndDefaults) {
  const Json r = run(R"({ __type(name: "Query") { kind name fields { name
      args { name defaultValue type { kind name ofType { kind name } } }
      type { kind name ofType { kind name ofType { kind name ofType { name } } } } } } })");
  ASSERT_FALSE(r.contains("errors")) << r.dump();
  const Json& fields = r["data"]["__type"]["fields"];
  EXPECT_EQ(r["data"]["__type"]["kind"], "OBJECT");
  EXPECT_EQ(fields[1]["name"], "books");
  EXPECT_EQ(fields[1]["type"].dump(),
            R"({"kind":"NON_NULL","name":null,"ofType":{"kind":"LIST","name":null,"ofType":)"
            R"({"kind":"NON_NULL","name":null,"ofType":{"name":"Book"}}}})");
  EXPECT_EQ(fields[0]["args"][0].dump(),
            R"({"name":"id","defaultValue":null,"type":{"kind":"NON_NULL","name":null,)"
            R"("ofType":{"kind":"SCALAR","name":"ID"}}})");
  const Json input = run(
      R"({ __type(name: "BookInput") { kind inputFields { name defaultValue } fields { name } } })");
  EXPECT_EQ(
      input["data"]["__type"].dump(),
      R"({"kind":"INPUT_OBJECT","inputFields":[{"name":"title","defaultValue":null},)"
      R"({"name":"year","defaultValue":"2000"},{"name":"size","defaultValue":null}],"fields":null})");
  EXPECT_TRUE(run(R"({ __type(name: "Nope") { name } })")["data"]["__type"].is_null());
}

TEST(Introspection, TheSchemaListsRootsEveryTypeAndTheBuiltInDirectives) {
  const Json r =
      run("{ __schema { queryType { name } mutationType { name } subscriptionType { name } "
          "types { name kind } directives { name locations args { name } } } }");
  ASSERT_FALSE(r.contains("errors")) << r.dump();
  const Json& s = r["data"]["__schema"];
  EXPECT_EQ(s["queryType"]["name"], "Query");
  EXPECT_EQ(s["mutationType"]["name"], "Mutation");
  EXPECT_TRUE(s["subscriptionType"].is_null());
  std::vector<std::string> names;
  for (const auto& t : s["types"]) names.push_back(t["name"]);
  for (const char* expected :
       {"Book", "BookInput", "Long", "Int", "String", "Boolean", "ID", "Float", "__Schema",
        "__Type", "__TypeKind", "__Field", "__InputValue", "__EnumValue", "__Directive",
        "__DirectiveLocation"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  EXPECT_EQ(s["directives"][0]["name"], "skip");
  EXPECT_EQ(s["directives"][1]["args"][0]["name"], "if");
}

TEST(Introspection, GraphiQLsFullIntrospectionQueryRunsWithoutErrors) {
  // graphql-js getIntrospectionQuery({descriptions, specifiedByUrl, directiveIsRepeatable,
  // schemaDescription, inputValueDeprecation}), as GraphiQL sends it.
  const Json r = run(R"(
    query IntrospectionQuery {
      __schema {
        description
        queryType { name } mutationType { name } subscriptionType { name }
        types { ...FullType }
        directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
      }
    }
    fragment FullType on __Type {
      kind name description specifiedByURL
      fields(includeDeprecated: true) {
        name description args(includeDeprecated: true) { ...InputValue }
        type { ...TypeRef } isDeprecated deprecationReason
      }
      inputFields(includeDeprecated: true) { ...InputValue }
      interfaces { ...TypeRef }
      enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
      possibleTypes { ...TypeRef }
    }
    fragment InputValue on __InputValue {
      name description type { ...TypeRef } defaultValue isDeprecated deprecationReason
    }
    fragment TypeRef on __Type {
      kind name
      ofType { kind name ofType { kind name ofType { kind name ofType { kind name
        ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
    })");
  ASSERT_FALSE(r.contains("errors")) << r["errors"].dump();
  EXPECT_GT(r["data"]["__schema"]["types"].size(), 10u);
}

TEST(Introspection, DefaultValuesPrintAsGraphQLLiterals) {
  EXPECT_EQ(graphql_literal(Json(false)), "false");
  EXPECT_EQ(graphql_literal(Json("a\"b")), "\"a\\\"b\"");
  EXPECT_EQ(graphql_literal(Json::array({1, 2})), "[1, 2]");
  EXPECT_EQ(graphql_literal(Json{{"a", 1}}), "{a: 1}");
}

}  // namespace
}  // namespace mobilecs::graphql
