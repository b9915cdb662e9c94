#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "graphql/document.h"

namespace mobilecs::graphql {

using Json = nlohmann::ordered_json;

// One entry of a response's "errors" list (GraphQL spec §7.1.2).
struct Error {
  std::string message;
  std::vector<Location> locations;
  Json path;        // null when the error is not about a field
  Json extensions;  // null or an object, e.g. {"code":"BAD_USER_INPUT"}

  Json to_json() const;
};

// A request that cannot be executed at all: a syntax error, a document that does not validate
// against the schema, or bad variables. The response then has "errors" and no "data".
class RequestError : public std::runtime_error {
 public:
  explicit RequestError(std::vector<Error> errors)
      : std::runtime_error(errors.empty() ? "invalid request" : errors.front().message),
        errors_(std::move(errors)) {}
  const std::vector<Error>& errors() const { return errors_; }

 private:
  std::vector<Error> errors_;
};

}  // namespace mobilecs::graphql
