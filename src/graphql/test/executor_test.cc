#include "graphql/executor.h"

#include <gtest/gtest.h>

#include "graphql/test/test_schema.h"

namespace mobilecs::graphql {
namespace {

Json run(const std::string& query, Json variables = Json::object(), std::string operation = "") {
  return execute(test::library_schema(),
                 Request{query, std::move(operation), std::move(variables)});
}

TEST(Executor, AnswersInTheQuerysFieldOrderWithAliasesAndTypename) {
  EXPECT_EQ(
      run("{ b: book(id: \"1\") { year __typename title } __typename }").dump(),
      R"({"data":{"b":{"year":1965,"__typename":"Book","title":"Dune"},"__typename":"Query"}})");
}

TEST(Executor, VariablesDefaultsAndNamedOperations) {
  const std::string doc =
      "query One($id: ID!) { book(id: $id) { title } } "
      "query Some($year: Int = 1815) { books(year: $year) { title } }";
  EXPECT_EQ(run(doc, Json{{"id", "2"}}, "One").dump(), R"({"data":{"book":{"title":"Emma"}}})");
  EXPECT_EQ(run(doc, Json::object(), "Some").dump(), R"({"data":{"books":[{"title":"Emma"}]}})");
  EXPECT_EQ(run(doc, Json{{"year", nullptr}}, "Some")["data"]["books"].size(), 2u);
  EXPECT_EQ(
      run(doc, Json::object()).dump(),
      R"({"errors":[{"message":"Must provide operation name if query contains multiple operations."}]})");
  EXPECT_EQ(run(doc, Json::object(), "Other")["errors"][0]["message"],
            "Unknown operation named \"Other\".");
}

TEST(Executor, FragmentsAndDirectivesSelectFields) {
  const Json r =
      run("query ($all: Boolean!) { book(id: \"1\") { ...Names ... on Book { year } "
          "size @include(if: $all) id @skip(if: true) } } fragment Names on Book { title }",
          Json{{"all", false}});
  EXPECT_EQ(r.dump(), R"({"data":{"book":{"title":"Dune","year":1965}}})");
}

TEST(Executor, LongValuesPassBeyond32BitsBothWays) {
  EXPECT_EQ(run("{ book(id: 1) { size } }").dump(), R"({"data":{"book":{"size":6000000000}}})");
  EXPECT_EQ(run("mutation ($s: Long) { addBook(input: {title: \"T\", size: $s}) { size year } }",
                Json{{"s", "9223372036854775807"}})
                .dump(),
            R"({"data":{"addBook":{"size":9223372036854775807,"year":2000}}})");
}

// GET's rule, decided on the one parse of the request (after the cost limits): a mutation is
// refused before anything runs, the chosen operation counting, not the others in the document.
TEST(Executor, QueriesOnlyRefusesTheMutationChosenAndRunsAQuery) {
  ExecutionOptions options;
  options.queries_only = true;
  const std::string doc =
      "query Read { book(id: \"1\") { title } } "
      "mutation Write { addBook(input: {title: \"T\"}) { title } }";
  EXPECT_EQ(execute(test::library_schema(), Request{doc, "Write", Json::object()}, options).dump(),
            R"({"errors":[{"message":"Mutations are only accepted over POST.",)"
            R"("extensions":{"code":"MUTATION_NOT_ALLOWED"}}]})");
  EXPECT_EQ(execute(test::library_schema(), Request{doc, "Read", Json::object()}, options).dump(),
            R"({"data":{"book":{"title":"Dune"}}})");
}

TEST(Executor, AFailingNullableFieldIsNullWithAnErrorAndAPath) {
  EXPECT_EQ(run("{ fail book(id: \"2\") { title } }").dump(),
            R"({"errors":[{"message":"no such book","locations":[{"line":1,"column":3}],)"
            R"("path":["fail"],"extensions":{"code":"NOT_FOUND"}}],)"
            R"("data":{"fail":null,"book":{"title":"Emma"}}})");
}

TEST(Executor, AFailingNonNullFieldNullsItsNearestNullableParent) {
  const Json r = run("{ bookOrFail(id: \"9\") { title } fail }");
  EXPECT_TRUE(r["data"].is_null());
  ASSERT_EQ(r["errors"].size(), 1u);
  EXPECT_EQ(r["errors"][0]["path"], Json::array({"bookOrFail"}));
}

TEST(Executor, BadVariablesStopTheRequestNamingTheVariable) {
  const std::string q =
      "query ($id: ID!, $y: Int) { book(id: $id) { title } books(year: $y) { id } }";
  EXPECT_EQ(run(q, Json{{"y", 1}})["errors"][0]["message"],
            "Variable \"$id\" of required type \"ID!\" was not provided.");
  EXPECT_EQ(run(q, Json{{"id", "1"}, {"y", "x"}})["errors"][0]["message"],
            "Variable \"$y\" got invalid value \"x\"; \"x\" is not a valid Int.");
  EXPECT_EQ(run(q, Json{{"id", "1"}, {"y", 4294967296}})["errors"][0]["message"],
            "Variable \"$y\" got invalid value 4294967296; 4294967296 is not a valid Int.");
  EXPECT_EQ(run(q, Json{{"id", nullptr}})["errors"][0]["message"],
            "Variable \"$id\" got invalid value null; Expected non-nullable type \"ID!\" not to "
            "be null.");
  const Json r = run("mutation ($in: BookInput!) { addBook(input: $in) { id } }",
                     Json{{"in", Json{{"title", "T"}, {"colour", "red"}}}});
  EXPECT_EQ(r["errors"][0]["message"],
            "Variable \"$in\" got invalid value {\"title\":\"T\",\"colour\":\"red\"}; Field "
            "\"colour\" is not defined by type \"BookInput\".");
  EXPECT_FALSE(r.contains("data"));
}

TEST(Executor, FloatLiteralsBeyondDoubleAreRefusedNotThrown) {
  Schema schema;
  TypeDefinition query{TypeKind::kObject, "Query", "", {}, {}, {}};
  query.fields = {{"half",
                   TypeRef::parse("Float"),
                   "",
                   {{"x", TypeRef::parse("Float!"), "", std::nullopt}},
                   [](const Json&, const Json& args, const std::any&) {
                     return Json(args["x"].get<double>() / 2);
                   }}};
  schema.add_type(std::move(query));
  schema.set_query_type("Query");
  EXPECT_EQ(execute(schema, Request{"{ half(x: 3) }", "", Json::object()}).dump(),
            R"({"data":{"half":1.5}})");
  EXPECT_EQ(
      execute(schema, Request{"{ half(x: 1e999) }", "", Json::object()})["errors"][0]["message"],
      "Expected value of type \"Float\", found 1e999; Float cannot represent non numeric "
      "value: 1e999.");
}

TEST(Executor, AFieldNeedingAPermissionFailsBeforeItsResolverRuns) {
  Schema schema;
  int writes = 0;
  TypeDefinition query{TypeKind::kObject, "Query", "", {}, {}, {}};
  query.fields = {{"who",
                   TypeRef::parse("String"),
                   "",
                   {},
                   [](const Json&, const Json&, const std::any& context) {
                     return Json(std::any_cast<std::string>(context));
                   }}};
  TypeDefinition mutation{TypeKind::kObject, "Mutation", "", {}, {}, {}};
  mutation.fields = {
      {"write",
       TypeRef::parse("Int!"),
       "",
       {},
       [&writes](const Json&, const Json&, const std::any&) { return Json(++writes); },
       "write"}};
  schema.add_type(std::move(query));
  schema.add_type(std::move(mutation));
  schema.set_query_type("Query");
  schema.set_mutation_type("Mutation");
  ExecutionOptions reader;
  reader.permits = [](const std::string& p) { return p == "read"; };
  reader.context = std::string("alice");
  EXPECT_EQ(execute(schema, Request{"{ who }", "", Json::object()}, reader).dump(),
            R"({"data":{"who":"alice"}})");
  const Json refused = execute(schema, Request{"mutation { write }", "", Json::object()}, reader);
  EXPECT_TRUE(refused["data"].is_null());
  EXPECT_EQ(refused["errors"][0]["extensions"]["code"], "FORBIDDEN");
  EXPECT_EQ(refused["errors"][0]["extensions"]["requiredPermission"], "write");
  EXPECT_EQ(writes, 0);
  ExecutionOptions writer = reader;
  writer.permits = [](const std::string&) { return true; };
  EXPECT_EQ(execute(schema, Request{"mutation { write }", "", Json::object()}, writer).dump(),
            R"({"data":{"write":1}})");
}

}  // namespace
}  // namespace mobilecs::graphql
