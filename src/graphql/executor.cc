#include "graphql/executor.h"

#include <fmt/format.h>

#include "graphql/input_values.h"
#include "graphql/parser.h"
#include "graphql/validator.h"

namespace mobilecs::graphql {
namespace {

// Thrown when a non-null position got null: its nearest nullable ancestor becomes null.
struct NullPropagation {};

class Execution {
 public:
  Execution(const Schema& schema, const Document& doc, Json variables,
            const ExecutionOptions& options)
      : schema_(schema), doc_(doc), variables_(std::move(variables)), options_(options) {}

  Json run(const OperationDefinition& op) {
    const TypeDefinition& root = *schema_.root_type(op.operation);
    Json data;
    try {
      data = selection_set(root, Json::object(), {&op.selection_set}, Json::array());
    } catch (const NullPropagation&) {
      data = nullptr;
    }
    Json response;
    if (!errors_.empty()) {
      Json errors = Json::array();
      for (const auto& e : errors_) errors.push_back(e.to_json());
      response["errors"] = std::move(errors);
    }
    response["data"] = std::move(data);
    return response;
  }

 private:
  bool included(const std::vector<Directive>& directives) const {
    for (const auto& d : directives) {
      if (d.name != "skip" && d.name != "include") continue;
      const auto value =
          literal_value(schema_, d.arguments.at(0).value, TypeRef::parse("Boolean!"), variables_);
      const bool condition = value && value->is_boolean() && value->get<bool>();
      if (d.name == "skip" ? condition : !condition) return false;
    }
    return true;
  }

  // §6.3.2 CollectFields, over the selection sets of all fields merged under one response key.
  void collect(const TypeDefinition& type, const SelectionSet& set, FieldGroups& groups,
               std::vector<std::string>& visited) const {
    for (const auto& s : set) {
      if (!included(s.directives)) continue;
      switch (s.kind) {
        case Selection::Kind::kField:
          add_to_group(groups, s);
          break;
        case Selection::Kind::kFragmentSpread: {
          if (std::find(visited.begin(), visited.end(), s.name) != visited.end()) break;
          visited.push_back(s.name);
          const FragmentDefinition* f = doc_.fragment(s.name);
          if (f->type_condition == type.name) collect(type, f->selection_set, groups, visited);
          break;
        }
        case Selection::Kind::kInlineFragment:
          if (s.type_condition.empty() || s.type_condition == type.name) {
            collect(type, s.selection_set, groups, visited);
          }
          break;
      }
    }
  }

  Json selection_set(const TypeDefinition& type, const Json& source,
                     const std::vector<const SelectionSet*>& sets, const Json& path) {
    FieldGroups groups;
    std::vector<std::string> visited;
    for (const SelectionSet* set : sets) collect(type, *set, groups, visited);
    Json out = Json::object();
    for (const auto& [key, fields] : groups) {
      Json field_path = path;
      field_path.push_back(key);
      out[key] = field(type, source, fields, field_path);
    }
    return out;
  }

  Json field(const TypeDefinition& type, const Json& source,
             const std::vector<const Selection*>& nodes, const Json& path) {
    const Selection& node = *nodes.front();
    if (options_.cancelled.stop_requested()) {
      throw RequestError(
          {Error{"The request was cancelled (the client went away, or its time "
                 "was up).",
                 {node.location},
                 nullptr,
                 Json{{"code", "CANCELLED"}}}});
    }
    if (node.name == "__typename") return Json(type.name);
    const FieldDefinition& def = *schema_.field(type, node.name);
    if (!def.required_permission.empty() && options_.permits &&
        !options_.permits(def.required_permission)) {
      return failed(def.type, node, path,
                    fmt::format("{} needs the permission {}, which the caller does not have",
                                def.name, def.required_permission),
                    Json{{"code", "FORBIDDEN"}, {"requiredPermission", def.required_permission}});
    }
    Json result;
    try {
      const Json arguments = coerce_arguments(def, node);
      if (def.resolve) {
        result = def.resolve(source, arguments, options_.context);
      } else if (source.is_object() && source.contains(def.name)) {
        result = source[def.name];
      }
    } catch (const FieldError& e) {
      return failed(def.type, node, path, e.what(), Json{{"code", e.code()}});
    } catch (const std::exception& e) {
      return failed(def.type, node, path, e.what(), nullptr);
    }
    return complete(def.type, nodes, result, path);
  }

  Json coerce_arguments(const FieldDefinition& def, const Selection& node) const {
    Json out = Json::object();
    for (const auto& arg : def.arguments) {
      const auto given = std::find_if(node.arguments.begin(), node.arguments.end(),
                                      [&](const Argument& a) { return a.name == arg.name; });
      std::optional<Json> value;
      if (given != node.arguments.end()) {
        value = literal_value(schema_, given->value, arg.type, variables_);
      }
      if (!value && arg.default_value) value = *arg.default_value;
      if (value && value->is_null() && arg.type.kind == TypeRef::Kind::kNonNull) {
        throw FieldError(fmt::format("Argument \"{}\" of non-null type \"{}\" must not be null.",
                                     arg.name, arg.type.to_string()),
                         "BAD_USER_INPUT");
      }
      if (!value && arg.type.kind == TypeRef::Kind::kNonNull) {
        throw FieldError(fmt::format("Argument \"{}\" of required type \"{}\" was not provided.",
                                     arg.name, arg.type.to_string()),
                         "BAD_USER_INPUT");
      }
      if (value) out[arg.name] = std::move(*value);
    }
    return out;
  }

  Json failed(const TypeRef& type, const Selection& node, const Json& path,
              const std::string& message, Json extensions) {
    errors_.push_back(Error{message, {node.location}, path, std::move(extensions)});
    if (type.kind == TypeRef::Kind::kNonNull) throw NullPropagation{};
    return nullptr;
  }

  // §6.4.3 CompleteValue. In a non-null position (`nullable` false) a null, or an error that
  // makes one, propagates to the parent instead.
  Json complete(const TypeRef& type, const std::vector<const Selection*>& nodes, const Json& result,
                const Json& path, bool nullable = true) {
    const Selection& node = *nodes.front();
    const auto null_here = [&](std::string message) -> Json {
      errors_.push_back(Error{std::move(message), {node.location}, path, nullptr});
      if (!nullable) throw NullPropagation{};
      return nullptr;
    };
    if (type.kind == TypeRef::Kind::kNonNull) {
      if (result.is_null()) {
        errors_.push_back(
            Error{fmt::format("Cannot return null for non-nullable field {}.", node.name),
                  {node.location},
                  path,
                  nullptr});
        throw NullPropagation{};
      }
      return complete(*type.of_type, nodes, result, path, false);
    }
    if (result.is_null()) return nullptr;
    try {
      if (type.kind == TypeRef::Kind::kList) {
        if (!result.is_array())
          return null_here(fmt::format("Expected a list for field {}.", node.name));
        Json out = Json::array();
        for (std::size_t i = 0; i < result.size(); ++i) {
          Json item_path = path;
          item_path.push_back(i);
          out.push_back(complete(*type.of_type, nodes, result[i], item_path));
        }
        return out;
      }
      const TypeDefinition& def = *schema_.type(type.name);
      if (def.is_leaf()) {
        try {
          return serialize_leaf(def, result);
        } catch (const std::invalid_argument& e) {
          return null_here(e.what());
        }
      }
      std::vector<const SelectionSet*> sets;
      for (const Selection* n : nodes) sets.push_back(&n->selection_set);
      return selection_set(def, result, sets, path);
    } catch (const NullPropagation&) {
      if (!nullable) throw;
      return nullptr;  // a non-null descendant failed: this nullable value becomes null
    }
  }

  const Schema& schema_;
  const Document& doc_;
  Json variables_;
  const ExecutionOptions& options_;
  std::vector<Error> errors_;
};

const OperationDefinition& choose_operation(const Document& doc, const std::string& name) {
  if (name.empty()) {
    if (doc.operations.size() == 1) return doc.operations.front();
    throw RequestError(
        {Error{doc.operations.empty() ? "The document has no operation to run."
                                      : "Must provide operation name if query contains multiple "
                                        "operations.",
               {},
               nullptr,
               nullptr}});
  }
  for (const auto& op : doc.operations) {
    if (op.name == name) return op;
  }
  throw RequestError(
      {Error{fmt::format("Unknown operation named \"{}\".", name), {}, nullptr, nullptr}});
}

// §6.1.2 CoerceVariableValues.
Json coerce_variables(const Schema& schema, const OperationDefinition& op, const Json& given) {
  Json out = Json::object();
  std::vector<Error> errors;
  for (const auto& def : op.variables) {
    const auto it = given.find(def.name);
    try {
      if (it != given.end()) {
        out[def.name] = coerce_variable_value(schema, *it, def.type);
      } else if (def.default_value) {
        out[def.name] =
            literal_value(schema, *def.default_value, def.type, Json::object()).value_or(Json());
      } else if (def.type.kind == TypeRef::Kind::kNonNull) {
        errors.push_back(Error{fmt::format("Variable \"${}\" of required type \"{}\" was not "
                                           "provided.",
                                           def.name, def.type.to_string()),
                               {def.location},
                               nullptr,
                               nullptr});
      }
    } catch (const std::invalid_argument& e) {
      errors.push_back(
          Error{fmt::format("Variable \"${}\" got invalid value {}; {}", def.name,
                            it->dump(-1, ' ', false, Json::error_handler_t::replace), e.what()),
                {def.location},
                nullptr,
                nullptr});
    }
  }
  if (!errors.empty()) throw RequestError(std::move(errors));
  return out;
}

}  // namespace

Json Error::to_json() const {
  Json out;
  out["message"] = message;
  if (!locations.empty()) {
    Json locs = Json::array();
    for (const auto& l : locations) locs.push_back(Json{{"line", l.line}, {"column", l.column}});
    out["locations"] = std::move(locs);
  }
  if (!path.is_null()) out["path"] = path;
  if (!extensions.is_null()) out["extensions"] = extensions;
  return out;
}

Json execute(const Schema& schema, const Request& request, const ExecutionOptions& options) {
  try {
    if (const std::size_t tokens = count_tokens(request.query, options.limits.max_tokens);
        tokens > options.limits.max_tokens) {
      throw RequestError(
          {too_complex(fmt::format("The query has more than {} tokens.", options.limits.max_tokens),
                       "maxTokens", options.limits.max_tokens)});
    }
    const Document doc = parse_document(request.query);
    if (auto errors = check_cost(doc, options.limits); !errors.empty()) {
      throw RequestError(std::move(errors));
    }
    if (auto errors = validate(schema, doc); !errors.empty()) throw RequestError(std::move(errors));
    const OperationDefinition& op = choose_operation(doc, request.operation_name);
    if (options.queries_only && op.operation == "mutation") {
      throw RequestError({Error{"Mutations are only accepted over POST.",
                                {},
                                nullptr,
                                Json{{"code", kMutationNotAllowed}}}});
    }
    const Json variables = coerce_variables(schema, op, request.variables);
    return Execution(schema, doc, variables, options).run(op);
  } catch (const RequestError& e) {
    Json errors = Json::array();
    for (const auto& error : e.errors()) errors.push_back(error.to_json());
    return Json{{"errors", std::move(errors)}};
  }
}

}  // namespace mobilecs::graphql
