#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graphql/executor.h"
#include "graphql/test/test_schema.h"

namespace mobilecs::graphql {
namespace {

// The messages of a request that must not run.
std::vector<std::string> errors_of(const std::string& query) {
  const auto& schema = test::library_schema();
  const Json response = execute(schema, Request{query, "", Json::object()});
  EXPECT_FALSE(response.contains("data")) << response.dump();
  std::vector<std::string> out;
  for (const auto& e : response["errors"]) out.push_back(e["message"]);
  return out;
}

using ::testing::ElementsAre;

TEST(Validator, UnknownFieldsAndArgumentsAreNamedWithTheirType) {
  EXPECT_THAT(errors_of("{ book(id: \"1\") { title pages } }"),
              ElementsAre("Cannot query field \"pages\" on type \"Book\"."));
  EXPECT_THAT(errors_of("{ book(id: \"1\", year: 2) { title } }"),
              ElementsAre("Unknown argument \"year\" on field \"Query.book\"."));
  EXPECT_THAT(errors_of("{ book { title } }"),
              ElementsAre("Field \"book\" argument \"id\" of type \"ID!\" is required, but it "
                          "was not provided."));
}

TEST(Validator, LeafAndCompositeSelectionsAreChecked) {
  EXPECT_THAT(errors_of("{ book(id: \"1\") }"),
              ElementsAre("Field \"book\" of type \"Book\" must have a selection of subfields. "
                          "Did you mean \"book { ... }\"?"));
  EXPECT_THAT(errors_of("{ book(id: \"1\") { title { x } } }"),
              ElementsAre("Field \"title\" must not have a selection since type \"String!\" has "
                          "no subfields."));
}

TEST(Validator, LiteralsMustFitTheirTypes) {
  EXPECT_THAT(errors_of("{ books(year: \"2020\") { title } }"),
              ElementsAre("Expected value of type \"Int\", found \"2020\"; Int cannot represent "
                          "\"2020\"."));
  EXPECT_THAT(errors_of("{ books(year: 3000000000) { title } }"),
              ElementsAre("Expected value of type \"Int\", found 3000000000; Int cannot represent "
                          "non 32-bit signed integer value: 3000000000."));
  EXPECT_THAT(errors_of("{ book(id: null) { title } }"),
              ElementsAre("Expected value of type \"ID!\", found null."));
  EXPECT_THAT(errors_of("mutation { addBook(input: {title: \"T\", extra: 1}) { title } }"),
              ElementsAre("Field \"extra\" is not defined by type \"BookInput\"."));
  EXPECT_THAT(errors_of("mutation { addBook(input: {}) { title } }"),
              ElementsAre("Field \"BookInput.title\" of required type \"String!\" was not "
                          "provided."));
}

TEST(Validator, VariablesMustBeDefinedUsedAndOfAnAllowedType) {
  EXPECT_THAT(errors_of("query Q { book(id: $id) { title } }"),
              ElementsAre("Variable \"$id\" is not defined by operation \"Q\"."));
  EXPECT_THAT(errors_of("query Q($id: ID!, $x: Int) { book(id: $id) { title } }"),
              ElementsAre("Variable \"$x\" is never used in operation \"Q\"."));
  EXPECT_THAT(errors_of("query ($id: ID) { book(id: $id) { title } }"),
              ElementsAre("Variable \"$id\" of type \"ID\" used in position expecting type "
                          "\"ID!\"."));
  EXPECT_THAT(errors_of("query ($b: Book) { books { title } }"),
              ElementsAre("Variable \"$b\" cannot be non-input type \"Book\".",
                          "Variable \"$b\" is never used."));
}

TEST(Validator, FragmentsMustExistApplyBeUsedAndNotLoop) {
  EXPECT_THAT(errors_of("{ books { ...Missing } }"), ElementsAre("Unknown fragment \"Missing\"."));
  EXPECT_THAT(errors_of("{ books { title } } fragment F on Book { title }"),
              ElementsAre("Fragment \"F\" is never used."));
  EXPECT_THAT(errors_of("{ books { ...F } } fragment F on Query { books { title } }"),
              ElementsAre("Fragment \"F\" cannot be spread here as objects of type \"Book\" can "
                          "never be of type \"Query\"."));
  EXPECT_THAT(
      errors_of("{ books { ...A } } fragment A on Book { ...B } fragment B on Book { ...A }"),
      ElementsAre("Cannot spread fragment \"A\" within itself.",
                  "Cannot spread fragment \"B\" within itself."));
}

TEST(Validator, OperationsDirectivesAndFieldMerging) {
  EXPECT_THAT(errors_of("{ books { title } } { books { title } }"),
              ElementsAre("This anonymous operation must be the only defined operation.",
                          "This anonymous operation must be the only defined operation."));
  EXPECT_THAT(errors_of("subscription { books { title } }"),
              ElementsAre("Schema is not configured for subscriptions."));
  EXPECT_THAT(errors_of("{ books @cache { title } }"),
              ElementsAre("Unknown directive \"@cache\"."));
  EXPECT_THAT(errors_of("{ x: book(id: \"1\") { title } x: book(id: \"2\") { title } }"),
              ElementsAre("Fields \"x\" conflict because they have differing arguments. Use "
                          "different aliases on the fields to fetch both if this was "
                          "intentional."));
  EXPECT_THAT(errors_of("{ books { t: title t: id } }"),
              ElementsAre("Fields \"t\" conflict because \"title\" and \"id\" are different "
                          "fields. Use different aliases on the fields to fetch both if this was "
                          "intentional."));
}

}  // namespace
}  // namespace mobilecs::graphql
