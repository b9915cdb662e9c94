#include "graphql/introspection.h"

#include <fmt/format.h>

namespace mobilecs::graphql {
namespace {

Json description_json(const std::string& d) { return d.empty() ? Json(nullptr) : Json(d); }

const char* kind_name(TypeKind kind) {
  switch (kind) {
    case TypeKind::kScalar:
      return "SCALAR";
    case TypeKind::kObject:
      return "OBJECT";
    case TypeKind::kInputObject:
      return "INPUT_OBJECT";
    case TypeKind::kEnum:
      return "ENUM";
  }
  return "SCALAR";
}

Json type_ref_json(const Schema& schema, const TypeRef& t) {
  switch (t.kind) {
    case TypeRef::Kind::kNonNull:
      return Json{
          {"kind", "NON_NULL"}, {"name", nullptr}, {"ofType", type_ref_json(schema, *t.of_type)}};
    case TypeRef::Kind::kList:
      return Json{
          {"kind", "LIST"}, {"name", nullptr}, {"ofType", type_ref_json(schema, *t.of_type)}};
    case TypeRef::Kind::kNamed:
      break;
  }
  const TypeDefinition* def = schema.type(t.name);
  return Json{{"kind", def != nullptr ? kind_name(def->kind) : "SCALAR"},
              {"name", t.name},
              {"ofType", nullptr}};
}

Json input_value_json(const Schema& schema, const InputValueDefinition& v) {
  return Json{{"name", v.name},
              {"description", description_json(v.description)},
              {"type", type_ref_json(schema, v.type)},
              {"defaultValue", v.default_value ? Json(graphql_literal(*v.default_value)) : Json()},
              {"isDeprecated", false},
              {"deprecationReason", nullptr}};
}

Json input_values_json(const Schema& schema, const std::vector<InputValueDefinition>& values) {
  Json out = Json::array();
  for (const auto& v : values) out.push_back(input_value_json(schema, v));
  return out;
}

// The definition behind a __Type value; nullptr for wrappers (LIST, NON_NULL).
const TypeDefinition* definition_of(const Schema& schema, const Json& type) {
  const auto& name = type["name"];
  return name.is_string() ? schema.type(name.get<std::string>()) : nullptr;
}

// A field of an introspection type that reads the parent value's member of the same name.
FieldDefinition member(const char* name, const char* type) {
  return FieldDefinition{name, TypeRef::parse(type), "", {}, {}};
}

const std::vector<InputValueDefinition> kIncludeDeprecated{
    {"includeDeprecated", TypeRef::parse("Boolean"), "", Json(false)}};

TypeDefinition type_type(const Schema& s) {
  TypeDefinition t{TypeKind::kObject,
                   "__Type",
                   "A type of the schema, or a list / non-null wrapper of one.",
                   {},
                   {},
                   {}};
  t.fields.push_back(member("kind", "__TypeKind!"));
  t.fields.push_back(member("name", "String"));
  const auto from_definition = [&s](const char* name, const char* type,
                                    std::vector<InputValueDefinition> args,
                                    std::function<Json(const TypeDefinition&)> read) {
    return FieldDefinition{name, TypeRef::parse(type), "", std::move(args),
                           [&s, read](const Json& source, const Json&, const std::any&) {
                             const TypeDefinition* def = definition_of(s, source);
                             return def != nullptr ? read(*def) : Json();
                           }};
  };
  t.fields.push_back(from_definition("description", "String", {}, [](const TypeDefinition& d) {
    return description_json(d.description);
  }));
  t.fields.push_back(from_definition("specifiedByURL", "String", {},
                                     [](const TypeDefinition&) { return Json(); }));
  t.fields.push_back(
      from_definition("fields", "[__Field!]", kIncludeDeprecated, [&s](const TypeDefinition& d) {
        if (d.kind != TypeKind::kObject) return Json();
        Json out = Json::array();
        for (const auto& f : d.fields) {
          out.push_back(Json{{"name", f.name},
                             {"description", description_json(f.description)},
                             {"args", input_values_json(s, f.arguments)},
                             {"type", type_ref_json(s, f.type)},
                             {"isDeprecated", false},
                             {"deprecationReason", nullptr}});
        }
        return out;
      }));
  t.fields.push_back(from_definition("interfaces", "[__Type!]", {}, [](const TypeDefinition& d) {
    return d.kind == TypeKind::kObject ? Json::array() : Json();
  }));
  t.fields.push_back(from_definition("possibleTypes", "[__Type!]", {},
                                     [](const TypeDefinition&) { return Json(); }));
  t.fields.push_back(from_definition(
      "enumValues", "[__EnumValue!]", kIncludeDeprecated, [](const TypeDefinition& d) {
        if (d.kind != TypeKind::kEnum) return Json();
        Json out = Json::array();
        for (const auto& v : d.enum_values) {
          out.push_back(Json{{"name", v.name},
                             {"description", description_json(v.description)},
                             {"isDeprecated", false},
                             {"deprecationReason", nullptr}});
        }
        return out;
      }));
  t.fields.push_back(from_definition(
      "inputFields", "[__InputValue!]", kIncludeDeprecated, [&s](const TypeDefinition& d) {
        return d.kind == TypeKind::kInputObject ? input_values_json(s, d.input_fields) : Json();
      }));
  t.fields.push_back(member("ofType", "__Type"));
  t.fields.push_back(from_definition("isOneOf", "Boolean", {}, [](const TypeDefinition& d) {
    return d.kind == TypeKind::kInputObject ? Json(false) : Json();
  }));
  return t;
}

TypeDefinition enum_type(const char* name, const char* description,
                         std::initializer_list<const char*> values) {
  TypeDefinition t{TypeKind::kEnum, name, description, {}, {}, {}};
  for (const char* v : values) t.enum_values.push_back({v, ""});
  return t;
}

Json schema_json(const Schema& s) {
  Json types = Json::array();
  for (const auto& [name, def] : s.types()) {
    types.push_back(type_ref_json(s, TypeRef::named(name)));
  }
  Json directives = Json::array();
  for (const auto& d : s.directives()) {
    directives.push_back(Json{{"name", d.name},
                              {"description", description_json(d.description)},
                              {"locations", d.locations},
                              {"args", input_values_json(s, d.arguments)},
                              {"isRepeatable", false}});
  }
  const auto root = [&s](const std::string& name) {
    return name.empty() ? Json() : type_ref_json(s, TypeRef::named(name));
  };
  return Json{{"description", nullptr},
              {"types", std::move(types)},
              {"queryType", root(s.query_type())},
              {"mutationType", root(s.mutation_type())},
              {"subscriptionType", nullptr},
              {"directives", std::move(directives)}};
}

}  // namespace

void add_introspection_types(Schema& s) {
  TypeDefinition schema{TypeKind::kObject,
                        "__Schema",
                        "What this GraphQL service offers: its types, root types and directives.",
                        {},
                        {},
                        {}};
  schema.fields = {member("description", "String"),      member("types", "[__Type!]!"),
                   member("queryType", "__Type!"),       member("mutationType", "__Type"),
                   member("subscriptionType", "__Type"), member("directives", "[__Directive!]!")};
  s.add_type(std::move(schema));
  s.add_type(type_type(s));
  TypeDefinition field{TypeKind::kObject, "__Field", "A field of an object type.", {}, {}, {}};
  field.fields = {
      member("name", "String!"),
      member("description", "String"),
      FieldDefinition{"args", TypeRef::parse("[__InputValue!]!"), "", kIncludeDeprecated, {}},
      member("type", "__Type!"),
      member("isDeprecated", "Boolean!"),
      member("deprecationReason", "String")};
  s.add_type(std::move(field));
  TypeDefinition input{
      TypeKind::kObject, "__InputValue", "An argument or a field of an input object.", {}, {}, {}};
  input.fields = {member("name", "String!"),          member("description", "String"),
                  member("type", "__Type!"),          member("defaultValue", "String"),
                  member("isDeprecated", "Boolean!"), member("deprecationReason", "String")};
  s.add_type(std::move(input));
  TypeDefinition enum_value{
      TypeKind::kObject, "__EnumValue", "A value of an enum type.", {}, {}, {}};
  enum_value.fields = {member("name", "String!"), member("description", "String"),
                       member("isDeprecated", "Boolean!"), member("deprecationReason", "String")};
  s.add_type(std::move(enum_value));
  TypeDefinition directive{
      TypeKind::kObject, "__Directive", "A directive the service supports.", {}, {}, {}};
  directive.fields = {
      member("name", "String!"), member("description", "String"),
      member("isRepeatable", "Boolean!"), member("locations", "[__DirectiveLocation!]!"),
      FieldDefinition{"args", TypeRef::parse("[__InputValue!]!"), "", kIncludeDeprecated, {}}};
  s.add_type(std::move(directive));
  s.add_type(enum_type(
      "__TypeKind", "What kind of type a __Type is.",
      {"SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT", "LIST", "NON_NULL"}));
  s.add_type(enum_type("__DirectiveLocation", "Where a directive may appear.",
                       {"QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION",
                        "FRAGMENT_SPREAD", "INLINE_FRAGMENT", "VARIABLE_DEFINITION", "SCHEMA",
                        "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE",
                        "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION"}));
}

FieldDefinition make_schema_meta_field(const Schema& s) {
  return FieldDefinition{
      "__schema",
      TypeRef::parse("__Schema!"),
      "The schema's introspection.",
      {},
      [&s](const Json&, const Json&, const std::any&) { return schema_json(s); }};
}

FieldDefinition make_type_meta_field(const Schema& s) {
  return FieldDefinition{"__type",
                         TypeRef::parse("__Type"),
                         "A type by name.",
                         {{"name", TypeRef::parse("String!"), "", std::nullopt}},
                         [&s](const Json&, const Json& args, const std::any&) {
                           const auto name = args["name"].get<std::string>();
                           return s.type(name) != nullptr ? type_ref_json(s, TypeRef::named(name))
                                                          : Json();
                         }};
}

std::string graphql_literal(const Json& value) {
  if (value.is_array()) {
    std::vector<std::string> items;
    for (const auto& v : value) items.push_back(graphql_literal(v));
    return fmt::format("[{}]", fmt::join(items, ", "));
  }
  if (value.is_object()) {
    std::vector<std::string> fields;
    for (const auto& [k, v] : value.items()) fields.push_back(k + ": " + graphql_literal(v));
    return fmt::format("{{{}}}", fmt::join(fields, ", "));
  }
  return value.dump();
}

}  // namespace mobilecs::graphql
