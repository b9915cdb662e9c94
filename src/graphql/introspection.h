#pragma once

#include "graphql/schema.h"

namespace mobilecs::graphql {

// Adds the introspection types of GraphQL spec §4.5 (__Schema, __Type, __Field, __InputValue,
// __EnumValue, __Directive, __TypeKind, __DirectiveLocation) to `schema`; their resolvers read
// the schema itself. Includes the fields newer tools ask for (specifiedByURL, isRepeatable,
// isOneOf, input value deprecation), so GraphiQL's introspection query works as is.
void add_introspection_types(Schema& schema);

// The meta-fields of the query root: `__schema: __Schema!` and `__type(name: String!): __Type`.
FieldDefinition make_schema_meta_field(const Schema& schema);
FieldDefinition make_type_meta_field(const Schema& schema);

// A value as a GraphQL literal (for defaultValue): true, 3, "text", [1, 2], {a: 1}.
std::string graphql_literal(const Json& value);

}  // namespace mobilecs::graphql
