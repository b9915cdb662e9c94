#pragma once

#include <utility>

#include "api/api_error.h"
#include "api/data_record_json.h"
#include "graphql/schema.h"

namespace mobilecs::api {

// What the API's GraphQL schema files share: fields and arguments by their type's text, the
// period arguments, and a service call whose ApiError becomes a field error with a code.

inline graphql::FieldDefinition field(const char* name, const char* type, const char* description) {
  return graphql::FieldDefinition{name, graphql::TypeRef::parse(type), description, {}, {}};
}

inline graphql::InputValueDefinition input(const char* name, const char* type,
                                           const char* description) {
  return graphql::InputValueDefinition{name, graphql::TypeRef::parse(type), description,
                                       std::nullopt};
}

inline const char* graphql_code_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput:
      return "BAD_USER_INPUT";
    case ErrorKind::kNotFound:
      return "NOT_FOUND";
    case ErrorKind::kUnavailable:
      return "UNAVAILABLE";
  }
  return "INTERNAL";
}

// Runs a service call, reporting its ApiError as a GraphQL field error.
template <typename F>
graphql::Json calling_service(F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (const ApiError& e) {
    throw graphql::FieldError(e.what(), graphql_code_of(e.kind()));
  }
}

// The `agreementId`, `year` and `month` arguments of a field about one billing period.
inline PeriodQuery period_of(const graphql::Json& args) {
  return period_query(args["agreementId"].get<std::string>(), args["year"].get<long long>(),
                      args["month"].get<long long>());
}

}  // namespace mobilecs::api
