#include "graphql/schema.h"

#include "graphql/introspection.h"

namespace mobilecs::graphql {

const InputValueDefinition* FieldDefinition::argument(const std::string& n) const {
  for (const auto& a : arguments) {
    if (a.name == n) return &a;
  }
  return nullptr;
}

const FieldDefinition* TypeDefinition::field(const std::string& n) const {
  for (const auto& f : fields) {
    if (f.name == n) return &f;
  }
  return nullptr;
}

const InputValueDefinition* TypeDefinition::input_field(const std::string& n) const {
  for (const auto& f : input_fields) {
    if (f.name == n) return &f;
  }
  return nullptr;
}

Schema::Schema() {
  const auto scalar = [this](const char* name, const char* description) {
    add_type(TypeDefinition{TypeKind::kScalar, name, description, {}, {}, {}});
  };
  scalar("Int", "A signed 32-bit integer.");
  scalar("Float", "A double-precision floating-point number.");
  scalar("String", "UTF-8 text.");
  scalar("Boolean", "true or false.");
  scalar("ID", "A unique identifier, serialized as a string.");
  const std::vector<InputValueDefinition> condition{
      {"if", TypeRef::parse("Boolean!"), "The condition.", std::nullopt}};
  directives_.push_back({"skip",
                         "Skips this field or fragment when `if` is true.",
                         {"FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"},
                         condition});
  directives_.push_back({"include",
                         "Includes this field or fragment only when `if` is true.",
                         {"FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"},
                         condition});
  add_introspection_types(*this);
  schema_meta_field_ = make_schema_meta_field(*this);
  type_meta_field_ = make_type_meta_field(*this);
}

void Schema::add_type(TypeDefinition type) {
  auto name = type.name;
  types_.insert_or_assign(std::move(name), std::move(type));
}

const TypeDefinition* Schema::type(const std::string& name) const {
  const auto it = types_.find(name);
  return it == types_.end() ? nullptr : &it->second;
}

const DirectiveDefinition* Schema::directive(const std::string& name) const {
  for (const auto& d : directives_) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

const TypeDefinition* Schema::root_type(const std::string& operation) const {
  if (operation == "query") return type(query_type_);
  if (operation == "mutation" && !mutation_type_.empty()) return type(mutation_type_);
  return nullptr;
}

}  // namespace mobilecs::graphql

namespace mobilecs::graphql {

const FieldDefinition* Schema::field(const TypeDefinition& type, const std::string& name) const {
  if (type.name == query_type_) {
    if (name == "__schema") return &schema_meta_field_;
    if (name == "__type") return &type_meta_field_;
  }
  return type.field(name);
}

}  // namespace mobilecs::graphql
