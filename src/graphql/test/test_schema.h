#pragma once

#include "graphql/schema.h"

namespace mobilecs::graphql::test {

// A small schema for testing the engine on its own:
//   type Book { id: ID!, title: String!, year: Int, size: Long }
//   input BookInput { title: String!, year: Int = 2000, size: Long }
//   type Query { book(id: ID!): Book, books(year: Int): [Book!]!, fail: String,
//                bookOrFail(id: ID!): Book! }
//   type Mutation { addBook(input: BookInput!): Book! }
// Books: "1" Dune (1965, size 6000000000), "2" Emma (1815, no size). `fail` and `bookOrFail`
// of an unknown id throw FieldError("no such book", "NOT_FOUND").
inline const Schema& library_schema() {
  static const Schema& schema = []() -> const Schema& {
    auto* s = new Schema;
    const Json books =
        Json::array({Json{{"id", "1"}, {"title", "Dune"}, {"year", 1965}, {"size", 6000000000LL}},
                     Json{{"id", "2"}, {"title", "Emma"}, {"year", 1815}, {"size", nullptr}}});
    const auto find = [books](const std::string& id) {
      for (const auto& b : books) {
        if (b["id"] == id) return b;
      }
      return Json();
    };
    s->add_type({TypeKind::kScalar, "Long", "A 64-bit integer.", {}, {}, {}});
    TypeDefinition book{TypeKind::kObject, "Book", "A book.", {}, {}, {}};
    book.fields = {{"id", TypeRef::parse("ID!"), "", {}, {}},
                   {"title", TypeRef::parse("String!"), "", {}, {}},
                   {"year", TypeRef::parse("Int"), "", {}, {}},
                   {"size", TypeRef::parse("Long"), "", {}, {}}};
    s->add_type(std::move(book));
    TypeDefinition input{TypeKind::kInputObject, "BookInput", "", {}, {}, {}};
    input.input_fields = {{"title", TypeRef::parse("String!"), "", std::nullopt},
                          {"year", TypeRef::parse("Int"), "", Json(2000)},
                          {"size", TypeRef::parse("Long"), "", std::nullopt}};
    s->add_type(std::move(input));
    TypeDefinition query{TypeKind::kObject, "Query", "", {}, {}, {}};
    const InputValueDefinition id{"id", TypeRef::parse("ID!"), "", std::nullopt};
    query.fields = {
        {"book",
         TypeRef::parse("Book"),
         "",
         {id},
         [find](const Json&, const Json& args, const std::any&) { return find(args["id"]); }},
        {"books",
         TypeRef::parse("[Book!]!"),
         "",
         {{"year", TypeRef::parse("Int"), "", std::nullopt}},
         [books](const Json&, const Json& args, const std::any&) {
           Json out = Json::array();
           for (const auto& b : books) {
             if (!args.contains("year") || args["year"].is_null() || b["year"] == args["year"]) {
               out.push_back(b);
             }
           }
           return out;
         }},
        {"fail",
         TypeRef::parse("String"),
         "",
         {},
         [](const Json&, const Json&, const std::any&) -> Json {
           throw FieldError("no such book", "NOT_FOUND");
         }},
        {"bookOrFail",
         TypeRef::parse("Book!"),
         "",
         {id},
         [find](const Json&, const Json& args, const std::any&) {
           Json b = find(args["id"]);
           if (b.is_null()) throw FieldError("no such book", "NOT_FOUND");
           return b;
         }}};
    s->add_type(std::move(query));
    TypeDefinition mutation{TypeKind::kObject, "Mutation", "", {}, {}, {}};
    mutation.fields = {{"addBook",
                        TypeRef::parse("Book!"),
                        "",
                        {{"input", TypeRef::parse("BookInput!"), "", std::nullopt}},
                        [](const Json&, const Json& args, const std::any&) {
                          Json b = args["input"];
                          b["id"] = "3";
                          return b;
                        }}};
    s->add_type(std::move(mutation));
    s->set_query_type("Query");
    s->set_mutation_type("Mutation");
    return *s;
  }();
  return schema;
}

}  // namespace mobilecs::graphql::test
