#include "graphql/validator.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "graphql/input_values.h"

namespace mobilecs::graphql {
namespace {

struct VariableUsage {
  std::string name;
  TypeRef expected;
  bool has_location_default = false;  // the argument or input field has a default value
  Location location;
};

// Whether a variable of type `variable` may be passed where `expected` is wanted (§5.8.5).
bool allowed(const TypeRef& variable, const TypeRef& expected) {
  if (expected.kind == TypeRef::Kind::kNonNull) {
    return variable.kind == TypeRef::Kind::kNonNull &&
           allowed(*variable.of_type, *expected.of_type);
  }
  if (variable.kind == TypeRef::Kind::kNonNull) return allowed(*variable.of_type, expected);
  if (expected.kind == TypeRef::Kind::kList) {
    return variable.kind == TypeRef::Kind::kList && allowed(*variable.of_type, *expected.of_type);
  }
  return variable.kind == TypeRef::Kind::kNamed && variable.name == expected.name;
}

class Validator {
 public:
  Validator(const Schema& schema, const Document& doc) : schema_(schema), doc_(doc) {}

  std::vector<Error> run() {
    check_operations();
    check_fragment_definitions();
    for (const auto& op : doc_.operations) check_operation(op);
    for (const auto& f : doc_.fragments) {
      if (!used_fragments_.contains(f.name)) {
        error(fmt::format("Fragment \"{}\" is never used.", f.name), f.location);
      }
    }
    return std::move(errors_);
  }

 private:
  void error(std::string message, Location at) {
    for (const auto& e : errors_) {
      if (e.message == message && e.locations.front().line == at.line &&
          e.locations.front().column == at.column) {
        return;  // a fragment used twice reports its problems once
      }
    }
    errors_.push_back(Error{std::move(message), {at}, nullptr, nullptr});
  }

  void check_operations() {
    std::set<std::string> names;
    for (const auto& op : doc_.operations) {
      if (op.name.empty() && doc_.operations.size() > 1) {
        error("This anonymous operation must be the only defined operation.", op.location);
      }
      if (!op.name.empty() && !names.insert(op.name).second) {
        error(fmt::format("There can be only one operation named \"{}\".", op.name), op.location);
      }
      if (schema_.root_type(op.operation) == nullptr) {
        error(fmt::format("Schema is not configured for {}s.", op.operation), op.location);
      }
    }
  }

  void check_fragment_definitions() {
    std::set<std::string> names;
    for (const auto& f : doc_.fragments) {
      if (!names.insert(f.name).second) {
        error(fmt::format("There can be only one fragment named \"{}\".", f.name), f.location);
      }
      const TypeDefinition* on = schema_.type(f.type_condition);
      if (on == nullptr) {
        error(fmt::format("Unknown type \"{}\".", f.type_condition), f.location);
      } else if (on->is_input()) {
        error(fmt::format("Fragment \"{}\" cannot condition on non composite type \"{}\".", f.name,
                          f.type_condition),
              f.location);
      }
      std::vector<std::string> path;
      if (cyclic(f, path)) {
        error(fmt::format("Cannot spread fragment \"{}\" within itself.", f.name), f.location);
      }
    }
  }

  // Whether a cycle of spreads can be reached from `f`. Fragments already found free of cycles
  // are not walked again: a fragment spread twice by each of many others costs once.
  bool cyclic(const FragmentDefinition& f, std::vector<std::string>& path) {
    if (acyclic_.contains(f.name)) return false;
    if (std::find(path.begin(), path.end(), f.name) != path.end()) return true;
    path.push_back(f.name);
    bool found = false;
    visit_spreads(f.selection_set, [&](const std::string& name) {
      if (const FragmentDefinition* next = doc_.fragment(name))
        found = found || cyclic(*next, path);
    });
    path.pop_back();
    if (!found) acyclic_.insert(f.name);
    return found;
  }

  template <typename F>
  void visit_spreads(const SelectionSet& set, F&& f) {
    for (const auto& s : set) {
      if (s.kind == Selection::Kind::kFragmentSpread) f(s.name);
      visit_spreads(s.selection_set, f);
    }
  }

  void check_operation(const OperationDefinition& op) {
    const TypeDefinition* root = schema_.root_type(op.operation);
    if (root == nullptr) return;
    usages_.clear();
    visited_fragments_.clear();
    std::map<std::string, const VariableDefinition*> defined;
    for (const auto& v : op.variables) {
      if (!defined.emplace(v.name, &v).second) {
        error(fmt::format("There can be only one variable named \"${}\".", v.name), v.location);
      }
      const TypeDefinition* type = schema_.type(v.type.named_type());
      if (type == nullptr) {
        error(fmt::format("Unknown type \"{}\".", v.type.named_type()), v.location);
      } else if (!type->is_input()) {
        error(fmt::format("Variable \"${}\" cannot be non-input type \"{}\".", v.name,
                          v.type.to_string()),
              v.location);
      } else if (v.default_value) {
        if (auto problem = literal_problem(schema_, *v.default_value, v.type)) {
          error(*problem, v.default_value->location);
        }
      }
    }
    check_directives(op.directives, op.operation == "query" ? "QUERY" : "MUTATION");
    check_selection_set(*root, op.selection_set);
    check_merging(*root, {&op.selection_set});

    std::set<std::string> used;
    const std::string where = op.name.empty() ? "" : fmt::format(" by operation \"{}\"", op.name);
    for (const auto& u : usages_) {
      used.insert(u.name);
      const auto it = defined.find(u.name);
      if (it == defined.end()) {
        error(fmt::format("Variable \"${}\" is not defined{}.", u.name, where), u.location);
        continue;
      }
      const VariableDefinition& def = *it->second;
      TypeRef type = def.type;
      const bool has_default = def.default_value && def.default_value->kind != Value::Kind::kNull;
      if (expected_non_null_but_defaulted(type, u, has_default)) type = TypeRef::non_null(type);
      if (!allowed(type, u.expected)) {
        error(fmt::format("Variable \"${}\" of type \"{}\" used in position expecting type \"{}\".",
                          u.name, def.type.to_string(), u.expected.to_string()),
              u.location);
      }
    }
    for (const auto& v : op.variables) {
      if (!used.contains(v.name)) {
        error(fmt::format("Variable \"${}\" is never used{}.", v.name,
                          op.name.empty() ? "" : fmt::format(" in operation \"{}\"", op.name)),
              v.location);
      }
    }
  }

  // §5.8.5: a nullable variable with a default may fill a non-null position that also has one.
  static bool expected_non_null_but_defaulted(const TypeRef& type, const VariableUsage& u,
                                              bool has_default) {
    return type.kind != TypeRef::Kind::kNonNull && u.expected.kind == TypeRef::Kind::kNonNull &&
           (has_default || u.has_location_default);
  }

  void record_variables(const Value& v, const TypeRef& expected, bool has_default) {
    if (v.kind == Value::Kind::kVariable) {
      usages_.push_back(VariableUsage{v.text, expected, has_default, v.location});
      return;
    }
    const TypeRef& inner = expected.kind == TypeRef::Kind::kNonNull ? *expected.of_type : expected;
    if (v.kind == Value::Kind::kList && inner.kind == TypeRef::Kind::kList) {
      for (const auto& item : v.items) record_variables(item, *inner.of_type, false);
    } else if (v.kind == Value::Kind::kObject && inner.kind == TypeRef::Kind::kNamed) {
      const TypeDefinition* def = schema_.type(inner.name);
      if (def == nullptr) return;
      for (const auto& [name, value] : v.fields) {
        if (const InputValueDefinition* f = def->input_field(name)) {
          record_variables(value, f->type, f->default_value.has_value());
        }
      }
    }
  }

  void check_arguments(const std::vector<Argument>& given,
                       const std::vector<InputValueDefinition>& defined, const std::string& owner,
                       const std::string& owner_name, Location at) {
    std::set<std::string> names;
    for (const auto& a : given) {
      if (!names.insert(a.name).second) {
        error(fmt::format("There can be only one argument named \"{}\".", a.name), a.location);
      }
      const auto def = std::find_if(defined.begin(), defined.end(),
                                    [&](const auto& d) { return d.name == a.name; });
      if (def == defined.end()) {
        error(fmt::format("Unknown argument \"{}\" on {}.", a.name, owner), a.location);
        continue;
      }
      if (auto problem = literal_problem(schema_, a.value, def->type)) {
        error(*problem, a.value.location);
      }
      record_variables(a.value, def->type, def->default_value.has_value());
    }
    for (const auto& d : defined) {
      if (d.type.kind == TypeRef::Kind::kNonNull && !d.default_value && !names.contains(d.name)) {
        error(fmt::format("{} argument \"{}\" of type \"{}\" is required, but it was not provided.",
                          owner_name, d.name, d.type.to_string()),
              at);
      }
    }
  }

  void check_directives(const std::vector<Directive>& directives, const char* location) {
    for (const auto& d : directives) {
      const DirectiveDefinition* def = schema_.directive(d.name);
      if (def == nullptr) {
        error(fmt::format("Unknown directive \"@{}\".", d.name), d.location);
        continue;
      }
      if (std::find(def->locations.begin(), def->locations.end(), location) ==
          def->locations.end()) {
        error(fmt::format("Directive \"@{}\" may not be used on {}.", d.name, location),
              d.location);
      }
      check_arguments(d.arguments, def->arguments, fmt::format("directive \"@{}\"", d.name),
                      fmt::format("Directive \"@{}\"", d.name), d.location);
    }
  }

  void check_selection_set(const TypeDefinition& parent, const SelectionSet& set) {
    for (const auto& s : set) {
      switch (s.kind) {
        case Selection::Kind::kField:
          check_field(parent, s);
          break;
        case Selection::Kind::kFragmentSpread: {
          check_directives(s.directives, "FRAGMENT_SPREAD");
          used_fragments_.insert(s.name);
          const FragmentDefinition* f = doc_.fragment(s.name);
          if (f == nullptr) {
            error(fmt::format("Unknown fragment \"{}\".", s.name), s.location);
          } else if (check_spread(parent, f->type_condition, s, "Fragment \"" + s.name + "\"") &&
                     visited_fragments_.insert(s.name).second) {
            check_selection_set(*schema_.type(f->type_condition), f->selection_set);
          }
          break;
        }
        case Selection::Kind::kInlineFragment:
          check_directives(s.directives, "INLINE_FRAGMENT");
          if (s.type_condition.empty()) {
            check_selection_set(parent, s.selection_set);
          } else if (check_spread(parent, s.type_condition, s, "Fragment")) {
            check_selection_set(*schema_.type(s.type_condition), s.selection_set);
          }
          break;
      }
    }
  }

  // Whether a fragment on `condition` applies inside `parent` (object types only: the same type).
  bool check_spread(const TypeDefinition& parent, const std::string& condition, const Selection& s,
                    const std::string& what) {
    const TypeDefinition* on = schema_.type(condition);
    if (on == nullptr) {
      error(fmt::format("Unknown type \"{}\".", condition), s.location);
      return false;
    }
    if (on->is_input()) return false;  // reported with the fragment definition
    if (on->name != parent.name) {
      error(fmt::format("{} cannot be spread here as objects of type \"{}\" can never be of type "
                        "\"{}\".",
                        what, parent.name, condition),
            s.location);
      return false;
    }
    return true;
  }

  void check_field(const TypeDefinition& parent, const Selection& s) {
    check_directives(s.directives, "FIELD");
    if (s.name == "__typename") {
      check_arguments(s.arguments, {}, "field \"__typename\"", "Field \"__typename\"", s.location);
      if (!s.selection_set.empty()) {
        error(
            "Field \"__typename\" must not have a selection since type \"String!\" has no "
            "subfields.",
            s.location);
      }
      return;
    }
    const FieldDefinition* field = schema_.field(parent, s.name);
    if (field == nullptr) {
      error(fmt::format("Cannot query field \"{}\" on type \"{}\".", s.name, parent.name),
            s.location);
      return;
    }
    check_arguments(s.arguments, field->arguments,
                    fmt::format("field \"{}.{}\"", parent.name, s.name),
                    fmt::format("Field \"{}\"", s.name), s.location);
    const TypeDefinition* type = schema_.type(field->type.named_type());
    if (type->is_leaf()) {
      if (!s.selection_set.empty()) {
        error(fmt::format("Field \"{}\" must not have a selection since type \"{}\" has no "
                          "subfields.",
                          s.name, field->type.to_string()),
              s.location);
      }
    } else if (s.selection_set.empty()) {
      error(fmt::format("Field \"{}\" of type \"{}\" must have a selection of subfields. Did you "
                        "mean \"{} {{ ... }}\"?",
                        s.name, field->type.to_string(), s.name),
            s.location);
    } else {
      check_selection_set(*type, s.selection_set);
    }
  }

  // §5.3.2: fields of one response name must be the same field with the same arguments, and
  // their sub-selections must merge too.
  void check_merging(const TypeDefinition& parent, const std::vector<const SelectionSet*>& sets) {
    FieldGroups groups;
    std::set<std::string> seen_fragments;
    for (const SelectionSet* set : sets) collect(*set, groups, seen_fragments);
    for (const auto& [key, fields] : groups) {
      const Selection& first = *fields.front();
      std::vector<const SelectionSet*> children;
      for (const Selection* f : fields) {
        if (f->name != first.name) {
          error(fmt::format("Fields \"{}\" conflict because \"{}\" and \"{}\" are different "
                            "fields. Use different aliases on the fields to fetch both if this "
                            "was intentional.",
                            key, first.name, f->name),
                f->location);
        } else if (arguments_text(*f) != arguments_text(first)) {
          error(fmt::format("Fields \"{}\" conflict because they have differing arguments. Use "
                            "different aliases on the fields to fetch both if this was "
                            "intentional.",
                            key),
                f->location);
        }
        children.push_back(&f->selection_set);
      }
      const FieldDefinition* field = schema_.field(parent, first.name);
      if (field == nullptr) continue;
      const TypeDefinition* type = schema_.type(field->type.named_type());
      if (!type->is_leaf()) check_merging(*type, children);
    }
  }

  void collect(const SelectionSet& set, FieldGroups& groups,
               std::set<std::string>& seen_fragments) {
    for (const auto& s : set) {
      if (s.kind == Selection::Kind::kField) {
        add_to_group(groups, s);
      } else if (s.kind == Selection::Kind::kInlineFragment) {
        collect(s.selection_set, groups, seen_fragments);
      } else if (const FragmentDefinition* f = doc_.fragment(s.name);
                 f != nullptr && seen_fragments.insert(s.name).second) {
        collect(f->selection_set, groups, seen_fragments);
      }
    }
  }

  static std::string arguments_text(const Selection& s) {
    std::vector<std::string> args;
    for (const auto& a : s.arguments) args.push_back(a.name + ":" + literal_text(a.value));
    std::sort(args.begin(), args.end());
    return fmt::format("{}", fmt::join(args, ","));
  }

  const Schema& schema_;
  const Document& doc_;
  std::vector<Error> errors_;
  std::vector<VariableUsage> usages_;
  std::set<std::string> used_fragments_;
  std::set<std::string> visited_fragments_;
  std::set<std::string> acyclic_;
};

}  // namespace

std::vector<Error> validate(const Schema& schema, const Document& document) {
  return Validator(schema, document).run();
}

}  // namespace mobilecs::graphql
