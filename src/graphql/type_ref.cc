#include "graphql/type_ref.h"

#include <stdexcept>

namespace mobilecs::graphql {

TypeRef TypeRef::named(std::string name) { return TypeRef{Kind::kNamed, std::move(name), nullptr}; }

TypeRef TypeRef::list_of(TypeRef item) {
  return TypeRef{Kind::kList, "", std::make_shared<const TypeRef>(std::move(item))};
}

TypeRef TypeRef::non_null(TypeRef type) {
  return TypeRef{Kind::kNonNull, "", std::make_shared<const TypeRef>(std::move(type))};
}

TypeRef TypeRef::parse(std::string_view text) {
  if (text.ends_with('!')) return non_null(parse(text.substr(0, text.size() - 1)));
  if (text.starts_with('[') && text.ends_with(']')) {
    return list_of(parse(text.substr(1, text.size() - 2)));
  }
  if (text.empty() || text.find_first_of("[]! ") != std::string_view::npos) {
    throw std::invalid_argument("not a GraphQL type: " + std::string(text));
  }
  return named(std::string(text));
}

const std::string& TypeRef::named_type() const {
  return kind == Kind::kNamed ? name : of_type->named_type();
}

std::string TypeRef::to_string() const {
  switch (kind) {
    case Kind::kNamed:
      return name;
    case Kind::kList:
      return "[" + of_type->to_string() + "]";
    case Kind::kNonNull:
      return of_type->to_string() + "!";
  }
  return name;
}

bool operator==(const TypeRef& a, const TypeRef& b) {
  if (a.kind != b.kind) return false;
  return a.kind == TypeRef::Kind::kNamed ? a.name == b.name : *a.of_type == *b.of_type;
}

}  // namespace mobilecs::graphql
