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

  const FragmentDefinition* fragment(const std::string& name) const {
    for (const auto& f : fragments) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
};

// The fields of a selection set under their response names, in first-seen order: what
// validation merges and execution resolves once per name (GraphQL spec §6.3.2).
using FieldGroups = std::vector<std::pair<std::string, std::vector<const Selection*>>>;

inline void add_to_group(FieldGroups& groups, const Selection& field) {
  for (auto& [key, fields] : groups) {
    if (key == field.response_key()) {
      fields.push_back(&field);
      return;
    }
  }
  groups.emplace_back(field.response_key(), std::vector<const Selection*>{&field});
}

}  // namespace mobilecs::graphql
