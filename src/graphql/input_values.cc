#include "graphql/input_values.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace mobilecs::graphql {
namespace {

std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

bool fits_int32(std::int64_t v) {
  return v >= std::numeric_limits<std::int32_t>::min() &&
         v <= std::numeric_limits<std::int32_t>::max();
}

// The JSON value of a scalar literal, or nullopt with `why` set.
std::optional<Json> scalar_literal(const std::string& scalar, const Value& v, std::string& why) {
  using K = Value::Kind;
  if (scalar == "Int") {
    if (v.kind == K::kInt) {
      const auto n = whole_number(v.text);
      if (n && fits_int32(*n)) return Json(*n);
      why = fmt::format("Int cannot represent non 32-bit signed integer value: {}", v.text);
      return std::nullopt;
    }
  } else if (scalar == "Long") {
    if (v.kind == K::kInt || v.kind == K::kString) {
      if (const auto n = whole_number(v.text)) return Json(*n);
      why = fmt::format("Long cannot represent {}: a 64-bit signed integer is expected",
                        literal_text(v));
      return std::nullopt;
    }
  } else if (scalar == "Float") {
    if (v.kind == K::kInt || v.kind == K::kFloat) {
      double d = 0;
      const auto [end, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), d);
      if (ec == std::errc() && std::isfinite(d)) return Json(d);
      why = fmt::format("Float cannot represent non numeric value: {}", v.text);
      return std::nullopt;
    }
  } else if (scalar == "String") {
    if (v.kind == K::kString) return Json(v.text);
  } else if (scalar == "Boolean") {
    if (v.kind == K::kBoolean) return Json(v.text == "true");
  } else if (scalar == "ID") {
    if (v.kind == K::kString || v.kind == K::kInt) return Json(v.text);
  } else {
    why = fmt::format("unknown scalar {}", scalar);
    return std::nullopt;
  }
  why = fmt::format("{} cannot represent {}", scalar, literal_text(v));
  return std::nullopt;
}

std::optional<Json> scalar_variable(const std::string& scalar, const Json& v) {
  if (scalar == "Int") {
    if (v.is_number_integer() && fits_int32(v.get<std::int64_t>()) &&
        !(v.is_number_unsigned() && v.get<std::uint64_t>() > INT32_MAX)) {
      return v;
    }
  } else if (scalar == "Long") {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      return std::nullopt;
    }
    if (v.is_number_integer()) return v;
    if (v.is_string()) {
      if (const auto n = whole_number(v.get_ref<const std::string&>())) return Json(*n);
    }
  } else if (scalar == "Float") {
    if (v.is_number()) return v;
  } else if (scalar == "String") {
    if (v.is_string()) return v;
  } else if (scalar == "Boolean") {
    if (v.is_boolean()) return v;
  } else if (scalar == "ID") {
    if (v.is_string()) return v;
    if (v.is_number_integer()) return Json(v.dump());
  }
  return std::nullopt;
}

}  // namespace

std::string literal_text(const Value& v) {
  using K = Value::Kind;
  switch (v.kind) {
    case K::kVariable:
      return "$" + v.text;
    case K::kString:
      return Json(v.text).dump();
    case K::kNull:
      return "null";
    case K::kList: {
      std::vector<std::string> items;
      for (const auto& i : v.items) items.push_back(literal_text(i));
      return fmt::format("[{}]", fmt::join(items, ", "));
    }
    case K::kObject: {
      std::vector<std::string> fields;
      for (const auto& [name, value] : v.fields)
        fields.push_back(name + ": " + literal_text(value));
      return fmt::format("{{{}}}", fmt::join(fields, ", "));
    }
    default:
      return v.text;
  }
}

std::optional<std::string> literal_problem(const Schema& schema, const Value& v,
                                           const TypeRef& type) {
  using K = Value::Kind;
  if (v.kind == K::kVariable) return std::nullopt;
  if (type.kind == TypeRef::Kind::kNonNull) {
    if (v.kind == K::kNull) {
      return fmt::format("Expected value of type \"{}\", found null.", type.to_string());
    }
    return literal_problem(schema, v, *type.of_type);
  }
  if (v.kind == K::kNull) return std::nullopt;
  if (type.kind == TypeRef::Kind::kList) {
    if (v.kind != K::kList) return literal_problem(schema, v, *type.of_type);
    for (const auto& item : v.items) {
      if (auto problem = literal_problem(schema, item, *type.of_type)) return problem;
    }
    return std::nullopt;
  }
  const TypeDefinition* def = schema.type(type.name);
  if (def == nullptr) return fmt::format("Unknown type \"{}\".", type.name);
  const auto expected = [&] {
    return fmt::format("Expected value of type \"{}\", found {}", type.name, literal_text(v));
  };
  switch (def->kind) {
    case TypeKind::kScalar: {
      std::string why;
      if (scalar_literal(def->name, v, why)) return std::nullopt;
      return fmt::format("{}; {}.", expected(), why);
    }
    case TypeKind::kEnum:
      if (v.kind == K::kEnum) {
        for (const auto& e : def->enum_values) {
          if (e.name == v.text) return std::nullopt;
        }
      }
      return expected() + ".";
    case TypeKind::kInputObject: {
      if (v.kind != K::kObject) return expected() + ".";
      for (const auto& [name, value] : v.fields) {
        const InputValueDefinition* field = def->input_field(name);
        if (field == nullptr) {
          return fmt::format("Field \"{}\" is not defined by type \"{}\".", name, def->name);
        }
        if (auto problem = literal_problem(schema, value, field->type)) return problem;
      }
      for (const auto& field : def->input_fields) {
        const bool given = std::any_of(v.fields.begin(), v.fields.end(),
                                       [&](const auto& f) { return f.first == field.name; });
        if (!given && field.type.kind == TypeRef::Kind::kNonNull && !field.default_value) {
          return fmt::format("Field \"{}.{}\" of required type \"{}\" was not provided.", def->name,
                             field.name, field.type.to_string());
        }
      }
      return std::nullopt;
    }
    case TypeKind::kObject:
      break;
  }
  return fmt::format("\"{}\" is not an input type.", def->name);
}

Json coerce_variable_value(const Schema& schema, const Json& v, const TypeRef& type) {
  if (type.kind == TypeRef::Kind::kNonNull) {
    if (v.is_null()) {
      throw std::invalid_argument(
          fmt::format("Expected non-nullable type \"{}\" not to be null.", type.to_string()));
    }
    return coerce_variable_value(schema, v, *type.of_type);
  }
  if (v.is_null()) return v;
  if (type.kind == TypeRef::Kind::kList) {
    Json out = Json::array();
    if (!v.is_array()) {
      out.push_back(coerce_variable_value(schema, v, *type.of_type));
      return out;
    }
    for (const auto& item : v) out.push_back(coerce_variable_value(schema, item, *type.of_type));
    return out;
  }
  const TypeDefinition* def = schema.type(type.name);
  const auto invalid = [&] {
    return std::invalid_argument(fmt::format("{} is not a valid {}.",
                                             v.dump(-1, ' ', false, Json::error_handler_t::replace),
                                             type.name));
  };
  switch (def->kind) {
    case TypeKind::kScalar:
      if (auto coerced = scalar_variable(def->name, v)) return *coerced;
      throw invalid();
    case TypeKind::kEnum:
      if (v.is_string()) {
        for (const auto& e : def->enum_values) {
          if (e.name == v.get<std::string>()) return v;
        }
      }
      throw invalid();
    case TypeKind::kInputObject: {
      if (!v.is_object()) throw invalid();
      Json out = Json::object();
      for (const auto& [name, value] : v.items()) {
        if (def->input_field(name) == nullptr) {
          throw std::invalid_argument(
              fmt::format("Field \"{}\" is not defined by type \"{}\".", name, def->name));
        }
      }
      for (const auto& field : def->input_fields) {
        const auto it = v.find(field.name);
        if (it != v.end()) {
          try {
            out[field.name] = coerce_variable_value(schema, *it, field.type);
          } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(fmt::format("At \"{}\": {}", field.name, e.what()));
          }
        } else if (field.default_value) {
          out[field.name] = *field.default_value;
        } else if (field.type.kind == TypeRef::Kind::kNonNull) {
          throw std::invalid_argument(
              fmt::format("Field \"{}\" of required type \"{}\" was not provided.", field.name,
                          field.type.to_string()));
        }
      }
      return out;
    }
    case TypeKind::kObject:
      break;
  }
  throw invalid();
}

std::optional<Json> literal_value(const Schema& schema, const Value& v, const TypeRef& type,
                                  const Json& variables) {
  using K = Value::Kind;
  if (v.kind == K::kVariable) {
    const auto it = variables.find(v.text);
    if (it == variables.end()) return std::nullopt;
    return *it;
  }
  if (type.kind == TypeRef::Kind::kNonNull) {
    return literal_value(schema, v, *type.of_type, variables);
  }
  if (v.kind == K::kNull) return Json();
  if (type.kind == TypeRef::Kind::kList) {
    Json out = Json::array();
    if (v.kind != K::kList) {
      out.push_back(literal_value(schema, v, *type.of_type, variables).value_or(Json()));
      return out;
    }
    for (const auto& item : v.items) {
      out.push_back(literal_value(schema, item, *type.of_type, variables).value_or(Json()));
    }
    return out;
  }
  const TypeDefinition* def = schema.type(type.name);
  switch (def->kind) {
    case TypeKind::kScalar: {
      std::string why;
      return scalar_literal(def->name, v, why).value_or(Json());
    }
    case TypeKind::kEnum:
      return Json(v.text);
    case TypeKind::kInputObject: {
      Json out = Json::object();
      for (const auto& field : def->input_fields) {
        const auto it = std::find_if(v.fields.begin(), v.fields.end(),
                                     [&](const auto& f) { return f.first == field.name; });
        std::optional<Json> value;
        if (it != v.fields.end()) value = literal_value(schema, it->second, field.type, variables);
        if (!value && field.default_value) value = *field.default_value;
        if (value) out[field.name] = std::move(*value);
      }
      return out;
    }
    case TypeKind::kObject:
      break;
  }
  return Json();
}

Json serialize_leaf(const TypeDefinition& type, const Json& result) {
  if (type.kind == TypeKind::kEnum) {
    if (result.is_string()) return result;
  } else if (auto value = scalar_variable(type.name, result)) {
    return *value;
  }
  throw std::invalid_argument(
      fmt::format("{} cannot represent value: {}", type.name,
                  result.dump(-1, ' ', false, Json::error_handler_t::replace)));
}

}  // namespace mobilecs::graphql
