#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace mobilecs::graphql {

// A reference to a type as written in GraphQL: `ID`, `[DataRecord]`, `DataRecord!`.
struct TypeRef {
  enum class Kind { kNamed, kList, kNonNull };

  Kind kind = Kind::kNamed;
  std::string name;                        // kNamed
  std::shared_ptr<const TypeRef> of_type;  // kList, kNonNull

  static TypeRef named(std::string name);
  static TypeRef list_of(TypeRef item);
  static TypeRef non_null(TypeRef type);
  // Reads the SDL form, e.g. "[DataRecord]!" (for writing schemas; throws on a typo).
  static TypeRef parse(std::string_view text);

  // The named type inside the wrappers.
  const std::string& named_type() const;
  std::string to_string() const;
  friend bool operator==(const TypeRef& a, const TypeRef& b);
};

}  // namespace mobilecs::graphql
