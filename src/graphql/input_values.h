#pragma once

#include <optional>
#include <string>

#include "graphql/document.h"
#include "graphql/schema.h"

namespace mobilecs::graphql {

// Input coercion (GraphQL spec §3.5, §3.10, §6.4.1) for the built-in scalars, the 64-bit
// `Long` scalar (a JSON integer; also accepted as a string of digits, for clients whose
// numbers are doubles), enums, lists and input objects.

// Why `literal` cannot be a value of `type`, or nullopt if it can. Variables are accepted
// (their types are checked separately).
std::optional<std::string> literal_problem(const Schema& schema, const Value& literal,
                                           const TypeRef& type);

// A request variable's JSON value coerced to `type`; throws std::invalid_argument saying why not.
Json coerce_variable_value(const Schema& schema, const Json& value, const TypeRef& type);

// A literal's value, with `variables` substituted; nullopt when it is a variable the request
// left out (the argument is then absent). The literal must have passed literal_problem.
std::optional<Json> literal_value(const Schema& schema, const Value& literal, const TypeRef& type,
                                  const Json& variables);

// A resolver's result for a leaf type in its response form; throws std::invalid_argument.
Json serialize_leaf(const TypeDefinition& type, const Json& result);

// A literal as the client wrote it, for messages: "abc" with quotes, 12, [1, 2], {a: 1}.
std::string literal_text(const Value& literal);

}  // namespace mobilecs::graphql
