#include "graphql/parser.h"

#include <gtest/gtest.h>

#include "graphql/graphql_error.h"

namespace mobilecs::graphql {
namespace {

Error syntax_error(std::string_view source) {
  try {
    parse_document(source);
  } catch (const RequestError& e) {
    return e.errors().at(0);
  }
  ADD_FAILURE() << "parsed: " << source;
  return {};
}

TEST(Parser, ReadsAShorthandQueryWithAliasesArgumentsAndNestedSelections) {
  const auto doc = parse_document(R"(
    # a comment
    { jan: findDataRecords(agreementId: "0b12c601-9287-3f5c-a78c-df508fe0f889", year: 2020,
                           month: 1) { key { recordedAt } recordedBytes } })");
  ASSERT_EQ(doc.operations.size(), 1u);
  const auto& op = doc.operations[0];
  EXPECT_EQ(op.operation, "query");
  EXPECT_TRUE(op.name.empty());
  ASSERT_EQ(op.selection_set.size(), 1u);
  const auto& field = op.selection_set[0];
  EXPECT_EQ(field.alias, "jan");
  EXPECT_EQ(field.name, "findDataRecords");
  EXPECT_EQ(field.response_key(), "jan");
  ASSERT_EQ(field.arguments.size(), 3u);
  EXPECT_EQ(field.arguments[0].value.kind, Value::Kind::kString);
  EXPECT_EQ(field.arguments[0].value.text, "0b12c601-9287-3f5c-a78c-df508fe0f889");
  EXPECT_EQ(field.arguments[1].value.kind, Value::Kind::kInt);
  EXPECT_EQ(field.arguments[1].value.text, "2020");
  ASSERT_EQ(field.selection_set.size(), 2u);
  EXPECT_EQ(field.selection_set[0].selection_set[0].name, "recordedAt");
  EXPECT_EQ(field.location.line, 3u);
  EXPECT_EQ(field.location.column, 7u);
}

TEST(Parser, ReadsNamedOperationsVariablesDefaultsDirectivesAndFragments) {
  const auto doc = parse_document(R"(
    query Q($id: ID!, $months: [Int!] = [1, 2], $skip: Boolean = false) {
      a: f(id: $id) @skip(if: $skip) { ...Parts ... on DataRecord { x } ... @include(if: true) { y } }
    }
    mutation M { upsert(input: {a: 1.5e3, b: null, c: ENUM_VALUE, d: [], e: """
        block
          text
    """}) { z } }
    fragment Parts on DataRecord { w }
  )");
  ASSERT_EQ(doc.operations.size(), 2u);
  const auto& q = doc.operations[0];
  EXPECT_EQ(q.name, "Q");
  ASSERT_EQ(q.variables.size(), 3u);
  EXPECT_EQ(q.variables[0].type.to_string(), "ID!");
  EXPECT_EQ(q.variables[1].type.to_string(), "[Int!]");
  ASSERT_TRUE(q.variables[1].default_value);
  EXPECT_EQ(q.variables[1].default_value->items.size(), 2u);
  const auto& a = q.selection_set[0];
  EXPECT_EQ(a.arguments[0].value.kind, Value::Kind::kVariable);
  EXPECT_EQ(a.arguments[0].value.text, "id");
  ASSERT_EQ(a.directives.size(), 1u);
  EXPECT_EQ(a.directives[0].name, "skip");
  ASSERT_EQ(a.selection_set.size(), 3u);
  EXPECT_EQ(a.selection_set[0].kind, Selection::Kind::kFragmentSpread);
  EXPECT_EQ(a.selection_set[0].name, "Parts");
  EXPECT_EQ(a.selection_set[1].kind, Selection::Kind::kInlineFragment);
  EXPECT_EQ(a.selection_set[1].type_condition, "DataRecord");
  EXPECT_EQ(a.selection_set[2].type_condition, "");
  EXPECT_EQ(a.selection_set[2].directives[0].name, "include");

  const auto& input = doc.operations[1].selection_set[0].arguments[0].value;
  ASSERT_EQ(input.kind, Value::Kind::kObject);
  ASSERT_EQ(input.fields.size(), 5u);
  EXPECT_EQ(input.fields[0].second.kind, Value::Kind::kFloat);
  EXPECT_EQ(input.fields[1].second.kind, Value::Kind::kNull);
  EXPECT_EQ(input.fields[2].second.kind, Value::Kind::kEnum);
  EXPECT_EQ(input.fields[3].second.kind, Value::Kind::kList);
  EXPECT_EQ(input.fields[4].second.text, "block\n  text");

  ASSERT_EQ(doc.fragments.size(), 1u);
  EXPECT_EQ(doc.fragments[0].name, "Parts");
  EXPECT_EQ(doc.fragments[0].type_condition, "DataRecord");
}

TEST(Parser, DecodesStringEscapesIncludingSurrogatePairs) {
  const auto doc = parse_document(R"({ f(s: "a\"b\\c\n\u00e9\ud83d\ude00") })");
  EXPECT_EQ(doc.operations[0].selection_set[0].arguments[0].value.text,
            "a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(Parser, SyntaxErrorsSayWhatWasExpectedAndWhere) {
  auto e = syntax_error("{ f(a: ) }");
  EXPECT_EQ(e.message, "Syntax Error: Expected a value, found ')'.");
  EXPECT_EQ(e.locations.at(0).line, 1u);
  EXPECT_EQ(e.locations.at(0).column, 8u);

  e = syntax_error("query {\n  a\n  b !\n}");
  EXPECT_EQ(e.message, "Syntax Error: Expected a field, a fragment or '}', found '!'.");
  EXPECT_EQ(e.locations.at(0).line, 3u);
  EXPECT_EQ(e.locations.at(0).column, 5u);

  EXPECT_EQ(syntax_error("{ f").message,
            "Syntax Error: Expected a field, a fragment or '}', found end of input.");
  EXPECT_EQ(syntax_error("").message,
            "Syntax Error: Expected a query, mutation, subscription, fragment or '{', found end "
            "of input.");
  EXPECT_EQ(syntax_error("{ f(a: 1.) }").message, "Syntax Error: Expected a value, found '1'.");
  EXPECT_EQ(syntax_error("fragment on on T { a }").message,
            "Syntax Error: Expected a fragment name (not 'on'), found 'o'.");
  EXPECT_EQ(syntax_error("{ f(a: \"open) }").message.substr(0, 30),
            "Syntax Error: Expected a value");
  EXPECT_EQ(syntax_error("{ a } \x01").message,
            "Syntax Error: Expected a query, mutation, subscription, fragment or '{', found byte "
            "0x01.");
}

TEST(Parser, DeepNestingIsRefusedBeforeItCanExhaustTheStack) {
  const std::string deep =
      "{ f(a: " + std::string(60'000, '[') + "1" + std::string(60'000, ']') + ") }";
  const Error e = syntax_error(deep);
  EXPECT_EQ(e.message, "Syntax Error: nested more than 64 levels deep.");
  EXPECT_EQ(e.locations.at(0).column, 70u);
  // Brackets inside strings, block strings and comments do not count.
  const std::string quoted = std::string(100, '[');
  EXPECT_NO_THROW(parse_document("{ f(a: \"" + quoted + "\", b: \"\"\"" + quoted + "\"\"\") # " +
                                 quoted + "\n}"));
  std::string nested_ok = "{ f(a: " + std::string(60, '[') + "1" + std::string(60, ']') + ") }";
  EXPECT_NO_THROW(parse_document(nested_ok));
}

}  // namespace
}  // namespace mobilecs::graphql
