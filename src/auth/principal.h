#pragma once

#include <string>

#include "auth/scope.h"

namespace mobilecs::auth {

// Who made a request, as its credential says.
struct Principal {
  enum class Kind { kJwt, kApiToken, kAnonymous };
  Kind kind = Kind::kAnonymous;
  std::string subject;  // the JWT's `sub`, the API token's name, or "anonymous"
  Scopes scopes;

  // "jwt", "api-token" or "anonymous", as the audit trail and the access log name it.
  const char* kind_name() const {
    switch (kind) {
      case Kind::kJwt:
        return "jwt";
      case Kind::kApiToken:
        return "api-token";
      case Kind::kAnonymous:
        return "anonymous";
    }
    return "?";
  }
};

}  // namespace mobilecs::auth
