#pragma once

#include <any>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graphql/graphql_error.h"
#include "graphql/type_ref.h"

namespace mobilecs::graphql {

enum class TypeKind { kScalar, kObject, kInputObject, kEnum };

// Computes a field's value from its parent's value and its coerced arguments; `context` is
// what the caller of execute() passed along (who asks, for instance). May throw FieldError (or
// anything derived from std::exception) to fail just this field.
using Resolver =
    std::function<Json(const Json& source, const Json& arguments, const std::any& context)>;

struct InputValueDefinition {
  std::string name;
  TypeRef type;
  std::string description;
  std::optional<Json> default_value;
};

struct FieldDefinition {
  std::string name;
  TypeRef type;
  std::string description;
  std::vector<InputValueDefinition> arguments;
  Resolver resolve;  // empty: the parent value's member of the same name
  // A permission the caller must hold to select the field (ExecutionOptions::permits); empty:
  // none.
  std::string required_permission = {};

  const InputValueDefinition* argument(const std::string& name) const;
};

struct EnumValueDefinition {
  std::string name;
  std::string description;
};

struct TypeDefinition {
  TypeKind kind = TypeKind::kObject;
  std::string name;
  std::string description;
  std::vector<FieldDefinition> fields;             // kObject
  std::vector<InputValueDefinition> input_fields;  // kInputObject
  std::vector<EnumValueDefinition> enum_values;    // kEnum

  const FieldDefinition* field(const std::string& name) const;
  const InputValueDefinition* input_field(const std::string& name) const;
  bool is_input() const { return kind != TypeKind::kObject; }
  bool is_leaf() const { return kind == TypeKind::kScalar || kind == TypeKind::kEnum; }
};

struct DirectiveDefinition {
  std::string name;
  std::string description;
  std::vector<std::string> locations;
  std::vector<InputValueDefinition> arguments;
};

// A field failed with a message for the client; `code` goes to extensions.code.
class FieldError : public std::runtime_error {
 public:
  FieldError(const std::string& message, std::string code)
      : std::runtime_error(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

// A GraphQL schema: its types (with the built-in scalars Int, Float, String, Boolean and ID,
// the introspection types, and @skip/@include) and its root types. Immutable once built, so
// one schema serves every request thread.
class Schema {
 public:
  Schema();
  // Introspection resolvers point back at the schema: it stays where it was built.
  Schema(const Schema&) = delete;
  Schema& operator=(const Schema&) = delete;

  void add_type(TypeDefinition type);
  void set_query_type(std::string name) { query_type_ = std::move(name); }
  void set_mutation_type(std::string name) { mutation_type_ = std::move(name); }

  const TypeDefinition* type(const std::string& name) const;
  const std::map<std::string, TypeDefinition>& types() const { return types_; }
  const DirectiveDefinition* directive(const std::string& name) const;
  const std::vector<DirectiveDefinition>& directives() const { return directives_; }
  const std::string& query_type() const { return query_type_; }
  const std::string& mutation_type() const { return mutation_type_; }  // empty: none

  // The root type of an operation ("query", "mutation", "subscription"), or nullptr.
  const TypeDefinition* root_type(const std::string& operation) const;
  // A field of `type` by name, including the query root's __schema and __type; nullptr if none.
  const FieldDefinition* field(const TypeDefinition& type, const std::string& name) const;

 private:
  std::map<std::string, TypeDefinition> types_;
  std::vector<DirectiveDefinition> directives_;
  std::string query_type_;
  std::string mutation_type_;
  FieldDefinition schema_meta_field_;
  FieldDefinition type_meta_field_;
};

}  // namespace mobilecs::graphql
