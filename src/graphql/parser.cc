#include "graphql/parser.h"

#include <fmt/format.h>

#include <optional>
#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/parse_tree.hpp>

#include "graphql/graphql_error.h"

namespace mobilecs::graphql {
namespace pegtl = tao::pegtl;

// The grammar of GraphQL spec appendix B (executable definitions). Tokens swallow the ignored
// input after them (white space, line ends, commas, comments), so rules read as the spec's.
namespace grammar {
using namespace pegtl;

struct comment : seq<one<'#'>, star<not_one<'\n', '\r'>>> {};
struct ignored : sor<one<' ', '\t', '\n', '\r', ','>, utf8::one<0xFEFF>, comment> {};
struct sep : star<ignored> {};
template <typename Rule>
struct token : seq<Rule, sep> {};
template <char C>
struct punct : token<one<C>> {};

struct name_start : ranges<'a', 'z', 'A', 'Z', '_'> {};
struct name_rest : ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
struct name : seq<name_start, star<name_rest>> {};
template <typename Word>
struct keyword : token<seq<Word, not_at<name_rest>>> {};

// Values.
struct variable : seq<one<'$'>, name> {};
struct integer_part : seq<opt<one<'-'>>, sor<one<'0'>, seq<range<'1', '9'>, star<digit>>>> {};
struct fraction : seq<one<'.'>, plus<digit>> {};
struct exponent : seq<one<'e', 'E'>, opt<one<'+', '-'>>, plus<digit>> {};
struct number_end : not_at<sor<one<'.'>, name_start>> {};
struct float_value : seq<integer_part, sor<seq<fraction, opt<exponent>>, exponent>, number_end> {};
struct int_value : seq<integer_part, number_end> {};
struct escape
    : seq<one<'\\'>,
          sor<one<'"', '\\', '/', 'b', 'f', 'n', 'r', 't'>, seq<one<'u'>, rep<4, xdigit>>>> {};
struct string_char : sor<escape, seq<not_at<one<'"', '\\', '\n', '\r'>>, utf8::any>> {};
struct quoted_string : seq<one<'"'>, star<string_char>, one<'"'>> {};
struct block_quote : string<'"', '"', '"'> {};
struct block_string_char : sor<string<'\\', '"', '"', '"'>, seq<not_at<block_quote>, utf8::any>> {};
struct block_string : seq<block_quote, star<block_string_char>, block_quote> {};
struct string_value : sor<block_string, quoted_string> {};
struct true_word : string<'t', 'r', 'u', 'e'> {};
struct false_word : string<'f', 'a', 'l', 's', 'e'> {};
struct null_word : string<'n', 'u', 'l', 'l'> {};
struct boolean_value : seq<sor<true_word, false_word>, not_at<name_rest>> {};
struct null_value : seq<null_word, not_at<name_rest>> {};
struct enum_value : name {};
struct value;
struct list_close : punct<']'> {};
struct list_value : seq<punct<'['>, must<star<value>, list_close>> {};
struct object_close : punct<'}'> {};
struct colon : punct<':'> {};
struct object_field : seq<token<name>, must<colon, value>> {};
struct object_value : seq<punct<'{'>, must<star<object_field>, object_close>> {};
struct value : token<sor<variable, float_value, int_value, string_value, boolean_value, null_value,
                         enum_value, list_value, object_value>> {};

// Types.
struct named_type : token<name> {};
struct type;
struct list_type : seq<punct<'['>, must<type, list_close>> {};
struct non_null : punct<'!'> {};
struct type : seq<sor<list_type, named_type>, opt<non_null>> {};

// Arguments and directives.
struct argument : seq<token<name>, must<colon, value>> {};
struct arguments_close : punct<')'> {};
struct arguments : seq<punct<'('>, must<plus<argument>, arguments_close>> {};
struct directive : seq<punct<'@'>, must<token<name>>, opt<arguments>> {};
struct directives : plus<directive> {};

// Selections.
struct selection_set;
struct alias : seq<token<name>, colon> {};
struct field : seq<opt<alias>, token<name>, opt<arguments>, opt<directives>, opt<selection_set>> {};
struct on_word : string<'o', 'n'> {};
struct fragment_name : token<seq<not_at<on_word, not_at<name_rest>>, name>> {};
struct type_condition : seq<keyword<on_word>, must<named_type>> {};
struct ellipsis : token<string<'.', '.', '.'>> {};
struct fragment_spread : seq<ellipsis, fragment_name, opt<directives>> {};
struct inline_fragment : seq<ellipsis, opt<type_condition>, opt<directives>, selection_set> {};
struct selection : sor<fragment_spread, inline_fragment, field> {};
struct selection_close : punct<'}'> {};
struct selection_set : seq<punct<'{'>, must<plus<selection>, selection_close>> {};

// Definitions.
struct default_value : seq<punct<'='>, must<value>> {};
struct variable_definition
    : seq<token<variable>, must<colon, type>, opt<default_value>, opt<directives>> {};
struct variable_definitions_close : punct<')'> {};
struct variable_definitions
    : seq<punct<'('>, must<plus<variable_definition>, variable_definitions_close>> {};
struct query_word : string<'q', 'u', 'e', 'r', 'y'> {};
struct mutation_word : string<'m', 'u', 't', 'a', 't', 'i', 'o', 'n'> {};
struct subscription_word : string<'s', 'u', 'b', 's', 'c', 'r', 'i', 'p', 't', 'i', 'o', 'n'> {};
struct operation_type : seq<sor<query_word, mutation_word, subscription_word>, not_at<name_rest>> {
};
struct operation_name : token<name> {};
struct operation_definition
    : sor<selection_set, seq<token<operation_type>, opt<operation_name>, opt<variable_definitions>,
                             opt<directives>, must<selection_set>>> {};
struct fragment_word : string<'f', 'r', 'a', 'g', 'm', 'e', 'n', 't'> {};
struct fragment_definition : seq<keyword<fragment_word>, must<fragment_name, type_condition>,
                                 opt<directives>, must<selection_set>> {};
struct definition : sor<operation_definition, fragment_definition> {};
struct document : seq<sep, must<plus<definition>, eof>> {};

// Messages for the places where the input must continue in one way.
template <typename Rule>
inline constexpr const char* expected = "unexpected input";
template <>
inline constexpr const char* expected<list_close> = "Expected a value or ']'";
template <>
inline constexpr const char* expected<object_close> = "Expected a field name or '}'";
template <>
inline constexpr const char* expected<colon> = "Expected ':'";
template <>
inline constexpr const char* expected<value> = "Expected a value";
template <>
inline constexpr const char* expected<type> = "Expected a type";
template <>
inline constexpr const char* expected<named_type> = "Expected a type name";
template <>
inline constexpr const char* expected<token<name>> = "Expected a name";
template <>
inline constexpr const char* expected<plus<argument>> = "Expected an argument name";
template <>
inline constexpr const char* expected<arguments_close> = "Expected an argument or ')'";
template <>
inline constexpr const char* expected<plus<selection>> =
    "Expected a field, a fragment spread or an inline fragment";
template <>
inline constexpr const char* expected<selection_close> = "Expected a field, a fragment or '}'";
template <>
inline constexpr const char* expected<selection_set> = "Expected '{'";
template <>
inline constexpr const char* expected<plus<variable_definition>> = "Expected a variable definition";
template <>
inline constexpr const char* expected<variable_definitions_close> =
    "Expected a variable definition or ')'";
template <>
inline constexpr const char* expected<fragment_name> = "Expected a fragment name (not 'on')";
template <>
inline constexpr const char* expected<type_condition> = "Expected 'on'";
template <>
inline constexpr const char* expected<plus<definition>> =
    "Expected a query, mutation, subscription, fragment or '{'";
template <>
inline constexpr const char* expected<eof> =
    "Expected a query, mutation, subscription, fragment or '{'";

template <typename Rule>
struct control : normal<Rule> {
  template <typename Input, typename... States>
  [[noreturn]] static void raise(const Input& in, States&&...) {
    throw parse_error(expected<Rule>, in);
  }
};

// The nodes the syntax tree keeps; everything else (punctuation, white space) is dropped.
template <typename Rule>
using selector = parse_tree::selector<
    Rule, parse_tree::store_content::on<
              name, variable, int_value, float_value, quoted_string, block_string, boolean_value,
              null_value, enum_value, non_null, operation_type, operation_name, fragment_name,
              list_value, object_value, object_field, named_type, list_type, type, argument,
              arguments, directive, directives, alias, field, fragment_spread, inline_fragment,
              type_condition, selection_set, default_value, variable_definition,
              variable_definitions, operation_definition, fragment_definition>>;

}  // namespace grammar

namespace {

using Node = pegtl::parse_tree::node;

Location location_of(const Node& node) {
  const auto p = node.begin();
  return Location{p.line, p.column};
}

// The first child of the given rule, or nullptr.
template <typename Rule>
const Node* child(const Node& node) {
  for (const auto& c : node.children) {
    if (c->is_type<Rule>()) return c.get();
  }
  return nullptr;
}

std::string token_text(const Node& node) {
  // Token nodes hold the name plus the ignored input after it.
  const auto text = node.string_view();
  std::size_t end = 0;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                               text[end] == '_' || text[end] == '$')) {
    ++end;
  }
  return std::string(text.substr(0, end));
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | cp >> 6);
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | cp >> 12);
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | cp >> 18);
    out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string unescape_quoted(std::string_view raw, Location at) {
  std::string out;
  const std::string_view body = raw.substr(1, raw.size() - 2);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      out += body[i];
      continue;
    }
    const char c = body[++i];
    switch (c) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        std::uint32_t cp = std::stoul(std::string(body.substr(i + 1, 4)), nullptr, 16);
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && body.substr(i + 1, 2) == "\\u") {
          const std::uint32_t low = std::stoul(std::string(body.substr(i + 3, 4)), nullptr, 16);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
          throw RequestError(
              {Error{"Syntax Error: Invalid Unicode escape sequence", {at}, nullptr, nullptr}});
        }
        append_utf8(out, cp);
        break;
      }
      default:
        out += c;  // " \ /
    }
  }
  return out;
}

// The spec's BlockStringValue: common indentation and blank first/last lines removed.
std::string block_string_value(std::string_view raw) {
  std::string text(raw.substr(3, raw.size() - 6));
  for (std::size_t p; (p = text.find("\\\"\"\"")) != std::string::npos;) text.erase(p, 1);
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n' || text[i] == '\r') {
      lines.push_back(text.substr(start, i - start));
      if (i < text.size() && text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  std::size_t common = std::string::npos;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t indent = lines[i].find_first_not_of(" \t");
    if (indent != std::string::npos) common = std::min(common, indent);
  }
  if (common != std::string::npos) {
    for (std::size_t i = 1; i < lines.size(); ++i)
      lines[i].erase(0, std::min(common, lines[i].size()));
  }
  const auto blank = [](const std::string& l) {
    return l.find_first_not_of(" \t") == std::string::npos;
  };
  while (!lines.empty() && blank(lines.front())) lines.erase(lines.begin());
  while (!lines.empty() && blank(lines.back())) lines.pop_back();
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    out += lines[i];
  }
  return out;
}

Value to_value(const Node& node) {
  Value v;
  v.location = location_of(node);
  if (node.is_type<grammar::variable>()) {
    v.kind = Value::Kind::kVariable;
    v.text = std::string(node.string_view().substr(1));
  } else if (node.is_type<grammar::int_value>()) {
    v.kind = Value::Kind::kInt;
    v.text = node.string();
  } else if (node.is_type<grammar::float_value>()) {
    v.kind = Value::Kind::kFloat;
    v.text = node.string();
  } else if (node.is_type<grammar::quoted_string>()) {
    v.kind = Value::Kind::kString;
    v.text = unescape_quoted(node.string_view(), v.location);
  } else if (node.is_type<grammar::block_string>()) {
    v.kind = Value::Kind::kString;
    v.text = block_string_value(node.string_view());
  } else if (node.is_type<grammar::boolean_value>()) {
    v.kind = Value::Kind::kBoolean;
    v.text = node.string();
  } else if (node.is_type<grammar::null_value>()) {
    v.kind = Value::Kind::kNull;
  } else if (node.is_type<grammar::enum_value>()) {
    v.kind = Value::Kind::kEnum;
    v.text = node.string();
  } else if (node.is_type<grammar::list_value>()) {
    v.kind = Value::Kind::kList;
    for (const auto& c : node.children) v.items.push_back(to_value(*c));
  } else {  // object_value
    v.kind = Value::Kind::kObject;
    for (const auto& f : node.children) {
      v.fields.emplace_back(f->children.at(0)->string(), to_value(*f->children.at(1)));
    }
  }
  return v;
}

TypeRef to_type(const Node& node) {  // a `type` node
  const Node& inner = *node.children.at(0);
  TypeRef t = inner.is_type<grammar::list_type>() ? TypeRef::list_of(to_type(*inner.children.at(0)))
                                                  : TypeRef::named(token_text(inner));
  return child<grammar::non_null>(node) != nullptr ? TypeRef::non_null(std::move(t)) : t;
}

std::vector<Argument> to_arguments(const Node* node) {
  std::vector<Argument> out;
  if (node == nullptr) return out;
  for (const auto& a : node->children) {
    out.push_back(
        Argument{a->children.at(0)->string(), to_value(*a->children.at(1)), location_of(*a)});
  }
  return out;
}

std::vector<Directive> to_directives(const Node* node) {
  std::vector<Directive> out;
  if (node == nullptr) return out;
  for (const auto& d : node->children) {
    out.push_back(Directive{d->children.at(0)->string(),
                            to_arguments(child<grammar::arguments>(*d)), location_of(*d)});
  }
  return out;
}

SelectionSet to_selection_set(const Node* node);

Selection to_selection(const Node& node) {
  Selection s;
  s.location = location_of(node);
  s.directives = to_directives(child<grammar::directives>(node));
  if (node.is_type<grammar::field>()) {
    s.kind = Selection::Kind::kField;
    if (const Node* alias = child<grammar::alias>(node)) {
      s.alias = alias->children.at(0)->string();
    }
    s.name = child<grammar::name>(node)->string();
    s.arguments = to_arguments(child<grammar::arguments>(node));
  } else if (node.is_type<grammar::fragment_spread>()) {
    s.kind = Selection::Kind::kFragmentSpread;
    s.name = token_text(*child<grammar::fragment_name>(node));
  } else {
    s.kind = Selection::Kind::kInlineFragment;
    if (const Node* condition = child<grammar::type_condition>(node)) {
      s.type_condition = token_text(*condition->children.at(0));
    }
  }
  s.selection_set = to_selection_set(child<grammar::selection_set>(node));
  return s;
}

SelectionSet to_selection_set(const Node* node) {
  SelectionSet out;
  if (node == nullptr) return out;
  for (const auto& c : node->children) out.push_back(to_selection(*c));
  return out;
}

OperationDefinition to_operation(const Node& node) {
  OperationDefinition op;
  op.location = location_of(node);
  if (const Node* type = child<grammar::operation_type>(node)) op.operation = type->string();
  if (const Node* name = child<grammar::operation_name>(node)) op.name = token_text(*name);
  if (const Node* vars = child<grammar::variable_definitions>(node)) {
    for (const auto& d : vars->children) {
      VariableDefinition def;
      def.location = location_of(*d);
      def.name = std::string(d->children.at(0)->string_view().substr(1));
      def.type = to_type(*child<grammar::type>(*d));
      if (const Node* dv = child<grammar::default_value>(*d)) {
        def.default_value = to_value(*dv->children.at(0));
      }
      op.variables.push_back(std::move(def));
    }
  }
  op.directives = to_directives(child<grammar::directives>(node));
  op.selection_set = to_selection_set(child<grammar::selection_set>(node));
  return op;
}

FragmentDefinition to_fragment(const Node& node) {
  FragmentDefinition f;
  f.location = location_of(node);
  f.name = token_text(*child<grammar::fragment_name>(node));
  f.type_condition = token_text(*child<grammar::type_condition>(node)->children.at(0));
  f.directives = to_directives(child<grammar::directives>(node));
  f.selection_set = to_selection_set(child<grammar::selection_set>(node));
  return f;
}

// The deepest nesting of {, [ and ( outside strings and comments, with where it first went over
// `limit`. The grammar recurses per level, so deeper input is refused before it can exhaust a
// request thread's stack.
std::optional<std::size_t> too_deep_at(std::string_view source, int limit) {
  int depth = 0;
  for (std::size_t i = 0; i < source.size(); ++i) {
    const char c = source[i];
    if (c == '#') {
      while (i < source.size() && source[i] != '\n' && source[i] != '\r') ++i;
    } else if (source.substr(i, 3) == "\"\"\"") {
      for (i += 3; i < source.size() && source.substr(i, 3) != "\"\"\""; ++i) {
        if (source.substr(i, 4) == "\\\"\"\"") i += 3;
      }
      i += 2;
    } else if (c == '"') {
      for (++i; i < source.size() && source[i] != '"' && source[i] != '\n'; ++i) {
        if (source[i] == '\\') ++i;
      }
    } else if (c == '{' || c == '[' || c == '(') {
      if (++depth > limit) return i;
    } else if (c == '}' || c == ']' || c == ')') {
      --depth;
    }
  }
  return std::nullopt;
}

constexpr int kMaxNesting = 64;

}  // namespace

Document parse_document(std::string_view source) {
  if (const auto at = too_deep_at(source, kMaxNesting)) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < *at; ++i) {
      if (source[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw RequestError(
        {Error{fmt::format("Syntax Error: nested more than {} levels deep.", kMaxNesting),
               {Location{line, column}},
               nullptr,
               nullptr}});
  }
  pegtl::memory_input in(source.data(), source.size(), "query");
  std::unique_ptr<Node> root;
  try {
    root = pegtl::parse_tree::parse<grammar::document, grammar::selector, pegtl::nothing,
                                    grammar::control>(in);
  } catch (const pegtl::parse_error& e) {
    const auto& p = e.positions().front();
    std::string found = "end of input";
    if (p.byte < source.size()) {
      const unsigned char c = static_cast<unsigned char>(source[p.byte]);
      found = c >= 0x20 && c < 0x7F ? fmt::format("'{}'", static_cast<char>(c))
                                    : fmt::format("byte 0x{:02X}", c);
    }
    throw RequestError({Error{fmt::format("Syntax Error: {}, found {}.", e.message(), found),
                              {Location{p.line, p.column}},
                              nullptr,
                              nullptr}});
  }
  Document doc;
  for (const auto& c : root->children) {
    if (c->is_type<grammar::fragment_definition>()) {
      doc.fragments.push_back(to_fragment(*c));
    } else {
      doc.operations.push_back(to_operation(*c));
    }
  }
  return doc;
}

}  // namespace mobilecs::graphql
