#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "graphql/type_ref.h"

namespace mobilecs::graphql {

// The syntax tree of an executable GraphQL document (queries, mutations, fragments), as the
// parser builds it. Locations are 1-based line and column, for error messages.

struct Location {
  std::size_t line = 0;
  std::size_t column = 0;
};

struct Value {
  enum class Kind { kVariable, kInt, kFloat, kString, kBoolean, kNull, kEnum, kList, kObject };

  Kind kind = Kind::kNull;
  // Variable name, number text, decoded string, enum value name, or "true"/"false".
  std::string text;
  std::vector<Value> items;                           // kList
  std::vector<std::pair<std::string, Value>> fields;  // kObject
  Location location;
};

struct Argument {
  std::string name;
  Value value;
  Location location;
};

struct Directive {
  std::string name;
  std::vector<Argument> arguments;
  Location location;
};

struct Selection;
using SelectionSet = std::vector<Selection>;

struct Selection {
  enum class Kind { kField, kFragmentSpread, kInlineFragment };

  Kind kind = Kind::kField;
  std::string alias;  // kField; empty when none
  std::string name;   // kField: the field; kFragmentSpread: the fragment
  std::vector<Argument> arguments;
  std::vector<Directive> directives;
  std::string type_condition;  // kInlineFragment; empty when none
  SelectionSet selection_set;
  Location location;

  const std::string& response_key() const { return alias.empty() ? name : alias; }
};

struct VariableDefinition {
  std::string name;
  TypeRef type;
  std::optional<Value> default_value;
  Location location;
};

struct OperationDefinition {
  std::string operation = "query";  // query, mutation or subscription
  std::string name;                 // empty when anonymous
  std::vector<VariableDefinition> variables;
  std::vector<Directive> directives;
  SelectionSet selection_set;
  Location location;
};

struct FragmentDefinition {
  std::string name;
  std::string type_condition;
  std::vector<Directive> directives;
  SelectionSet selection_set;
  Location location;
};

struct Document {
  std::vector<OperationDefinition> operations;
  std::vector<FragmentDefinition> fragments;
};

}  // namespace mobilecs::graphql
