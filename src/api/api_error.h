#pragma once

#include <stdexcept>
#include <string>

namespace mobilecs::api {

// Why a request was refused. Each front end maps it: REST to a 4xx/503 status, GraphQL to an
// error entry with `extensions.code`.
enum class ErrorKind { kInvalidInput, kNotFound, kUnavailable };

class ApiError : public std::runtime_error {
 public:
  ApiError(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

inline ApiError invalid_input(const std::string& message) {
  return ApiError(ErrorKind::kInvalidInput, message);
}

}  // namespace mobilecs::api
