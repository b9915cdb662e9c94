#include <gtest/gtest.h>

#include <random>

#include "graphql/executor.h"
#include "graphql/test/test_schema.h"

namespace mobilecs::graphql {
namespace {

// Mutations of valid requests — characters dropped, duplicated or replaced by GraphQL's own
// punctuation — must each come back as a response (data and/or errors), never as an exception
// or a crash.
TEST(Robustness, MangledRequestsAlwaysGetAResponse) {
  const std::vector<std::string> seeds{
      R"(query Q($id: ID!, $y: Int = 1815) { a: book(id: $id) { ...F title @skip(if: false) } books(year: $y) { id size } } fragment F on Book { year __typename })",
      R"(mutation { addBook(input: {title: "T\u00e9", year: 2000, size: "9223372036854775807"}) { id size } })",
      R"({ __schema { types { name fields(includeDeprecated: true) { name args { defaultValue } } } } __type(name: "BookInput") { inputFields { name } } })",
      R"(query { books { ... on Book { title } ... @include(if: true) { id } } fail bookOrFail(id: 9) { id } } # end)",
      "{ f(s: \"\"\"block\n  \\\"\"\" text\"\"\", l: [1, 2.5e3, -0, null, ENUM], o: {a: {b: "
      "[{}]}}) }"};
  const std::string alphabet = "{}[]()!$:=@.\"\\#,\n 0aZ_-e+";
  std::mt19937 random(20261125);
  const Json variables{{"id", "1"}, {"y", nullptr}};
  int responses = 0;
  for (int i = 0; i < 20'000; ++i) {
    std::string query = seeds[random() % seeds.size()];
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !query.empty(); ++e) {
      const std::size_t at = random() % query.size();
      switch (random() % 3) {
        case 0:
          query.erase(at, 1 + random() % 3);
          break;
        case 1:
          query.insert(at, 1, alphabet[random() % alphabet.size()]);
          break;
        default:
          query[at] = static_cast<char>(random() % 256);
      }
    }
    Json response;
    ASSERT_NO_THROW(response = execute(test::library_schema(), Request{query, "", variables}))
        << query;
    ASSERT_TRUE(response.contains("data") || response.contains("errors")) << query;
    ASSERT_NO_THROW(response.dump()) << "not valid UTF-8: " << query;
    if (response.contains("errors")) {
      for (const auto& e : response["errors"]) ASSERT_TRUE(e["message"].is_string()) << query;
    }
    ++responses;
  }
  EXPECT_EQ(responses, 20'000);
}

}  // namespace
}  // namespace mobilecs::graphql
